#!/usr/bin/env bash
# Benchmark: complicity research at national scale (docs/research.md). A research set of
# 100,000 companies and 1,000,000 links between them (a few hubs, many small companies) in a
# fresh SQLite file and a fresh PostgreSQL schema; then, 300 times each on random companies and
# names, a company's two-step neighbourhood and a name search. The reference is reading one
# company by its id in the same run on the same database; the ratios are medians against it.
#   bench/research.sh [COMPANIES LINKS]          default 100000 1000000
#   ENQUETE_TEST_POSTGRES=skip bench/research.sh  SQLite only
#   ENQUETE_BIN=path/to/enquete bench/research.sh measures that binary instead of this tree
set -euo pipefail
cd "$(dirname "$0")/.."
companies="${1:-100000}"
links="${2:-1000000}"
if [ -n "${ENQUETE_BIN:-}" ]; then
  bin="$ENQUETE_BIN"
else
  cargo build --release -p enquete >/dev/null
  target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
  bin="$target_dir/release/enquete"
fi
"$bin" bench research --companies "$companies" --links "$links" --queries 300 | while read -r line; do
  echo "$line"
  python3 - "$line" <<'PY'
import json, sys
f = json.loads(sys.argv[1])
print(f"{f['database']}: {f['companies']} companies, {f['links']} links loaded in {f['load_s']} s")
print(f"  reading one company (reference): median {f['reference_median_ms']:.2f} ms, p99 {f['reference_p99_ms']:.2f} ms")
print(f"  two-step neighbourhood ({f['neighbourhood_companies_mean']:.0f} companies, {f['neighbourhood_links_mean']:.0f} links on average): "
      f"median {f['neighbourhood_median_ms']:.1f} ms, p99 {f['neighbourhood_p99_ms']:.1f} ms, {f['neighbourhood_vs_reference']:.0f}x the reference")
print(f"  name search ({f['search_hits_mean']:.0f} hits on average, at most 50): "
      f"median {f['search_median_ms']:.2f} ms, p99 {f['search_p99_ms']:.2f} ms, {f['search_vs_reference']:.1f}x the reference")
PY
done
