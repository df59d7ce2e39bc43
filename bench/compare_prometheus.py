#!/usr/bin/env python3
"""Query throughput and memory: tocsin serve against Prometheus 2.42.

Both servers get the same recorded series -- Prometheus through a promtool
backfill, tocsin through `tocsin serve --series FILE` -- and then the same
query mix, one server after the other (never both at once, so that they do
not compete for the CPUs). The mix is typical of alerting rules: rate, sum
by rate, an error ratio (binary operator with vector matching),
histogram_quantile, topk, a subquery, threshold comparisons; 80% instant
queries at random times inside the data, 20% range queries (30m-1h, 60s
step). Requests come from N client threads, each with its own keep-alive
connection, for a fixed number of queries or a fixed time: Python threads,
or with --loadgen bench/http_load, a C++ client that posts the queries
form-encoded and takes a small fraction of a core (Python's client needs
about as much CPU per query as tocsin and, on a small machine, bounds the
throughput it can measure).

Printed: queries/second of each server, latency p50/p99, errors, CPU time
(user + system) per query, the throughput ratio tocsin/Prometheus, the ratio
of CPU time per query (which stays meaningful on a machine that other work
shares), and each server's peak RSS (VmHWM from /proc/PID/status) after
loading and after the run. With --verify the first
answers of both are compared (tests/differential/compare.py).

Usage:
  bench/compare_prometheus.py --tocsin build/tocsin --scale 10k
  bench/compare_prometheus.py --tocsin build/tocsin --loadgen build/bench/http_load
  bench/compare_prometheus.py --tocsin build/tocsin --scale 100k --clients 8 --seconds 60
  bench/compare_prometheus.py --tocsin build/tocsin --recording rec.om --queries 5000
  bench/compare_prometheus.py --self-check --scale 1k      # Prometheus twice
Options:
  --scale S         bench recording size: 1k, 10k, 100k or a number of series
                    (tests/differential/gen_recording.py; default 10k)
  --data-duration   seconds of data in the generated recording (default: 1h
                    up to 10k series, 20m above)
  --recording FILE  use this OpenMetrics recording instead (timestamps read
                    from the file)
  --clients N       concurrent client threads (default 4)
  --loadgen PATH    send the queries with bench/http_load (not with --seconds)
  --queries N       queries per server (default 2000), or
  --seconds S       run each server for S seconds instead
  --instant-only    no range queries
  --verify N        compare the first N answers of both servers (default 50)
  --json FILE       write the results as JSON
  --keep            keep the temporary directory
"""

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "differential"))

import compare  # noqa: E402
import gen_recording  # noqa: E402
import promharness  # noqa: E402

QUERY_MIX = [
    # (weight, expression)
    (4, 'sum by (job) (rate(http_requests_total[5m]))'),
    (3, 'rate(http_requests_total{code="500"}[5m]) > 0'),
    (3, 'sum by (job, instance) (rate(http_requests_total{code=~"5.."}[5m]))'
        ' / sum by (job, instance) (rate(http_requests_total[5m])) > 0.01'),
    (3, 'histogram_quantile(0.99, sum by (job, le) '
        '(rate(http_request_duration_seconds_bucket[5m])))'),
    (2, 'topk(10, sum by (instance) (rate(http_requests_total[5m])))'),
    (1, 'max_over_time(sum by (job) (rate(http_requests_total[1m]))[30m:1m])'),
    (2, 'up == 0'),
    (2, 'avg_over_time(process_resident_memory_bytes[10m]) > 5e8'),
    (2, 'sum by (job) (increase(http_requests_total{method="POST"}[15m]))'),
    (1, 'count by (job) (up)'),
]


def scan_times(path):
    """First and last sample timestamps (seconds) of an OpenMetrics file."""
    lo, hi = None, None
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            t = float(line.rsplit(None, 1)[1])
            lo = t if lo is None or t < lo else lo
            hi = t if hi is None or t > hi else hi
    if lo is None:
        raise RuntimeError("%s has no samples" % path)
    return lo, hi


def build_queries(n, start, end, seed, instant_only):
    rng = random.Random(seed)
    exprs = [e for w, e in QUERY_MIX for _ in range(w)]
    lo = start + 1800 if end - start > 3600 else start + (end - start) / 2
    out = []
    for _ in range(n):
        expr = rng.choice(exprs)
        if instant_only or rng.random() < 0.8:
            t = rng.uniform(lo, end)
            out.append(("/api/v1/query", {"query": expr, "time": "%.3f" % t}))
        else:
            width = rng.choice([1800, 3600])
            s = rng.uniform(start, max(start, end - width))
            out.append(("/api/v1/query_range", {
                "query": expr, "start": "%.3f" % s,
                "end": "%.3f" % min(end, s + width), "step": "60"}))
    return out


