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

With --live SECONDS (and --tocsin), the comparison runs as the two daemons
run: the recording ends --ahead seconds in the future, so that evaluations
at the current time see live-looking data, and

  1. Prometheus evaluates the two groups (as alerting rules, at the seed's
     30s and 1m intervals) itself for SECONDS;
  2. Prometheus, restarted without rules, serves `tocsin run`, which
     evaluates the same rule file over it for SECONDS.

Both report prometheus_rule_group_last_duration_seconds on /metrics; the
script samples each evaluation and prints, per group, the median and the
maximum (tocsin's first evaluation of a group, whose range selectors fill
the range cache, apart), and tocsin's bytes received from the datasource
per group evaluation once every group has run once.

Usage:
  bench/datasource_prometheus.py --bench build/bench/datasource_eval_bench
                                 [--scale 10k] [--repeat 20] [--keep]
  bench/datasource_prometheus.py --bench build/bench/datasource_eval_bench \
      --tocsin build/tocsin --live 300 [--scale 100k]
"""

import argparse
import json
import os
import re
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


def write_rules(path, rules):
    """The bench's two groups as a Prometheus rule file of alerting rules."""
    intervals = {"critical": "30s", "warning": "1m"}
    with open(path, "w") as f:
        f.write("groups:\n")
        for g in ("critical", "warning"):
            f.write("- name: sergas_%s\n  interval: %s\n  rules:\n" %
                    (g, intervals[g]))
            for i, expr in enumerate(rules["group/" + g]):
                f.write("  - alert: %s_%d\n    expr: %s\n" %
                        (g.capitalize(), i, json.dumps(" ".join(expr.split()))))


METRIC_LINE = re.compile(r'^(\w+)\{[^}]*rule_group="[^"]*;([^"]*)"[^}]*\} (\S+)$')


def group_metrics(client):
    """{group: {metric: value}} from a /metrics page, plus the datasource
    bytes received (tocsin only)."""
    status, _, text = client.get("/metrics", {})
    if status != 200:
        raise RuntimeError("GET /metrics: HTTP %d" % status)
    groups, received = {}, 0.0
    for line in text.splitlines():
        m = METRIC_LINE.match(line)
        if m:
            groups.setdefault(m.group(2), {})[m.group(1)] = float(m.group(3))
        elif line.startswith("tocsin_datasource_response_bytes_total "):
            received = float(line.split()[1])
    return groups, received


def sample_evaluations(server, seconds):
    """Each group's evaluation durations (seconds, in order) seen on
    /metrics over `seconds`, and the datasource bytes received meanwhile."""
    client = promharness.Client(server.port)
    seen, durations = {}, {}
    steady_from = None  # (bytes, evaluations) once every group ran once
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        groups, received = group_metrics(client)
        for g, m in groups.items():
            ts = m.get("prometheus_rule_group_last_evaluation_timestamp_seconds", 0)
            if ts > 0 and seen.get(g) != ts:
                seen[g] = ts
                durations.setdefault(g, []).append(
                    m["prometheus_rule_group_last_duration_seconds"])
        if steady_from is None and groups and len(durations) == len(groups):
            steady_from = (received, sum(len(d) for d in durations.values()))
        time.sleep(0.5)
    client.close()
    evaluations = sum(len(d) for d in durations.values())
    steady = None
    if steady_from is not None and evaluations > steady_from[1]:
        steady = (received - steady_from[0]) / (evaluations - steady_from[1])
    return durations, steady


