#!/usr/bin/env bash
# The project's test command (README's second command).
# Installs the real consumers the tests check outputs with (dart-sass, TypeScript) and the
# public DTCG example design systems, all pinned in tools/package.json, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "scripts/test.sh: npm is required to install the test tools (sass, tsc); install Node.js first" >&2
  exit 2
fi
(cd tools && npm install --no-audit --no-fund --loglevel=error)
for tool in sass tsc; do
  if [ ! -x "tools/node_modules/.bin/$tool" ]; then
    echo "scripts/test.sh: tools/node_modules/.bin/$tool is missing after npm install" >&2
    exit 2
  fi
done
cargo test --locked "$@"
