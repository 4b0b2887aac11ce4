#!/usr/bin/env bash
# Crash safety at length: the release server killed with SIGKILL 100 times (or KILLS) under a
# sync load from 4 phones, on SQLite and on PostgreSQL; prints kills, batches, responses
# acknowledged and present (every acknowledged response must be there exactly once).
#   bench/crash.sh [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-100}"
cargo build --release -p enquete >/dev/null
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
python3 tests/crash/kill_test.py "$target_dir/release/enquete" --kills "$kills" --phones 4 --backend sqlite
python3 tests/crash/kill_test.py "$target_dir/release/enquete" --kills "$kills" --phones 4 --backend postgres
