#!/usr/bin/env bash
# The client generators, pinned, each installed once per version set and silent after that:
# openapi-python-client in a venv of its own (it needs an older typer than the project;
# clients/openapi-python-client.txt), and @hey-api/openapi-ts with TypeScript by npm ci into
# clients/typescript/node_modules (clients/typescript/package-lock.json).
# clients/generate.sh sources it (for PYGEN, that venv); the e2e test that compiles the
# TypeScript client runs it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"

PYGEN="$STATE/clients/venv-$(sha256sum "$ROOT/clients/openapi-python-client.txt" | cut -c1-16)"
if [ ! -f "$PYGEN/.installed" ]; then
  log "installing openapi-python-client into $PYGEN"
  rm -rf "$STATE"/clients/venv-*
  python3.11 -m venv "$PYGEN" 2>/dev/null || python3 -m venv "$PYGEN"
  "$PYGEN/bin/pip" install -q --disable-pip-version-check -r "$ROOT/clients/openapi-python-client.txt"
  touch "$PYGEN/.installed"
fi

command -v npm >/dev/null || die "npm is missing: the TypeScript client needs Node.js 20.19 or later"
npm_stamp="$ROOT/clients/typescript/node_modules/.installed-$(sha256sum "$ROOT/clients/typescript/package-lock.json" | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  log "installing @hey-api/openapi-ts and TypeScript with npm ci"
  (cd "$ROOT/clients/typescript" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$npm_stamp"
fi
