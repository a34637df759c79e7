#!/usr/bin/env bash
# `make clients`: exports the gateway's OpenAPI document to clients/openapi.json, then generates
# the Python client (clients/python, openapi-python-client) and the TypeScript one
# (clients/typescript/src, @hey-api/openapi-ts) from it. Same routes, same bytes.
# `clients/generate.sh DIR` writes the same files under DIR instead (the test that checks the
# committed clients are current compares the two).
set -euo pipefail
. "$(dirname "$0")/install_tools.sh"
HERE="$ROOT/clients"
OUT="$(realpath -m "${1:-$HERE}")"

mkdir -p "$OUT"
"$VENV/bin/python" "$HERE/export_openapi.py" > "$OUT/openapi.json.partial"
mv "$OUT/openapi.json.partial" "$OUT/openapi.json"

rm -rf "$OUT/python"
PATH="$PYGEN/bin:$PATH" openapi-python-client generate --path "$OUT/openapi.json" \
  --config "$HERE/openapi-python-client.yaml" --meta pdm --output-path "$OUT/python" \
  --fail-on-warning

# openapi-ts.config.mjs holds the settings; -i and -o only point it elsewhere for DIR.
(cd "$HERE/typescript" && node_modules/.bin/openapi-ts --silent \
  -i "$OUT/openapi.json" -o "$OUT/typescript/src")
