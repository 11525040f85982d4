#!/usr/bin/env python3
"""Turns one `wrk --latency` report into a table row for benches/load.sh.

Usage: wrk_row.py NAME WRK_OUTPUT_FILE
Row: name, requests/s, p50, p99, errors (non-2xx/3xx responses + socket errors), requests.
"""
import re
import sys


def main():
    name, path = sys.argv[1], sys.argv[2]
    text = open(path).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = int(non2xx.group(1)) if non2xx else 0
    if sock:
        errors += sum(int(g) for g in sock.groups())
    get = lambda m: m.group(1) if m else "?"
    print(f"{name:<11} {get(rps):>12} {get(p50):>10} {get(p99):>10} {errors:>10} {get(total):>8}")


if __name__ == "__main__":
    main()
