#!/usr/bin/env bash
# Benchmark: batch-sync ingest of survey responses on SQLite, against the release server over
# loopback, with wrk (Debian package). Prints responses per second sustained, p50/p99 batch
# latency for batches of 50, and the ratio to the target of 5,000 responses/s and to a
# reference run in the same invocation (GET /healthz, the cheapest request the server answers).
#   bench/ingest.sh [SECONDS]      default 20
#   ENQUETE_BIN=path/to/enquete bench/ingest.sh   measures that binary instead of this tree
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
# ENQUETE_BIN: measure that binary (an earlier build, to compare) instead of building this tree.
if [ -n "${ENQUETE_BIN:-}" ]; then
  bin="$ENQUETE_BIN"
else
  cargo build --release -p enquete >/dev/null
  target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
  bin="$target_dir/release/enquete"
fi
work="$(mktemp -d)"
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/bench.db"
"$bin" --db "$db" demo --scale small >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ENQUETE_LOG=warn "$bin" --db "$db" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

login() { # email password -> "cookie csrf"
  curl -s -c "$work/jar-$1" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/session" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
csrf=$(login canvasser@demo.enquete.org demo-canvasser-pass)
cookie="enquete_session=$(awk '$6=="enquete_session"{print $7}' "$work/jar-canvasser@demo.enquete.org")"
survey_json=$(curl -s -b "$work/jar-canvasser@demo.enquete.org" "$base/api/v1/surveys")
survey=$(echo "$survey_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
version=$(echo "$survey_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')
unit=$(curl -s -b "$work/jar-canvasser@demo.enquete.org" "$base/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["unit_id"])')

admin_csrf=$(login national-admin@demo.enquete.org demo-national-admin-pass)
count_stored() {
  curl -s -b "$work/jar-national-admin@demo.enquete.org" "$base/api/v1/surveys/$survey" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["response_count"])'
}
# The demo's own responses, stored before the run.
before=$(count_stored)

echo "== reference: GET /healthz for ${seconds}s"
ref=$(wrk -t2 -c8 -d"${seconds}s" "$base/healthz" | awk '/Requests\/sec/{print $2}')
echo "== ingest: batches of 50 responses for ${seconds}s"
out=$(SURVEY=$survey VERSION=$version UNIT=$unit COOKIE="$cookie" CSRF="$csrf" \
  wrk -t2 -c8 -d"${seconds}s" --latency -s bench/ingest.lua "$base")
echo "$out" | grep -E 'Requests/sec|Latency|BATCHES'
read -r _ batches _ errors _ p50 _ p99 <<<"$(echo "$out" | grep '^BATCHES')"

stored=$(( $(count_stored) - before ))
python3 - "$batches" "$errors" "$p50" "$p99" "$seconds" "$ref" "$stored" <<'PY'
import sys
batches, errors, p50, p99, seconds, ref, stored = sys.argv[1:]
batches, errors, seconds, stored = int(batches), int(errors), float(seconds), int(stored)
rps = batches * 50 / seconds
print(f"responses/s sustained: {rps:,.0f}   (target 5,000: ratio {rps/5000:.2f})")
print(f"batch latency p50 {float(p50):.1f} ms, p99 {float(p99):.1f} ms (50 responses per batch)")
print(f"reference GET /healthz: {float(ref):,.0f} req/s; one batch costs {float(ref)/(batches/seconds):.1f} health checks")
# wrk counts the batches whose answer it read; up to one batch per connection (8) can still be
# in flight when it stops, stored by the server but not counted by wrk.
low, high = batches * 50, (batches + 8) * 50
print(f"errors: {errors}; responses stored by the run: {stored:,}; answered batches x 50 = {low:,} "
      f"(stored within [answered, answered + in-flight]: {low <= stored <= high}; ids are a primary key, so none twice)")
PY
