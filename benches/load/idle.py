#!/usr/bin/env python3
"""Opens N idle keep-alive connections, then shows new requests are still served.

Usage: idle.py HOST PORT PATH API_TOKEN [N] [PROBES]

Each of the N connections sends one GET and reads its response, then stays open and
silent (idle keep-alive: the server holds it in its poller, no thread). While they are
held, PROBES requests are made one at a time on fresh connections, and their latency
(connect + request + response) is printed as p50 / p99 / max. Finally every idle
connection sends one more request, to show they were kept rather than dropped.
"""
import socket
import sys
import time


def request_bytes(host, path, token):
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n").encode()


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the whole body")
        rest += chunk
    return status


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    host, port, path, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    probes = int(sys.argv[6]) if len(sys.argv) > 6 else 200
    req = request_bytes(host, path, token)
    idle = []
    for _ in range(n):
        s = socket.create_connection((host, port))
        s.sendall(req)
        if read_response(s) != 200:
            sys.exit("idle.py: a warm-up request was refused")
        idle.append(s)
    print(f"idle: {len(idle)} keep-alive connections open and idle")
    latencies, failures = [], 0
    for _ in range(probes):
        t = time.perf_counter()
        try:
            with socket.create_connection((host, port), timeout=5) as s:
                s.sendall(req)
                ok = read_response(s) == 200
        except OSError:
            ok = False
        latencies.append((time.perf_counter() - t) * 1000)
        failures += 0 if ok else 1
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(f"idle: {probes} probes on new connections while {n} are idle: "
          f"p50 {pick(0.5):.2f} ms, p99 {pick(0.99):.2f} ms, max {latencies[-1]:.2f} ms, {failures} failed")
    still = 0
    for s in idle:
        try:
            s.sendall(req)
            still += read_response(s) == 200
        except OSError:
            pass
        s.close()
    print(f"idle: {still} of {n} idle connections still served a request afterwards")
    sys.exit(1 if failures or still != n else 0)


if __name__ == "__main__":
    main()
