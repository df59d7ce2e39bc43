#!/usr/bin/env bash
# Sets everything up and runs tocsin's whole test suite: a release build with
# every test (unit, PromQL scripts, Prometheus conformance, the differential
# test against a real Prometheus), then the same tests under AddressSanitizer
# and UndefinedBehaviorSanitizer, then a bounded fuzzing run of the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}

scripts/install-deps.sh

# Optimized without debug information: CI time goes mostly to compiling.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DTOCSIN_UNITY_BUILD=ON \
  -DTOCSIN_BUILD_TESTS=ON -DTOCSIN_BUILD_BENCH=ON
cmake --build build -j"$jobs"
# One more test than cores: the longest tests mostly wait on servers and
# timers.
(cd build && ctest --output-on-failure -j"$((jobs + 1))" --timeout 900)

if [ "${TOCSIN_SKIP_SANITIZERS:-0}" != 1 ]; then
  # Unoptimized with line tables only: a third less compile time than -O1
  # (the build is most of this step), and sanitizer reports still name the
  # file and line.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
    -DTOCSIN_SANITIZE="address;undefined" -DTOCSIN_BUILD_BENCH=OFF \
    -DTOCSIN_BUILD_TESTS=ON -DTOCSIN_UNITY_BUILD=ON
  cmake --build build-asan -j"$jobs"
  # ASan's larger frames need a larger stack for the 10,000-deep nesting
  # tests of the parsers.
  (ulimit -s 65536 || true; cd build-asan && ASAN_OPTIONS=detect_leaks=1 \
     ctest --output-on-failure -j"$jobs" --timeout 1800 -LE slow)
fi

if [ "${TOCSIN_SKIP_FUZZ:-0}" != 1 ]; then
  scripts/fuzz.sh "${TOCSIN_FUZZ_SECONDS:-60}"
fi