def live(a, rules, work, prometheus, data):
    """Both daemons evaluate the rule file over the same data, one after
    the other; prints their evaluation times."""
    rule_file = os.path.join(work, "rules.yml")
    write_rules(rule_file, rules)
    # (not "<server name>.yml": prometheus_server writes its default there)
    config = os.path.join(work, "with-rules.yml")
    with open(config, "w") as f:
        # The backfilled blocks reach into the future, past the rules'
        # evaluation times: out-of-order ingestion lets Prometheus append
        # the rules' ALERTS series all the same, as it normally would.
        f.write("global:\n  evaluation_interval: 30s\n"
                "rule_files: [%s]\n"
                "storage:\n  tsdb:\n    out_of_order_time_window: 3h\n" %
                json.dumps(rule_file))
    results = {}
    server = promharness.prometheus_server(
        prometheus, data, work, name="prometheus-rules",
        extra_flags=["--config.file=" + config])
    server.start()
    try:
        server.wait_ready()
        print("Prometheus evaluates the rules for %ds" % a.live)
        results["Prometheus"], _ = sample_evaluations(server, a.live)
    finally:
        server.stop()

    server = promharness.prometheus_server(prometheus, data, work)
    server.start()
    tocsin = None
    try:
        server.wait_ready()
        port = promharness.free_port()
        tocsin_config = os.path.join(work, "tocsin.yml")
        with open(tocsin_config, "w") as f:
            f.write("global:\n  evaluation_interval: 30s\n"
                    "datasource:\n  url: http://127.0.0.1:%d\n"
                    "rule_files: [%s]\n" % (server.port, json.dumps(rule_file)))
        storage = os.path.join(work, "tocsin-state")
        tocsin = promharness.Server(
            "tocsin", [a.tocsin, "run", "--config.file=" + tocsin_config,
                       "--storage.path=" + storage,
                       "--web.listen-address=127.0.0.1:%d" % port,
                       "--log.level=warn"], port, work)
        tocsin.start()
        tocsin.wait_ready()
        print("tocsin run evaluates the rules over Prometheus for %ds" % a.live)
        results["tocsin"], received = sample_evaluations(tocsin, a.live)
        cpu = tocsin.cpu_seconds()
        rss = tocsin.memory_kib("VmHWM")
    finally:
        if tocsin is not None:
            tocsin.stop()
        server.stop()

    print("\n%-16s %8s %22s %22s" % ("group", "evals", "Prometheus ms",
                                      "tocsin ms"))
    print("%-16s %8s %22s %22s" % ("", "P / t", "median (max)",
                                   "first, median (max)"))
    for g in ("sergas_critical", "sergas_warning"):
        p = [d * 1000 for d in results["Prometheus"].get(g, [])]
        t = [d * 1000 for d in results["tocsin"].get(g, [])]
        if not p or len(t) < 2:
            print("%-16s too few evaluations (%d / %d)" % (g, len(p), len(t)))
            continue
        print("%-16s %4d / %-3d %12.1f (%6.1f) %8.1f, %6.1f (%6.1f)" % (
            g, len(p), len(t), statistics.median(p), max(p), t[0],
            statistics.median(t[1:]), max(t[1:])))
    print("tocsin: %s received per group evaluation after the first ones, "
          "%.2f s CPU in all, peak RSS %.1f MiB" % (
              "%.0f KB" % (received / 1024) if received is not None else "n/a",
              cpu or 0, (rss or 0) / 1024))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", required=True,
                    help="the datasource_eval_bench binary")
    ap.add_argument("--scale", default="10k")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--prometheus")
    ap.add_argument("--promtool")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--tocsin", help="the tocsin binary (for --live)")
    ap.add_argument("--live", type=int, default=0,
                    help="seconds each daemon evaluates the rules")
    ap.add_argument("--past", type=int,
                    help="seconds of data before now (default: 1h up to "
                         "10k series, 20m above)")
    ap.add_argument("--ahead", type=int,
                    help="seconds of data after now (default: covers the "
                         "backfill and both runs)")
    a = ap.parse_args()
    if a.live and not a.tocsin:
        ap.error("--live needs --tocsin")

    work = tempfile.mkdtemp(prefix="tocsin-datasource-bench-")
    server = None
    try:
        rec = os.path.join(work, "recording.om")
        scale = gen_recording.parse_scale(a.scale)
        kwargs = {}
        if a.live:
            past = a.past or (3600 if scale <= 10000 else 1200)
            ahead = a.ahead or 2 * a.live + 900
            now = int(time.time()) // 15 * 15
            kwargs = {"start": now - past, "duration": past + ahead}
        with open(rec, "w") as f:
            meta = gen_recording.generate(f, scale, **kwargs)
        data = os.path.join(work, "data")
        t0 = time.monotonic()
        promharness.backfill(promharness.find_binary("promtool", a.promtool),
                             rec, data)
        print("recording: %d series, %ds of 15s scrapes, %.0f MB; backfilled "
              "in %.0fs" % (meta["series"], meta["end"] - meta["start"],
                            os.path.getsize(rec) / 1e6, time.monotonic() - t0))
        prometheus = promharness.find_binary("prometheus", a.prometheus)
        if a.live:
            live(a, bench_rules(a.bench), work, prometheus, data)
            return
        server = promharness.prometheus_server(prometheus, data, work)
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
