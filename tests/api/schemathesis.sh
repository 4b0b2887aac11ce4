#!/usr/bin/env bash
# Hostile input for the API: schemathesis generates requests from the live server's OpenAPI
# document (coverage, fuzzing and stateful phases) as a logged-in national admin, and fails on
# any 5xx answer or any answer that does not match the document.
#   tests/api/schemathesis.sh BINARY [MAX_EXAMPLES]
set -euo pipefail
bin="$1"
examples="${2:-25}"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ENQUETE_LOG=warn "$bin" --db "sqlite://$work/api.db" serve --demo --demo-scale small --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
csrf=$(curl -s -c "$work/jar" -H 'Content-Type: application/json' \
  -d '{"email":"national-admin@demo.enquete.org","password":"demo-national-admin-pass"}' \
  "$base/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
cookie=$(awk '$6=="enquete_session"{print $7}' "$work/jar")
# The session endpoints are left out: logging out in the middle would end the run's session.
st run "$base/api/v1/openapi.json" --url "$base" \
  -H "Cookie: enquete_session=$cookie" -H "X-CSRF-Token: $csrf" -H "Origin: $base" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "$examples" --seed 20261124 --exclude-path-regex 'session' --no-color
