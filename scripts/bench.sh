#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md's tables from the output.
#   bash scripts/bench.sh            # full run (a few minutes on 2 cores)
#   bash scripts/bench.sh --quick    # fewer samples, for a smoke test
# glibc is told to keep freed memory, so one benchmark's frees do not turn the
# next one's allocations into page faults (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=16777216
# Every function and branch target aligned: otherwise where the linker puts
# the code moves a median by up to a tenth between builds of the same code
# (BENCHMARKS.md, "Code layout"). Its own target directory, so that these
# flags do not force a rebuild of the ordinary one.
aligned="-C llvm-args=-align-all-functions=6 -C llvm-args=-align-all-nofallthru-blocks=5"
case "${RUSTFLAGS:-}" in *align-all-functions*) ;; *) export RUSTFLAGS="${RUSTFLAGS:-} $aligned" ;; esac
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/bench-aligned}"
samples=()
if [ "${1:-}" = "--quick" ]; then samples=(--sample-count 10); fi
mkdir -p target
{
  cargo bench -p pickyassist-bench --features jsonschema-macros -- "${samples[@]}"
  cargo bench -p xtask --bench generator -- "${samples[@]}"
} 2>&1 | tee target/bench.txt
python3 scripts/bench_report.py target/bench.txt > target/bench-tables.md
echo "tables: target/bench-tables.md"
