#!/usr/bin/env bash
# Sets everything up and runs tocsin on the bundled example recording
# (examples/recording.om: half an hour of an API's metrics, no server
# needed): a few instant and range queries with `tocsin query`, then the
# Prometheus query API with `tocsin serve` on 127.0.0.1:9091 until Ctrl-C.
# With --no-serve it stops after the queries.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTOCSIN_BUILD_TESTS=OFF -DTOCSIN_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"${JOBS:-2}" --target tocsin

rec=examples/recording.om
end=1700001800  # the recording's last scrape
run() {
  echo "\$ tocsin query $*"
  build/tocsin query --series "$rec" "$@"
  echo
}
run --time "$end" 'sum by (job) (rate(http_requests_total[5m]))'
run --time "$end" 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))'
run --time "$end" 'up == 0'
run --start $((end - 600)) --end "$end" --step 300 \
  'sum by (code) (increase(http_requests_total[5m]))'

if [ "${1:-}" != "--no-serve" ]; then
  echo "Serving the Prometheus query API on http://127.0.0.1:9091 (Ctrl-C stops), e.g."
  echo "  curl 'http://127.0.0.1:9091/api/v1/query?query=up&time=$end'"
  exec build/tocsin serve --series "$rec" --web.listen-address 127.0.0.1:9091
fi
