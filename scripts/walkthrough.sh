#!/usr/bin/env bash
# The session + organization walkthrough from README.md, against a running
# `tokencraft serve --seed examples/seed.json` (alice owns the organization org-acme and
# logs in with alice-dev-password). Usage: scripts/walkthrough.sh [BASE_URL]
# Needs curl and python3. tests/walkthrough.rs runs it against the real binary.
set -euo pipefail
B=${1:-http://127.0.0.1:8787}
J='Content-Type: application/json'
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
get() { python3 -c 'import sys, json; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
first() { python3 -c 'import sys, json; print(json.load(sys.stdin)[sys.argv[1]][0]["id"])' "$1"; }

# Log in: the session cookie goes to the jar.
curl -sf -c "$JAR" -H "$J" -d '{"email":"alice@example.com","password":"alice-dev-password"}' "$B/api/auth/login" >/dev/null

# An API token for /api/v1 (cookies are not accepted there), and a workspace in the organization.
TOKEN=$(curl -sf -b "$JAR" -H "$J" -d '{"name":"walkthrough"}' "$B/api/tokens" | get token)
WS=$(curl -sf -b "$JAR" -H "$J" -d '{"name":"Brand","include_in_organization":true}' "$B/api/workspaces" | get id)

# A tokenset with one token, through /api/v1.
A="Authorization: Bearer $TOKEN"
TS=$(curl -sf -H "$A" -H "$J" -d '{"name":"Core"}' "$B/api/v1/workspaces/$WS/tokensets" | get id)
MODE=$(curl -sf -H "$A" "$B/api/v1/tokensets/$TS/modes" | first modes)
curl -sf -H "$A" -H "$J" -d '{"name":"color.primary","type":"color","value":"#3366ff"}' \
  "$B/api/v1/tokensets/$TS/modes/$MODE/tokens" >/dev/null

# A Staging environment; publish a release of it; merge it into Production.
ENV=$(curl -sf -b "$JAR" -H "$J" -d '{"name":"Staging"}' "$B/api/organizations/org-acme/environments" | get id)
curl -sf -b "$JAR" -X POST "$B/api/organizations/org-acme/environments/$ENV/releases" >/dev/null
curl -sf -b "$JAR" -X POST "$B/api/organizations/org-acme/environments/$ENV/merge" >/dev/null

# Export Production's active release as CSS.
PROD=$(curl -sf -b "$JAR" "$B/api/organizations/org-acme/environments" | first environments)
curl -sf -b "$JAR" "$B/api/organizations/org-acme/environments/$PROD/export?format=css&tokenset=Core"

# Log out: the session ends; the cookie no longer works.
curl -sf -b "$JAR" -c "$JAR" -X POST "$B/api/auth/logout" >/dev/null
test "$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$B/api/organizations")" = 401
