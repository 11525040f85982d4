#!/usr/bin/env python3
"""Seeds a tokenset of N tokens through the Tokencraft REST API (for benches/load.sh).

Usage: seed.py BASE_URL API_TOKEN WORKSPACE_ID [COUNT]

Creates one tokenset, then COUNT tokens in its default mode with POST
/tokensets/{id}/modes/{modeId}/tokens, over 4 keep-alive connections (the API has no bulk
route, so "batches" are 4 concurrent streams of single POSTs). Every 10th token is an
alias, so exports exercise resolution too. Prints `TOKENSET MODE FIRST_TOKEN_ID` on
stdout; exits 1 with the failing request on stderr if any POST is refused.
"""
import http.client
import json
import sys
import threading
import urllib.parse


def client(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def call(conn, token, method, path, body=None):
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, "/api/v1" + path, body=data, headers=headers)
    resp = conn.getresponse()
    text = resp.read()
    if resp.status >= 300:
        raise RuntimeError(f"{method} {path} -> {resp.status}: {text[:300]!r}")
    return json.loads(text) if text else None


def token_body(i):
    group = i // 100
    if i % 10 == 9:
        # The target is a colour created earlier in the same block of 10.
        target = i - 1 if (i - 1) % 3 else i - 2
        return {"name": f"alias.g{group}.t{i}", "type": "color", "alias_to": f"color.g{group}.t{target}"}
    if i % 3 == 0:
        return {"name": f"size.g{group}.t{i}", "type": "dimension", "value": f"{i % 97}px"}
    return {"name": f"color.g{group}.t{i}", "type": "color",
            "value": "#%02x%02x%02x" % (i % 256, (i * 7) % 256, (i * 13) % 256)}


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    base, token, workspace = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
    conn = client(base)
    ts = call(conn, token, "POST", f"/workspaces/{workspace}/tokensets", {"name": f"Load {count}"})["id"]
    mode = call(conn, token, "GET", f"/tokensets/{ts}/modes")["modes"][0]["id"]
    path = f"/tokensets/{ts}/modes/{mode}/tokens"
    # Aliases point at the previous index, so create in 10-token blocks, in order per block.
    blocks = list(range(0, count, 10))
    errors, first = [], {}
    lock = threading.Lock()

    def run(worker):
        c = client(base)
        try:
            for start in blocks[worker::4]:
                for i in range(start, min(start + 10, count)):
                    made = call(c, token, "POST", path, token_body(i))
                    if i == 0:
                        first["id"] = made["id"]
        except Exception as e:  # report the first failure, stop this stream
            with lock:
                errors.append(str(e))

    threads = [threading.Thread(target=run, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit("seed.py: " + errors[0])
    total = call(conn, token, "GET", f"/tokensets/{ts}/modes/{mode}/tokens")["total"]
    if total != count:
        sys.exit(f"seed.py: expected {count} tokens, the mode lists {total}")
    print(ts, mode, first.get("id", ""))


if __name__ == "__main__":
    main()
