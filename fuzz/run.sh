#!/usr/bin/env bash
# Fuzzes what organizers and phones send us: XLSForm workbooks, the CSV files (paper forms,
# weighting sample and margins, population figures) and the batch-sync body.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Each target runs for the time given (default 300 s) with libFuzzer, starting from the seeds in
# fuzz/seeds and the corpus grown by earlier runs (fuzz/corpus, not committed). A crash stops
# the target, leaves the input in fuzz/artifacts/TARGET/ and makes this script fail; replay it
# with `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…`.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly compiler for libFuzzer's
# instrumentation: `cargo +nightly` where rustup has one, otherwise the stable compiler with
# RUSTC_BOOTSTRAP=1. The code is safe Rust, so no sanitizer is built in; debug assertions are on,
# so an arithmetic overflow is a crash too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(xlsform csv_imports sync_batch)
fi
if rustup run nightly rustc --version >/dev/null 2>&1; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi
status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "== $target: ${seconds} s"
    if "${fuzz[@]}" run --fuzz-dir fuzz --sanitizer none --debug-assertions "$target" \
        "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 2>"fuzz/$target.log"; then
        echo "   no crash"
    else
        echo "   CRASH: see fuzz/$target.log and fuzz/artifacts/$target/"
        status=1
    fi
    grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)|^#[0-9]+.*DONE" \
        "fuzz/$target.log" | sed 's/^/   /' || true
    echo "   corpus: $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
exit $status
