#!/usr/bin/env python3
"""Writes examples/sergas/recording.om: an hour and forty minutes of the
Sergas app's metrics, scraped every 15 s, in which every alert of the seed's
`sergas_critical` / `sergas_warning` groups (alerts.yml) goes pending,
fires and resolves.

Deterministic (a fixed seed, standard library only): running it again
writes the same bytes. Timestamps are seconds from 0 (recording_test.yml
evaluates the rules at offsets from 0; the daemon's replay shifts the
recording to the wall clock anyway). About 3 MB, 58 series.

Two app replicas (job="sergas-app", instances sergas-app-1:8000 and
sergas-app-2:8000) and a node exporter on each host (job="node",
sergas-app-N:9100). The story, and when each alert changes state with the
groups' own intervals (30s critical, 1m warning, slots at multiples of
the interval from 0; pending / firing / resolved):

  00:00  quiet: ~15 req/s per replica, 0.1% errors, p95 ~1.8 s on
         POST /api/v1/recommendations, pool 6 of 20, app-2 leaking
         30 MiB/min from 1.55 GiB
  00:03  ML model v2 rolled out: upsell recommendation confidence drops
         (median 0.84 -> 0.64)
  00:05  Zoho tier1 starts failing: POST /api/v1/recommendations answers
         500 for 55% of requests
  00:08  tier1 circuit breakers open (app-2 15 s later): requests fail
         fast with 503
  00:20  Zoho is back: breakers half-open, closed at 00:20:30
  00:30  the nightly report on app-1 holds DB connections: pool at 19-20
         of 20, app-1's recommendations slow down (p95 ~5 s)
  00:48  the DBA kills the report
  01:05  app-2 OOM-killed at 3.5 GiB: up == 0 for four minutes, its core
         dump fills / on its host to 17% free
  01:09  app-2 back (counters reset, 0.42 GiB)
  01:15  model v2 rolled back
  01:25  on-call deletes the core dump
  01:40  end

  alert                        labels                pending   firing    resolved
  HighErrorRate                (sum)                 00:07:30  00:12:30  00:23:30
  CircuitBreakerOpen           app-1, tier1          00:08:00  00:13:00  00:20:00
  CircuitBreakerOpen           app-2, tier1          00:08:30  00:13:30  00:20:00
  DatabasePoolExhausted        app-1                 00:32:30  00:34:30  00:48:00
  HighResponseTime             app-1 POST /recs      00:32     00:42     00:53
  HighMemoryUsage              app-2                 00:50     01:00     01:09
  ServiceDown                  app-2                 01:05:00  01:06:00  01:09:00
  DiskSpaceLow                 app-2 host            01:06     01:11     01:25
  LowRecommendationConfidence  app-1, upsell         00:13     01:13     01:32
  LowRecommendationConfidence  app-2, upsell         00:13     01:13     01:29

The recording has no staleness markers (OpenMetrics text cannot carry
them), so app-2's last memory sample stays visible through the outage
(5m lookback) and HighMemoryUsage resolves when app-2 reports again.
recording_test.yml pins evaluation times and exact annotation values.

Usage: gen_recording.py [-o FILE]
  (default FILE: recording.om beside this script; the build and
  scripts/run-example.sh write it there)
"""

import argparse
import io
import math
import os
import random

STEP = 15
M = 60
END = 100 * M  # 01:40
SEED = 20231114

APPS = ["sergas-app-1:8000", "sergas-app-2:8000"]
NODES = ["sergas-app-1:9100", "sergas-app-2:9100"]

# The story, in seconds from the start.
ZOHO_FAIL = 5 * M
BREAKER_OPEN = {APPS[0]: 8 * M, APPS[1]: 8 * M + 15}
ZOHO_BACK = 20 * M  # breakers go half-open, then close 30 s later
MODEL_V2 = 3 * M
MODEL_ROLLBACK = 75 * M
REPORT_START = 30 * M  # app-1's pool fills up
REPORT_KILLED = 48 * M
OOM = 65 * M  # app-2 down from here ...
BACK = 69 * M  # ... to here (first good scrape)
COREDUMP_DELETED = 85 * M

GIB = 1024 ** 3
DISK_SIZE = 40 * GIB

LATENCY_BUCKETS = ["0.01", "0.05", "0.1", "0.5", "1", "2", "5", "+Inf"]
CONFIDENCE_BUCKETS = ["0.5", "0.6", "0.7", "0.8", "0.9", "1", "+Inf"]

TYPES = ["upsell"]  # recommendation types

