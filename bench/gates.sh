#!/usr/bin/env bash
# Benchmark: a day at the festival's gates (docs/festival-gates.md), full size: 15,000 tickets,
# 8 gates on 4 entrances, an hour of arrivals with two peaks, 10% of tickets tried again at
# another gate, random network cuts per gate and all gates cut off at once for 10 minutes.
# Prints the simulation's JSON line, then the ratios: scans a gate decides per second against
# the busiest gate's busiest minute (headroom), and the server's time storing the day's scans
# against the hour they came in.
#   bench/gates.sh [SEED]                       default 1
#   ENQUETE_BIN=path/to/enquete bench/gates.sh  measures that binary instead of this tree
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-1}"
if [ -n "${ENQUETE_BIN:-}" ]; then
  bin="$ENQUETE_BIN"
else
  cargo build --release -p enquete >/dev/null
  target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
  bin="$target_dir/release/enquete"
fi
line="$("$bin" bench gates --tickets 15000 --gates 8 --groups 4 --duplicates 0.1 \
  --partition-minutes 10 --seed "$seed" | tail -n 1)"
echo "$line"
python3 - "$line" <<'PY'
import json, sys
f = json.loads(sys.argv[1])
print(f"admitted twice: {f['admitted_twice']} (naive rule on the same day: {f['naive_admitted_twice']}); "
      f"valid first entries refused: {f['refused_valid']}")
print(f"gate decisions: {f['scans_per_s']:.0f}/s on the slowest gate, "
      f"{f['headroom']:.0f}x the busiest gate's busiest minute ({f['peak_scans_per_gate_per_s']}/s)")
print(f"server: {f['sync_s']} s storing {f['scans']} scans over {f['syncs']} syncs, "
      f"{f['sync_s'] / 3600 * 100:.2f}% of the hour they came in")
PY
