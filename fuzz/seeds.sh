#!/usr/bin/env bash
# Regenerates the seed corpus in seeds/<target>/ from the crate's test fixtures and
# examples. Run from anywhere; needs bash and coreutils only.
set -euo pipefail
cd "$(dirname "$0")"
root=..
rm -rf seeds && mkdir -p seeds/{dtcg_parse,resolve,tokencraft_import,resolver_doc,emit,api_handle}

# DTCG documents: the parse and resolve targets read the bytes as one document.
for f in "$root"/tests/fixtures/dtcg/*.json "$root"/examples/acme/*.tokens.json \
         "$root"/tests/fixtures/resolver/basic/*.tokens.json; do
  n=$(basename "$(dirname "$f")")-$(basename "$f")
  cp "$f" "seeds/dtcg_parse/$n"
  cp "$f" "seeds/resolve/$n"
done

# Tokencraft import: first byte even = export JSON, odd = API rows.
for f in "$root"/tests/fixtures/tokencraft/*.export.json; do
  { printf '\x00'; cat "$f"; } > "seeds/tokencraft_import/$(basename "$f")"
done
for f in "$root"/tests/fixtures/tokencraft/*.rows.json; do
  { printf '\x01'; cat "$f"; } > "seeds/tokencraft_import/$(basename "$f")"
done

# Resolver documents: NUL-separated parts, each "file name\ntext"; the resolver first.
for d in "$root"/tests/fixtures/resolver/*/ "$root"/examples/acme/; do
  name=$(basename "$d")
  [ "$name" = snapshots ] && continue
  resolver=$(ls "$d"*.resolver.json | head -n1)
  out="seeds/resolver_doc/$name"
  { printf '%s\n' "$(basename "$resolver")"; cat "$resolver"; } > "$out"
  for f in "$d"*.json; do
    [ "$f" = "$resolver" ] && continue
    case "$f" in *case.json) continue ;; esac
    { printf '\x00%s\n' "$(basename "$f")"; cat "$f"; } >> "$out"
  done
done

# Structured targets (emit, api_handle) read their input through `arbitrary`: a few
# fixed byte patterns get the fuzzer going.
for t in emit api_handle; do
  printf 'seed' > "seeds/$t/short"
  head -c 512 /dev/zero | tr '\0' '\001' > "seeds/$t/ones"
  seq 0 255 | awk '{ printf "%c", $1 }' > "seeds/$t/ramp"
done