def percentile(sorted_vals, p):
    if not sorted_vals:
        return 0.0
    k = min(len(sorted_vals) - 1, int(round(p * (len(sorted_vals) - 1))))
    return sorted_vals[k]


def run_load(server, queries, clients, seconds):
    """Sends queries (cycling when --seconds is given); returns stats."""
    pool = promharness.ClientPool(server.port)
    lock = threading.Lock()
    state = {"next": 0, "errors": 0, "latencies": []}
    deadline = None

    def worker():
        lat = []
        errors = 0
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if seconds is None and i >= len(queries):
                break
            if deadline is not None and time.monotonic() >= deadline:
                break
            path, params = queries[i % len(queries)]
            t = time.monotonic()
            status, body, _ = pool.client().get(path, params)
            lat.append(time.monotonic() - t)
            if status != 200 or not body or body.get("status") != "success":
                errors += 1
        with lock:
            state["latencies"] += lat
            state["errors"] += errors

    # Warm-up: a few queries outside the measurement.
    for path, params in queries[:min(20, len(queries))]:
        pool.client().get(path, params)
    start = time.monotonic()
    if seconds is not None:
        deadline = start + seconds
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as ex:
        for f in [ex.submit(worker) for _ in range(clients)]:
            f.result()
    elapsed = time.monotonic() - start
    pool.close()
    lats = sorted(state["latencies"])
    return {"queries": len(lats), "errors": state["errors"], "seconds": elapsed,
            "qps": len(lats) / elapsed if elapsed > 0 else 0.0,
            "p50_ms": percentile(lats, 0.5) * 1000,
            "p99_ms": percentile(lats, 0.99) * 1000}


