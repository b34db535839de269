#!/usr/bin/env bash
# Fuzzing (issue 13): builds Fuzz/ (libFuzzer + AddressSanitizer, release) and runs every target for
# a bounded time with a seed corpus, then prints per target: executions, exec/s, crashes.
# Not part of `make test`. Crashing inputs are copied to Tests/Fixtures/fuzz/<target>/, where
# the regression tests in `make test` feed them through the same entry points.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(expression guardrails profile arguments orders-csv payments-csv camt sse)
WORK=${FUZZ_WORK:-$ROOT/.build-fuzz}
mkdir -p "$WORK"

echo "building Fuzz/ (release, -sanitize=fuzzer,address) ..."
if ! (cd Fuzz && swift build -c release --scratch-path "$WORK/build" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library > "$WORK/build.log" 2>&1); then
  tail -30 "$WORK/build.log"; echo "fuzz build failed (log: $WORK/build.log)" >&2; exit 1
fi
BIN=$(cd Fuzz && swift build -c release --scratch-path "$WORK/build" --show-bin-path)/o2c-fuzz

# Seeds: the inputs o2c ships or tests with, plus Fuzz/Seeds/<target>/.
seed() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  [ -d "Fuzz/Seeds/$target" ] && cp Fuzz/Seeds/"$target"/* "$dir"/ 2>/dev/null
  [ -d "Tests/Fixtures/fuzz/$target" ] && cp Tests/Fixtures/fuzz/"$target"/* "$dir"/ 2>/dev/null
  case $target in
    expression) local i=0; grep -h "when:" guardrails/*.yaml | sed 's/^ *when: *//' | while IFS= read -r line; do
                  i=$((i+1)); printf '%s' "$line" > "$dir/guardrail-$i.txt"; done ;;
    guardrails) cp guardrails/*.yaml "$dir"/ ;;
    profile)    cp agents/*.yaml "$dir"/ ;;
    camt)       find Tests/Fixtures/camt -name '*.xml' -not -path '*/xsd/*' -exec cp {} "$dir"/ \; ;;
  esac
  true
}

printf '%-13s %12s %10s %8s\n' target executions exec/s crashes > "$WORK/summary.txt"
failed=0
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t" artifacts="$WORK/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  seed "$t" "$corpus"
  execs=0 seconds=0 runs=0
  # libFuzzer stops at the first crash: start again (with what it learnt) until the time is used.
  # -detect_leaks=0: Swift allocates its lazily initialised globals and runtime metadata on first
  # use and never frees them, which LeakSanitizer reports as a leak (of the input that came first,
  # and again at exit);
  # growing memory is still caught (-rss_limit_mb, -malloc_limit_mb: an oom-* finding).
  while [ "$seconds" -lt "$SECONDS_PER_TARGET" ] && [ "$runs" -lt 10 ]; do
    runs=$((runs+1))
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=0 O2C_FUZZ_TARGET=$t "$BIN" "$corpus" -max_total_time=$((SECONDS_PER_TARGET - seconds)) -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=1024 -detect_leaks=0 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" > "$WORK/$t.$runs.log" 2>&1
    seconds=$((seconds + $(date +%s) - start))
    n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$t.$runs.log" | tail -1 | grep -o '[0-9]*$')
    execs=$((execs + ${n:-0}))
  done
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  rate=$(( seconds > 0 ? execs / seconds : execs ))
  printf '%-13s %12d %10d %8d\n' "$t" "$execs" "$rate" "$crashes" >> "$WORK/summary.txt"
  if [ "$crashes" -gt 0 ]; then
    failed=1
    mkdir -p "Tests/Fixtures/fuzz/$t"
    find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) -exec cp {} "Tests/Fixtures/fuzz/$t/" \;
    echo "$t: $crashes crashing input(s) kept in Tests/Fixtures/fuzz/$t/ (logs: $WORK/$t.*.log)" >&2
  fi
done
cat "$WORK/summary.txt"
exit $failed
