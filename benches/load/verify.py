#!/usr/bin/env python3
"""Checks that every write acknowledged during the wrk write mix is in the store.

Usage: verify.py BASE_URL API_TOKEN TOKENS_PATH ACK_DIR

Reads ACK_DIR/acked-*.txt (lines `P <name>` for a 201 POST, `U <id> <description>` for
a 200 PATCH, written by writes.lua), lists the mode's tokens once through the API and
reports every acknowledged write that is missing. Exit status 1 if any is missing.
"""
import glob
import http.client
import json
import sys
import urllib.parse


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    base, token, path, ack_dir = sys.argv[1:]
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    resp = conn.getresponse()
    body = resp.read()
    if resp.status != 200:
        sys.exit(f"verify.py: GET {path} -> {resp.status}: {body[:300]!r}")
    tokens = json.loads(body)["tokens"]
    names = {t["name"] for t in tokens}
    by_id = {t["id"]: t for t in tokens}
    posts = patches = 0
    missing = []
    for file in sorted(glob.glob(ack_dir + "/acked-*.txt")):
        with open(file) as f:
            for line in f:
                parts = line.split()
                if not parts:
                    continue
                if parts[0] == "P" and len(parts) == 2:
                    posts += 1
                    if parts[1] not in names:
                        missing.append(f"created token {parts[1]} (acknowledged 201) is missing")
                elif parts[0] == "U" and len(parts) == 3:
                    patches += 1
                    got = by_id.get(parts[1], {}).get("description")
                    if got != parts[2]:
                        missing.append(f"token {parts[1]}: acknowledged description {parts[2]!r}, store has {got!r}")
                else:
                    missing.append(f"{file}: unreadable acknowledgement line {line.strip()!r}")
    print(f"verify: {posts} acknowledged creates and {patches} acknowledged updates checked "
          f"against {len(tokens)} tokens after restart: {len(missing)} missing")
    for m in missing[:20]:
        print("  " + m)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
