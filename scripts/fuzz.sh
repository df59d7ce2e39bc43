#!/usr/bin/env bash
# Builds libFuzzer targets with clang (plus ASan and UBSan) and runs each for
# a bounded time: `scripts/fuzz.sh [SECONDS [TARGET...]]` (default 60
# seconds, parser_fuzz). A crash, a sanitizer report or a failed check fails
# the run. The targets:
#   parser_fuzz          every printed PromQL expression parses again
#   alerts_decoder_fuzz  the single-pass decoder of posted alerts agrees with
#                        the general decoder (builds the whole engine, so the
#                        test suite leaves it out)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parser_fuzz)
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTOCSIN_BUILD_FUZZ=ON -DTOCSIN_BUILD_TESTS=OFF -DTOCSIN_BUILD_BENCH=OFF \
  -DTOCSIN_SANITIZE="address;undefined" -DTOCSIN_UNITY_BUILD=ON >/dev/null
cmake --build build-fuzz -j"${JOBS:-2}" --target "${targets[@]}"

for target in "${targets[@]}"; do
  # The corpus grows in build-fuzz/corpus/TARGET; the seeds stay as they are.
  corpus=build-fuzz/corpus/$target
  mkdir -p "$corpus"
  seeds=()
  case $target in
    parser_fuzz)
      # The project's expressions.
      i=0
      while IFS= read -r line; do
        [ -n "$line" ] || continue
        printf '%s' "$line" > "$corpus/seed-$i"; i=$((i + 1))
      done < tests/differential/expressions.txt
      ;;
    alerts_decoder_fuzz) seeds=(tests/fuzz/seeds/alerts) ;;
  esac
  "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len=4096 \
    -timeout=10 -print_final_stats=1 "$corpus" "${seeds[@]}"
done
