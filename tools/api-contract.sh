#!/usr/bin/env bash
# The API against its own OpenAPI document, with schemathesis: no server error, and every status,
# content type and body as documented — for an anonymous caller, a small partner's delegation
# lead (Malta) and a staff officer, over every operation (writes included, on a throwaway demo;
# the caller's own password and tokens are left alone). Starts the demo on a local port; needs
# python3 with venv (schemathesis is installed once into target/contract-venv).
#
#   tools/api-contract.sh                 # 10 examples per operation and caller
#   EXAMPLES=50 tools/api-contract.sh     # more
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18790}
EXAMPLES=${EXAMPLES:-10}
VENV=target/contract-venv
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'schemathesis>=4.32,<5'
fi
DIR=$(mktemp -d)
LOG="$DIR/demo.log"
ENTENTE_PORT=$PORT cargo run --locked -q -- demo --data-dir "$DIR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 300); do grep -q "running at" "$LOG" && break; kill -0 $PID 2>/dev/null || break; sleep 1; done
grep -q "running at" "$LOG" || { cat "$LOG"; echo "the demo did not start"; exit 1; }
BASE="http://127.0.0.1:$PORT"

# Sign in as $1 (its password as the demo printed it) and create an API token.
token() {
  local jar="$DIR/jar-$1" pw csrf
  pw=$(awk -v u="$1" '$1 == u { print $4; exit }' "$LOG")
  csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -sf -c "$jar" -b "$jar" -o /dev/null -d "csrf=$csrf&username=$1&password=$pw&next=/" "$BASE/login"
  csrf=$(curl -sf -b "$jar" "$BASE/account" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -sf -b "$jar" -d "csrf=$csrf&name=contract" "$BASE/account/tokens" | grep -o 'class="secret">ent_[A-Za-z0-9_-]*' | sed 's/.*>//'
}

run() {
  local who=$1; shift
  echo "== $who"
  "$VENV/bin/schemathesis" run "$BASE/api/openapi.json" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$EXAMPLES" --workers 2 --phases examples,fuzzing --seed 1 \
    --exclude-path-regex '/me/password|/me/tokens|reset-password|/disable' --no-color
}
run anonymous
run "delegation lead (Malta)" --header "Authorization: Bearer $(token mlt.lead)"
run "staff officer" --header "Authorization: Bearer $(token staff.officer)"
