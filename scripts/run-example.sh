#!/usr/bin/env bash
# Sets everything up and runs tocsin's main job on the bundled example, with
# no Prometheus or Alertmanager needed: `tocsin run` evaluates the seed's
# rule groups (examples/sergas/alerts.yml) over a recording of the sergas
# service (examples/sergas/recording.om) replayed 60 times faster than real
# time, and routes the alerts through the seed's Alertmanager config to a
# local printer (examples/sergas/print_webhook.py on 127.0.0.1:5001), which
# shows each Slack and PagerDuty notification as it arrives. Within a couple
# of minutes alerts go pending, fire, notify and resolve; the whole story
# takes about two minutes. Ctrl-C stops.
#
#   scripts/run-example.sh [--for SECONDS]   (stop by itself after SECONDS)
#
# While it runs: http://127.0.0.1:9099/api/v1/alerts (Prometheus's alert
# list), /api/v1/rules, /api/v2/alerts (the router), /metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=""
if [ "${1:-}" = "--for" ]; then duration=${2:?--for needs seconds}; fi

scripts/install-deps.sh
# Its own build directory: the test suite's (build/) keeps its settings.
cmake -S . -B build-example -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DTOCSIN_UNITY_BUILD=ON \
  -DTOCSIN_BUILD_TESTS=OFF -DTOCSIN_BUILD_BENCH=OFF >/dev/null
cmake --build build-example -j"${JOBS:-2}" --target tocsin
# The recording is generated (a fraction of a second), not kept in git.
/usr/bin/python3 examples/sergas/gen_recording.py

state=$(mktemp -d)
cleanup() {
  kill "${printer:-}" "${daemon:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

/usr/bin/python3 examples/sergas/print_webhook.py --listen 127.0.0.1:5001 &
printer=$!
echo "tocsin run: the seed's rules over examples/sergas/recording.om, 60x;"
echo "notifications print below (alert list: http://127.0.0.1:9099/api/v1/alerts)"
build-example/tocsin run --config.file=examples/sergas/tocsin.yml \
  --web.listen-address=127.0.0.1:9099 --storage.path="$state" \
  --web.external-url=http://127.0.0.1:9099 --log.level=warn &
daemon=$!
if [ -n "$duration" ]; then
  sleep "$duration"
else
  wait "$daemon"
fi