def run_loadgen(loadgen, server, queries, clients, workdir):
    """Sends every query once with bench/http_load; returns stats, the same
    as run_load, plus the client's CPU seconds."""
    path = os.path.join(workdir, "queries.txt")
    with open(path, "w") as f:
        for p, params in queries:
            f.write("%s %s\n" % (p, urllib.parse.urlencode(params)))
    # Warm-up: a few queries outside the measurement.
    pool = promharness.ClientPool(server.port)
    for p, params in queries[:min(20, len(queries))]:
        pool.client().get(p, params)
    pool.close()
    res = subprocess.run(
        [loadgen, "--port", str(server.port), "--threads", str(clients),
         "--file", path, "--path-per-line",
         "--content-type", "application/x-www-form-urlencoded"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sends, dones, lats, errors, client_cpu = [], [], [], 0, 0.0
    for line in res.stdout.splitlines():
        p = line.split()
        if p[0] == "req":
            send, done = int(p[2]) / 1e9, int(p[3]) / 1e9
            sends.append(send)
            dones.append(done)
            lats.append(done - send)
            errors += int(p[4]) != 200
        elif p[0] == "cpu":
            client_cpu = float(p[1]) + float(p[2])
    if not lats:
        raise RuntimeError("http_load: %s" % res.stderr.strip())
    elapsed = max(dones) - min(sends)
    lats.sort()
    return {"queries": len(lats), "errors": errors, "seconds": elapsed,
            "qps": len(lats) / elapsed if elapsed > 0 else 0.0,
            "p50_ms": percentile(lats, 0.5) * 1000,
            "p99_ms": percentile(lats, 0.99) * 1000,
            "client_cpu_seconds": client_cpu}


def verify(ref, cand, queries, n):
    rc, cc = promharness.Client(ref.port), promharness.Client(cand.port)
    mismatches = []
    for path, params in queries[:n]:
        ra = compare.Answer(*rc.get(path, params))
        ca = compare.Answer(*cc.get(path, params))
        kind = "range" if path.endswith("range") else "instant"
        diffs = compare.compare(ra, ca, params["query"], kind)
        if diffs:
            mismatches.append((params, diffs[:2]))
    rc.close()
    cc.close()
    return mismatches


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0) if kib else "n/a"


def main():
    ap = argparse.ArgumentParser(description="tocsin vs Prometheus query throughput")
    ap.add_argument("--tocsin")
    ap.add_argument("--self-check", action="store_true")
    ap.add_argument("--prometheus")
    ap.add_argument("--promtool")
    ap.add_argument("--scale", default="10k")
    ap.add_argument("--data-duration", type=int)
    ap.add_argument("--recording")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--loadgen")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--instant-only", action="store_true")
    ap.add_argument("--verify", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if not args.tocsin and not args.self_check:
        ap.error("give --tocsin PATH or --self-check")
    if args.loadgen and args.seconds is not None:
        ap.error("--loadgen sends each query once: give --queries, not --seconds")

    prometheus = promharness.find_binary("prometheus", args.prometheus)
    promtool = promharness.find_binary("promtool", args.promtool)
    workdir = tempfile.mkdtemp(prefix="tocsin-bench-")
    servers = []
    try:
        if args.recording:
            rec = os.path.abspath(args.recording)
            start, end = scan_times(rec)
        else:
            rec = os.path.join(workdir, "recording.om")
            t = time.monotonic()
            with open(rec, "w") as f:
                meta = gen_recording.generate(f, gen_recording.parse_scale(args.scale),
                                              duration=args.data_duration)
            start, end = meta["start"], meta["end"]
            print("recording: %s series, %.0f s of data, %.1f MB, generated in %.1fs" % (
                meta.get("series", "?"), end - start, os.path.getsize(rec) / 1e6,
                time.monotonic() - t))
        data = os.path.join(workdir, "prometheus-data")
        t = time.monotonic()
        promharness.backfill(promtool, rec, data)
        print("promtool backfill: %.1fs" % (time.monotonic() - t))

        ref = promharness.prometheus_server(prometheus, data, workdir)
        if args.self_check:
            data2 = data + "-2"
            shutil.copytree(data, data2)
            cand = promharness.prometheus_server(prometheus, data2, workdir,
                                                 name="prometheus-2")
        else:
            cand = promharness.tocsin_server(args.tocsin, [rec], workdir)
        servers = [ref, cand]
        load_times, after_load = {}, {}
        for s in servers:
            t = time.monotonic()
            s.start()
            s.wait_ready(timeout=1800)
            load_times[s.name] = time.monotonic() - t
            after_load[s.name] = s.memory_kib("VmHWM")
            print("%s ready in %.1fs, VmHWM %s" % (s.name, load_times[s.name],
                                                  mib(after_load[s.name])))

        n = args.queries if args.seconds is None else max(args.queries, 5000)
        queries = build_queries(n, start, end, args.seed, args.instant_only)
        mism = verify(ref, cand, queries, args.verify) if args.verify else []
        results = {}
        for s in servers:
            cpu_before = s.cpu_seconds()
            if args.loadgen:
                r = run_loadgen(args.loadgen, s, queries, args.clients, workdir)
            else:
                r = run_load(s, queries, args.clients, args.seconds)
            r["cpu_ms_per_query"] = ((s.cpu_seconds() - cpu_before) * 1000 /
                                     max(1, r["queries"]))
            r["vmhwm_after_load_kib"] = after_load[s.name]
            r["vmhwm_after_run_kib"] = s.memory_kib("VmHWM")
            r["ready_seconds"] = load_times[s.name]
            results[s.name] = r

        print("\n%-14s %9s %8s %8s %9s %9s %10s %14s %14s" % (
            "server", "queries", "errors", "qps", "p50 ms", "p99 ms",
            "CPU ms/q", "VmHWM loaded", "VmHWM run"))
        for name, r in results.items():
            print("%-14s %9d %8d %8.1f %9.2f %9.2f %10.2f %14s %14s" % (
                name, r["queries"], r["errors"], r["qps"], r["p50_ms"], r["p99_ms"],
                r["cpu_ms_per_query"], mib(r["vmhwm_after_load_kib"]),
                mib(r["vmhwm_after_run_kib"])))
        rq, cq = results[ref.name]["qps"], results[cand.name]["qps"]
        ratio = cq / rq if rq else 0.0
        rc, cc = (results[ref.name]["cpu_ms_per_query"],
                  results[cand.name]["cpu_ms_per_query"])
        cpu_ratio = rc / cc if cc else 0.0
        if args.loadgen:
            print("client CPU (http_load): %s" % ", ".join(
                "%s %.1f%% of the run" % (
                    name, 100 * r["client_cpu_seconds"] / max(r["seconds"], 1e-9))
                for name, r in results.items()))
        print("\nthroughput ratio %s/%s: %.2fx" % (cand.name, ref.name, ratio))
        print("CPU time per query, %s/%s: %.2fx" % (ref.name, cand.name, cpu_ratio))
        if args.verify:
            print("verified %d answers: %d differ" % (min(args.verify, len(queries)), len(mism)))
            for params, diffs in mism[:5]:
                print("  %s: %s" % (params, diffs))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"results": results, "ratio": ratio, "cpu_ratio": cpu_ratio,
                           "clients": args.clients, "mismatches": len(mism)}, f, indent=1)
        return 0
    except RuntimeError as e:
        print("compare_prometheus: %s" % e, file=sys.stderr)
        return 2
    finally:
        for s in servers:
            s.stop()
        if args.keep:
            print("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
