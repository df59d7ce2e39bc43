#!/usr/bin/env python3
"""Rule evaluation over the remote datasource: tocsin vs Prometheus itself.

Generates a bench recording (tests/differential/gen_recording.py), backfills
it into a Prometheus 2.42 on 127.0.0.1, then

  1. runs build/bench/datasource_eval_bench against that Prometheus: each
     of the seed's two groups (written over the recording's metrics) and
     each of their rules, evaluated as the daemon evaluates a group (every
     distinct selector fetched once, concurrently, then the rules from the
     cache). Reported per evaluation: wall time, CPU time of the evaluating
     thread (parsing the answers and evaluating; the HTTP client's I/O
     thread is not counted), bytes received from Prometheus, requests;
  2. asks Prometheus to evaluate the same rules itself (/api/v1/query with
     stats=1) and reports its evalTotalTime (parse, evaluation, sort; no
     HTTP or JSON), summed over a group's rules, median of --repeat runs.

Usage:
  bench/datasource_prometheus.py --bench build/bench/datasource_eval_bench
                                 [--scale 10k] [--repeat 20] [--keep]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "differential"))

import gen_recording  # noqa: E402
import promharness  # noqa: E402


def bench_rules(bench):
    """Benchmark name -> list of expressions, from the bench binary."""
    out = subprocess.run([bench, "--print_rules"],
                         stdout=subprocess.PIPE, text=True, check=True)
    rules = {}
    for line in out.stdout.splitlines():
        if "\t" in line:
            name, expr = line.split("\t", 1)
            rules.setdefault(name, []).append(expr.replace("\\n", "\n"))
    return rules


def prometheus_eval_seconds(client, expr, t):
    status, body, _ = client.get("/api/v1/query",
                                 {"query": expr, "time": "%.3f" % t,
                                  "stats": "1"})
    if status != 200 or body.get("status") != "success":
        raise RuntimeError("Prometheus failed %r: %s" % (expr, body))
    return body["data"]["stats"]["timings"]["evalTotalTime"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", required=True,
                    help="the datasource_eval_bench binary")
    ap.add_argument("--scale", default="10k")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--prometheus")
    ap.add_argument("--promtool")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="tocsin-datasource-bench-")
    server = None
    try:
        rec = os.path.join(work, "recording.om")
        with open(rec, "w") as f:
            meta = gen_recording.generate(f, gen_recording.parse_scale(a.scale))
        data = os.path.join(work, "data")
        t0 = time.monotonic()
        promharness.backfill(promharness.find_binary("promtool", a.promtool),
                             rec, data)
        print("recording: %d series, %ds of 15s scrapes, %.0f MB; backfilled "
              "in %.0fs" % (meta["series"], meta["end"] - meta["start"],
                            os.path.getsize(rec) / 1e6, time.monotonic() - t0))
        server = promharness.prometheus_server(
            promharness.find_binary("prometheus", a.prometheus), data, work)
        server.start()
        server.wait_ready()
        t_eval = meta["end"] - 30

        env = dict(os.environ,
                   TOCSIN_DATASOURCE_URL="http://127.0.0.1:%d" % server.port,
                   TOCSIN_EVAL_TIME=str(t_eval))
        out = subprocess.run(
            [a.bench, "--benchmark_format=json",
             "--benchmark_min_time=%d" % max(1, a.repeat // 10)],
            stdout=subprocess.PIPE, text=True, check=True, env=env)
        results = json.loads(out.stdout)["benchmarks"]

        rules = bench_rules(a.bench)
        client = promharness.Client(server.port)
        print("\nevaluation at t=%d against Prometheus 2.42 on 127.0.0.1" %
              t_eval)
        print("%-24s %10s %10s %12s %9s %14s" % (
            "benchmark", "tocsin ms", "(CPU ms)", "KB fetched", "requests",
            "Prometheus ms"))
        for r in results:
            name = r["name"].replace("/real_time", "")
            if r.get("error_occurred"):
                print("%-20s error: %s" % (name, r.get("error_message")))
                continue
            prom = []
            for _ in range(a.repeat):
                prom.append(sum(prometheus_eval_seconds(client, e, t_eval)
                                for e in rules.get(name.replace("steady/", ""), [])))
            print("%-24s %10.2f %10.2f %12.1f %9.0f %14.2f" % (
                name, r["real_time"], r["cpu_time"], r["bytes/eval"] / 1024,
                r["requests/eval"], statistics.median(prom) * 1000))
        client.close()
    finally:
        if server is not None:
            server.stop()
        if a.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