# Cumulative shares of requests per latency bucket.
LAT_RECS = [0.0, 0.01, 0.05, 0.5, 0.85, 0.98, 0.998, 1]
LAT_RECS_STARVED = [0.0, 0.0, 0.02, 0.2, 0.4, 0.6, 0.95, 1]
LAT_FAST_FAIL = [0.9, 1, 1, 1, 1, 1, 1, 1]
# Cumulative shares of recommendations per confidence bucket.
CONF_GOOD = [0.01, 0.02, 0.05, 0.3, 0.75, 1, 1]  # median 0.84
CONF_V2 = [0.15, 0.4, 0.65, 0.85, 0.96, 1, 1]  # median 0.64


def fmt_labels(labels):
    return "{" + ",".join('%s="%s"' % (k, labels[k])
                          for k in sorted(labels)) + "}"


def fmt_value(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return "%.6g" % v if abs(v) < 1e6 else "%.10g" % v


def mix(a, b, w):
    """Cumulative shares: a weighted w toward b."""
    return [x * (1 - w) + y * w for x, y in zip(a, b)]


class Family:
    def __init__(self, name, mtype, help_text):
        self.name, self.mtype, self.help = name, mtype, help_text
        self.series = {}  # (sample name, labels tuple) -> [(t, v)]
        self.order = []

    def add(self, sample, labels, t, v):
        key = (sample, tuple(sorted(labels.items())))
        if key not in self.series:
            self.series[key] = []
            self.order.append(key)
        self.series[key].append((t, v))

    def write(self, out):
        out.write("# HELP %s %s\n" % (self.name, self.help))
        out.write("# TYPE %s %s\n" % (self.name, self.mtype))
        for key in self.order:
            prefix = key[0] + fmt_labels(dict(key[1])) + " "
            out.write("".join("%s%s %d\n" % (prefix, fmt_value(v), t)
                              for t, v in self.series[key]))


class Counters:
    """Float accumulators of one process; printed as whole counts."""

    def __init__(self):
        self.acc = {}

    def inc(self, key, by):
        self.acc[key] = self.acc.get(key, 0.0) + by

    def get(self, key):
        return self.acc.get(key, 0.0)


def app_up(inst, t):
    return not (inst == APPS[1] and OOM <= t < BACK)


def generate():
    rng = random.Random(SEED)
    fams = {
        "up": Family("up", "gauge", "Whether the target was scraped."),
        "req": Family("sergas_http_requests", "counter",
                      "Total HTTP requests"),
        "lat": Family("sergas_http_request_duration_seconds", "histogram",
                      "HTTP request duration"),
        "dba": Family("sergas_db_connections_active", "gauge",
                      "Active database connections"),
        "dbt": Family("sergas_db_connections_total", "gauge",
                      "Total database connections"),
        "cb": Family("sergas_zoho_circuit_breaker_state", "gauge",
                     "Zoho circuit breaker state (0=closed, 1=open, 2=half-open)"),
        "conf": Family("sergas_recommendation_confidence", "histogram",
                       "Recommendation confidence scores"),
        "mem": Family("process_resident_memory_bytes", "gauge",
                      "Resident memory size in bytes."),
        "avail": Family("node_filesystem_avail_bytes", "gauge",
                        "Filesystem space available to non-root users in bytes."),
        "size": Family("node_filesystem_size_bytes", "gauge",
                       "Filesystem size in bytes."),
    }
    procs = {inst: Counters() for inst in APPS}
    pool = {inst: 6.0 for inst in APPS}
    mem_base = {APPS[0]: 1.18 * GIB, APPS[1]: 1.55 * GIB}
    leak_since = {APPS[0]: None, APPS[1]: 0}
    disk_used = {NODES[0]: 0.61 * DISK_SIZE, NODES[1]: 0.72 * DISK_SIZE}

    for t in range(0, END + 1, STEP):
        day = 1 + 0.08 * math.sin(2 * math.pi * t / (3 * 3600))
        for inst in APPS:
            base = {"instance": inst, "job": "sergas-app"}
            up = app_up(inst, t)
            fams["up"].add("up", base, t, 1 if up else 0)
            if not up:
                procs[inst] = Counters()  # the restarted process starts at 0
                mem_base[inst] = 0.42 * GIB
                leak_since[inst] = BACK
                continue
            c = procs[inst]
            share = 2.0 if (inst == APPS[0] and OOM < t <= BACK) else 1.0
            noise = lambda: 1 + rng.uniform(-0.06, 0.06)
            if t > 0:
                n_acc = 12.0 * STEP * day * share * noise()
                n_rec = 3.0 * STEP * day * share * noise()
                zoho_down = ZOHO_FAIL < t <= ZOHO_BACK
                open_ = BREAKER_OPEN[inst] < t <= ZOHO_BACK
                fail = 0.0015
                if zoho_down:
                    fail = 0.7 if open_ else 0.55
                c.inc(("GET", "/api/v1/accounts", "200"), n_acc)
                c.inc(("POST", "/api/v1/recommendations", "200"),
                      n_rec * (1 - fail))
                c.inc(("POST", "/api/v1/recommendations",
                       "503" if open_ else "500"), n_rec * fail)
                c.inc(("POST", "/api/v1/recommendations", "503"), 0)
                starved = (inst == APPS[0]
                           and REPORT_START + 60 < t <= REPORT_KILLED + 15)
                rec_lat = LAT_RECS_STARVED if starved else LAT_RECS
                if zoho_down:
                    rec_lat = mix(rec_lat, LAT_FAST_FAIL, fail)
                # Latency of the recommendations endpoint (Zoho + DB).
                for le, s in zip(LATENCY_BUCKETS, rec_lat):
                    c.inc(("lat", le), n_rec * s)
                mean = 0.6 * (6 if starved else 1)
                c.inc(("latsum",), n_rec * mean * noise())
                # Recommendations scored: ~2/s per replica and type.
                v2 = MODEL_V2 < t <= MODEL_ROLLBACK
                for typ in TYPES:
                    n = 2.0 * STEP * share * noise()
                    shares = CONF_V2 if (v2 and typ == "upsell") else CONF_GOOD
                    for le, s in zip(CONFIDENCE_BUCKETS, shares):
                        c.inc(("conf", typ, le), n * s)
            for m, ep, st in (("GET", "/api/v1/accounts", "200"),
                              ("POST", "/api/v1/recommendations", "200"),
                              ("POST", "/api/v1/recommendations", "500"),
                              ("POST", "/api/v1/recommendations", "503")):
                fams["req"].add("sergas_http_requests_total",
                                dict(base, method=m, endpoint=ep, status=st),
                                t, math.floor(c.get((m, ep, st))))
            lb = dict(base, method="POST", endpoint="/api/v1/recommendations")
            for le in LATENCY_BUCKETS:
                fams["lat"].add("sergas_http_request_duration_seconds_bucket",
                                dict(lb, le=le), t,
                                math.floor(c.get(("lat", le))))
            fams["lat"].add("sergas_http_request_duration_seconds_sum",
                            lb, t, round(c.get(("latsum",)), 3))
            fams["lat"].add("sergas_http_request_duration_seconds_count",
                            lb, t, math.floor(c.get(("lat", "+Inf"))))
            # The DB pool (20 connections per replica).
            target = 6 + 2 * math.sin(2 * math.pi * t / 1200)
            if inst == APPS[0] and REPORT_START <= t < REPORT_KILLED:
                target = min(20.0, 6 + 14 * (t - REPORT_START) / 150.0)
            pool[inst] += (target - pool[inst]) * 0.7
            active = min(20, max(0, round(pool[inst] + rng.uniform(-1, 1))))
            if target >= 19.5:
                active = 19 + (t // STEP) % 2  # saturated: 19 or 20
            fams["dba"].add("sergas_db_connections_active", base, t, active)
            fams["dbt"].add("sergas_db_connections_total", base, t, 20)
            for tier in ("tier1", "tier2"):
                state = 0
                if tier == "tier1":
                    if BREAKER_OPEN[inst] <= t < ZOHO_BACK:
                        state = 1
                    elif ZOHO_BACK <= t < ZOHO_BACK + 30:
                        state = 2
                fams["cb"].add("sergas_zoho_circuit_breaker_state",
                               dict(base, tier=tier), t, state)
            for typ in TYPES:
                for le in CONFIDENCE_BUCKETS:
                    fams["conf"].add("sergas_recommendation_confidence_bucket",
                                     dict(base, type=typ, le=le), t,
                                     math.floor(c.get(("conf", typ, le))))
            mem = mem_base[inst] + rng.uniform(-20, 20) * 1024 ** 2
            if leak_since[inst] is not None:
                mem += 30 * 1024 ** 2 * (t - leak_since[inst]) / 60.0
            fams["mem"].add("process_resident_memory_bytes", base, t,
                            float(int(mem) // 4096 * 4096))
        for node in NODES:
            base = {"device": "/dev/nvme0n1p1", "fstype": "ext4",
                    "instance": node, "job": "node", "mountpoint": "/"}
            disk_used[node] += 2.0 * 1024 ** 2 * STEP / 60  # logs: 2 MiB/min
            used = disk_used[node]
            if node == NODES[1] and OOM <= t < COREDUMP_DELETED:
                used += 4.4 * GIB * min(1.0, (t - OOM + STEP) / 60.0)
            fams["avail"].add("node_filesystem_avail_bytes", base, t,
                              float((DISK_SIZE - int(used)) // 4096 * 4096))
            fams["size"].add("node_filesystem_size_bytes", base, t,
                             float(DISK_SIZE))
    return fams


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=os.path.join(here,
                                                           "recording.om"))
    args = ap.parse_args()
    buf = io.StringIO()
    for f in generate().values():
        f.write(buf)
    buf.write("# EOF\n")
    with open(args.output, "w", newline="\n") as out:
        out.write(buf.getvalue())


if __name__ == "__main__":
    main()
