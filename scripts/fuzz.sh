#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (plus ASan and UBSan) and runs each
# for a bounded time: `scripts/fuzz.sh [SECONDS]` (default 60). A crash, a
# sanitizer report or a failed round trip fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTOCSIN_BUILD_FUZZ=ON -DTOCSIN_BUILD_TESTS=OFF -DTOCSIN_BUILD_BENCH=OFF \
  -DTOCSIN_SANITIZE="address;undefined" -DTOCSIN_UNITY_BUILD=ON >/dev/null
cmake --build build-fuzz -j"${JOBS:-2}" --target parser_fuzz
corpus=build-fuzz/corpus/parser
mkdir -p "$corpus"
# Seed the corpus with the project's expressions.
if [ -f tests/differential/expressions.txt ]; then
  i=0
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    printf '%s' "$line" > "$corpus/seed-$i"; i=$((i + 1))
  done < tests/differential/expressions.txt
fi
build-fuzz/tests/fuzz/parser_fuzz -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -print_final_stats=1 "$corpus"
