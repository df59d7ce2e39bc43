#!/usr/bin/env python3
"""Deterministic recording generator for tocsin's differential tests.

Writes a recording in OpenMetrics text with a timestamp (seconds) on every
sample, the format both `promtool tsdb create-blocks-from openmetrics` and
`tocsin serve --series FILE` read:

    # HELP http_requests Requests served.
    # TYPE http_requests counter
    http_requests_total{code="200",instance="api-0:8080",job="api",method="GET"} 17 1700000000
    ...
    # EOF

Every family is written as one block (TYPE line, then each series with its
samples in time order); the file ends with `# EOF`. Timestamps are whole
seconds or multiples of 1/8 s so that promtool's `int64(ts * 1000)` and an
exact decimal reading agree.

The default recording (about 300 series, 2 hours, 15 s and 30 s scrapes)
contains: counters with resets (instance restarts) and gaps (missing scrapes,
one gap longer than the 5m lookback), classic histograms (`_bucket` with
`le` up to `+Inf`, `_sum`, `_count`), gauges (negative values, large values,
one NaN), an instance that stops early and one that starts late, scrape
jitter on two instances, metrics that differ only by name (for duplicate
label set errors), an info metric for group_left joins and two malformed
histograms (no `+Inf` bucket, non-monotonic buckets).

Usage:
    gen_recording.py [--scale default|small|1k|10k|100k|N] [--seed S]
                     [--start UNIX] [--duration SECONDS] [-o FILE]

`--scale small` is the README's example (two instances, 30 minutes).
`--scale 10k` (or any number, with an optional k suffix) writes a bench
recording with about that many series (regular 15 s scrapes, default
duration 1h for up to 10k series and 20m above). Other scripts import
`generate()` and `META` from this module.
"""

import argparse
import math
import random
import sys

DEFAULT_START = 1700000000  # 2023-11-14T22:13:20Z
DEFAULT_SEED = 20230314

BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1",
           "2.5", "5", "10", "+Inf"]


def fmt_value(v):
    """Formats a float as the text format expects it."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def fmt_ts(t):
    """Formats a timestamp in seconds (float, multiple of 1/8 s)."""
    if t == int(t):
        return str(int(t))
    return repr(t)


def fmt_labels(labels):
    if not labels:
        return ""
    parts = []
    for k in sorted(labels):
        v = labels[k].replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        parts.append('%s="%s"' % (k, v))
    return "{" + ",".join(parts) + "}"


class Instance:
    """One scrape target: its scrape times and its lifetime events."""

    def __init__(self, job, name, interval, start, end, rng, jitter=False,
                 gap_rate=0.0, long_gap=None, restarts=(), up_from=None,
                 up_until=None):
        self.job = job
        self.name = name
        self.interval = interval
        self.restarts = sorted(restarts)
        # scrapes: list of (timestamp, scraped_ok, epoch) where epoch counts
        # the restarts before the scrape.
        self.scrapes = []
        t = start
        first = start if up_from is None else up_from
        last = end if up_until is None else up_until
        while t <= end:
            if first <= t <= last:
                ts = float(t)
                if jitter:
                    ts += rng.randint(-12, 12) / 8.0
                ok = rng.random() >= gap_rate
                if long_gap and long_gap[0] <= t < long_gap[1]:
                    ok = False
                epoch = sum(1 for r in self.restarts if r <= t)
                self.scrapes.append((ts, ok, epoch))
            t += interval

    def labels(self, **extra):
        d = {"job": self.job, "instance": self.name}
        d.update(extra)
        return d


class Family:
    def __init__(self, name, mtype, help_text):
        self.name = name
        self.mtype = mtype
        self.help = help_text
        self.series = []  # (sample name, labels, [(ts, value)])

    def add(self, sample_name, labels, samples):
        if samples:
            self.series.append((sample_name, labels, samples))

    def write(self, out):
        out.write("# HELP %s %s\n" % (self.name, self.help))
        out.write("# TYPE %s %s\n" % (self.name, self.mtype))
        for sample_name, labels, samples in self.series:
            prefix = sample_name + fmt_labels(labels) + " "
            out.write("".join("%s%s %s\n" % (prefix, fmt_value(v), fmt_ts(t))
                              for t, v in samples))


def counter_series(inst, rng, rate, jitter_frac=0.5, floats=False,
                   reset_value=0.0):
    """A counter over the instance's successful scrapes, reset on restart."""
    out = []
    value = rng.uniform(0, 50) if floats else float(rng.randint(0, 50))
    epoch = 0
    last_t = None
    for ts, ok, ep in inst.scrapes:
        if ep != epoch:
            epoch = ep
            value = reset_value
            last_t = ts
        if last_t is not None:
            dt = ts - last_t
            inc = rate * dt * (1 + rng.uniform(-jitter_frac, jitter_frac))
            inc = max(inc, 0.0)
            value += round(inc, 3) if floats else float(int(inc))
        last_t = ts
        if ok:
            out.append((ts, value))
    return out


def gauge_series(inst, rng, base, amplitude, period, noise, integer=False):
    out = []
    for ts, ok, _ in inst.scrapes:
        if not ok:
            continue
        v = base + amplitude * math.sin(2 * math.pi * (ts % period) / period)
        v += rng.uniform(-noise, noise)
        v = float(round(v)) if integer else round(v, 4)
        out.append((ts, v))
    return out


def histogram_series(inst, rng, mean_rate, median):
    """Cumulative bucket counts, _sum and _count over the scrapes."""
    bounds = [float(b) if b != "+Inf" else math.inf for b in BUCKETS]
    counts = [0.0] * len(bounds)
    total_sum = 0.0
    epoch = 0
    buckets_out = [[] for _ in bounds]
    sum_out, count_out = [], []
    last_t = None
    for ts, ok, ep in inst.scrapes:
        if ep != epoch:
            epoch = ep
            counts = [0.0] * len(bounds)
            total_sum = 0.0
        if last_t is not None:
            n = max(0, int(mean_rate * (ts - last_t) * rng.uniform(0.5, 1.5)))
            for _ in range(n):
                obs = rng.lognormvariate(math.log(median), 1.0)
                total_sum += obs
                for i, b in enumerate(bounds):
                    if obs <= b:
                        counts[i] += 1
        last_t = ts
        if ok:
            for i in range(len(bounds)):
                buckets_out[i].append((ts, counts[i]))
            sum_out.append((ts, round(total_sum, 6)))
            count_out.append((ts, counts[-1]))
    return buckets_out, sum_out, count_out


def add_service_metrics(fams, inst, rng, req_rate, hist_rate, median):
    """up, requests, errors, latency histogram, process gauges, version."""
    up = [(ts, 1.0 if ok else 0.0) for ts, ok, _ in inst.scrapes]
    fams["up"].add("up", inst.labels(), up)
    for method, mshare in (("GET", 1.0), ("POST", 0.3)):
        for code, cshare in (("200", 1.0), ("404", 0.05), ("500", 0.01)):
            fams["http_requests"].add(
                "http_requests_total", inst.labels(method=method, code=code),
                counter_series(inst, rng, req_rate * mshare * cshare))
    fams["http_errors"].add("http_errors_total", inst.labels(),
                            counter_series(inst, rng, req_rate * 0.02))
    fams["http_timeouts"].add("http_timeouts_total", inst.labels(),
                              counter_series(inst, rng, req_rate * 0.005))
    for handler, share in (("/api/v1/query", 1.0), ("/metrics", 0.2)):
        buckets, sums, counts = histogram_series(inst, rng, hist_rate * share,
                                                 median)
        for le, samples in zip(BUCKETS, buckets):
            fams["http_request_duration_seconds"].add(
                "http_request_duration_seconds_bucket",
                inst.labels(handler=handler, le=le), samples)
        fams["http_request_duration_seconds"].add(
            "http_request_duration_seconds_sum", inst.labels(handler=handler),
            sums)
        fams["http_request_duration_seconds"].add(
            "http_request_duration_seconds_count",
            inst.labels(handler=handler), counts)
    start_times = []
    boot = inst.scrapes[0][0] - rng.randint(100, 5000) if inst.scrapes else 0
    for ts, ok, ep in inst.scrapes:
        if ep > 0:
            boot = inst.restarts[ep - 1]
        if ok:
            start_times.append((ts, float(boot)))
    fams["process_start_time_seconds"].add("process_start_time_seconds",
                                           inst.labels(), start_times)
    fams["process_resident_memory_bytes"].add(
        "process_resident_memory_bytes", inst.labels(),
        gauge_series(inst, rng, 2.5e8, 5e7, 3600, 1e7, integer=True))
    version = "1.4.2" if inst.name.endswith("0:8080") else "1.5.0"
    fams["build_info"].add(
        "build_info", inst.labels(version=version),
        [(ts, 1.0) for ts, ok, _ in inst.scrapes if ok])


def new_families():
    specs = [
        ("up", "gauge", "Whether the target was scraped."),
        ("http_requests", "counter", "Requests served."),
        ("http_errors", "counter", "Requests that failed."),
        ("http_timeouts", "counter", "Requests that timed out."),
        ("http_request_duration_seconds", "histogram", "Request latency."),
        ("process_start_time_seconds", "gauge", "Process start time."),
        ("process_resident_memory_bytes", "gauge", "Resident memory."),
        ("build_info", "gauge", "Build information."),
        ("node_cpu_seconds", "counter", "CPU time per mode."),
        ("node_network_receive_bytes", "counter", "Bytes received."),
        ("node_temperature_celsius", "gauge", "Sensor temperature."),
        ("node_filesystem_free_bytes", "gauge", "Free bytes."),
        ("queue_length", "gauge", "Items waiting in a queue."),
        ("batch_last_success_timestamp_seconds", "gauge",
         "Last successful batch run."),
        ("deployment_replicas", "gauge", "Replicas of a deployment."),
        ("weird_latency_seconds_bucket", "unknown",
         "Malformed histogram buckets."),
    ]
    return {name: Family(name, t, h) for name, t, h in specs}


def generate_default(out, seed, start, duration):
    """The differential test recording; returns its metadata."""
    rng = random.Random(seed)
    end = start + duration
    fams = new_families()
    early_end = start + duration // 3        # web-2 disappears here
    late_start = start + (duration * 2) // 3  # api-3 appears here
    long_gap = (start + duration // 2, start + duration // 2 + 390)
    services = [
        Instance("api", "api-0:8080", 15, start, end, rng, gap_rate=0.02,
                 restarts=[start + int(duration * 0.375)]),
        Instance("api", "api-1:8080", 15, start, end, rng, gap_rate=0.01,
                 long_gap=long_gap),
        Instance("api", "api-2:8080", 15, start, end, rng,
                 restarts=[start + int(duration * 0.25),
                           start + int(duration * 0.8)]),
        Instance("api", "api-3:8080", 15, start, end, rng,
                 up_from=late_start),
        Instance("web", "web-0:80", 30, start, end, rng, gap_rate=0.03,
                 restarts=[start + int(duration * 0.7)]),
        Instance("web", "web-1:80", 30, start, end, rng, jitter=True),
        Instance("web", "web-2:80", 30, start, end, rng, up_until=early_end),
    ]
    for i, inst in enumerate(services):
        add_service_metrics(fams, inst, rng, req_rate=8.0 + 3 * i,
                            hist_rate=0.5 + 0.1 * i,
                            median=0.05 if inst.job == "api" else 0.2)
    nodes = [
        Instance("node", "node-0:9100", 15, start, end, rng, gap_rate=0.01),
        Instance("node", "node-1:9100", 15, start, end, rng, jitter=True),
    ]
    for inst in nodes:
        fams["up"].add("up", inst.labels(),
                       [(ts, 1.0 if ok else 0.0) for ts, ok, _ in inst.scrapes])
        for cpu in ("0", "1"):
            for mode, share in (("idle", 0.8), ("user", 0.15),
                                ("system", 0.05)):
                fams["node_cpu_seconds"].add(
                    "node_cpu_seconds_total", inst.labels(cpu=cpu, mode=mode),
                    counter_series(inst, rng, share, jitter_frac=0.2,
                                   floats=True))
        for device in ("eth0", "lo"):
            fams["node_network_receive_bytes"].add(
                "node_network_receive_bytes_total",
                inst.labels(device=device),
                counter_series(inst, rng, 1.25e6, floats=False))
        for sensor, base in (("cpu", 55.0), ("ambient", -3.5), ("disk", 38.0)):
            samples = gauge_series(inst, rng, base, 6.0, 1800, 1.5)
            if sensor == "ambient" and inst.name == "node-0:9100":
                k = len(samples) // 2
                samples[k] = (samples[k][0], math.nan)
            fams["node_temperature_celsius"].add(
                "node_temperature_celsius", inst.labels(sensor=sensor), samples)
        for mount, base in (("/", 4.0e10), ("/var", 1.2e11)):
            fams["node_filesystem_free_bytes"].add(
                "node_filesystem_free_bytes", inst.labels(mountpoint=mount),
                [(ts, float(int(base - 2.0e5 * (ts - start) +
                                rng.randint(0, 10 ** 6))))
                 for ts, ok, _ in inst.scrapes if ok])
    batch = Instance("batch", "batch-0:9200", 30, start, end, rng)
    fams["up"].add("up", batch.labels(), [(ts, 1.0) for ts, _, _ in batch.scrapes])
    for queue, base in (("emails", 40), ("reports", 5), ("thumbnails", 120)):
        fams["queue_length"].add(
            "queue_length", batch.labels(queue=queue),
            gauge_series(batch, rng, base, base * 0.8, 2400, 3, integer=True))
    last_success, samples = start - 1800, []
    for ts, _, _ in batch.scrapes:
        if ts > early_end:
            break
        if rng.random() < 0.05:
            last_success = ts
        samples.append((ts, float(last_success)))
    fams["batch_last_success_timestamp_seconds"].add(
        "batch_last_success_timestamp_seconds", batch.labels(), samples)
    for deployment, replicas in (("checkout", 3), ("search", 5)):
        samples, r = [], replicas
        for ts, _, _ in batch.scrapes:
            if ts < late_start:
                continue
            if rng.random() < 0.05:
                r = max(1, r + rng.choice((-1, 1)))
            samples.append((ts, float(r)))
        fams["deployment_replicas"].add(
            "deployment_replicas", {"deployment": deployment,
                                    "namespace": "shop"}, samples)
    weird = Instance("weird", "weird-0:1", 30, start, end, rng)
    bucket_sets = {
        "no_inf": [("0.1", 1), ("0.5", 3), ("1", 4)],
        "non_monotonic": [("0.1", 2), ("0.5", 5), ("1", 4), ("+Inf", 6)],
    }
    for kind, buckets in bucket_sets.items():
        for le, slope in buckets:
            fams["weird_latency_seconds_bucket"].add(
                "weird_latency_seconds_bucket",
                weird.labels(kind=kind, le=le),
                [(ts, float(slope * k)) for k, (ts, _, _) in
                 enumerate(weird.scrapes)])
    for fam in fams.values():
        fam.write(out)
    out.write("# EOF\n")
    return {
        "start": start, "end": end, "early_end": early_end,
        "late_start": late_start, "long_gap": long_gap,
        "restarts": sorted(r for inst in services for r in inst.restarts),
        "nan_series": 'node_temperature_celsius{instance="node-0:9100",sensor="ambient"}',
    }


def generate_scaled(out, seed, start, duration, n_series, interval=15):
    """A regular bench recording with about n_series series."""
    rng = random.Random(seed)
    per_instance = 1 + 6 + 14 + 1  # up, requests, histogram, memory
    n_inst = max(1, n_series // per_instance)
    end = start + duration
    steps = duration // interval + 1
    families = [
        ("up", "gauge"), ("http_requests", "counter"),
        ("http_request_duration_seconds", "histogram"),
        ("process_resident_memory_bytes", "gauge"),
    ]
    insts = [("svc-%d" % (i % 40), "10.%d.%d.%d:8080" %
              (i // 65536, (i // 256) % 256, i % 256)) for i in range(n_inst)]

    def write_series(name, labels, values):
        prefix = name + fmt_labels(labels) + " "
        out.write("".join("%s%s %d\n" % (prefix, fmt_value(v), start + k * interval)
                          for k, v in enumerate(values)))

    for fam, mtype in families:
        out.write("# TYPE %s %s\n" % (fam, mtype))
        for job, inst in insts:
            base = {"job": job, "instance": inst}
            if fam == "up":
                write_series("up", base, [1.0] * steps)
            elif fam == "http_requests":
                for method in ("GET", "POST"):
                    for code in ("200", "404", "500"):
                        rate = rng.uniform(0.1, 20)
                        v, vals = float(rng.randint(0, 1000)), []
                        for _ in range(steps):
                            vals.append(v)
                            v += float(int(rate * interval * rng.uniform(0.5, 1.5)))
                        write_series("http_requests_total",
                                     dict(base, method=method, code=code), vals)
            elif fam == "http_request_duration_seconds":
                rate = rng.uniform(0.1, 5)
                counts = [0.0] * len(BUCKETS)
                series = [[] for _ in BUCKETS]
                sums, total = [], 0.0
                for _ in range(steps):
                    for i in range(len(BUCKETS)):
                        series[i].append(counts[i])
                    sums.append(round(total, 4))
                    n = int(rate * interval)
                    for i, b in enumerate(BUCKETS):
                        frac = 1.0 if b == "+Inf" else min(1.0, float(b) * 4)
                        counts[i] += float(int(n * frac))
                    total += n * 0.11
                for le, vals in zip(BUCKETS, series):
                    write_series("http_request_duration_seconds_bucket",
                                 dict(base, le=le), vals)
                write_series("http_request_duration_seconds_sum", base, sums)
                write_series("http_request_duration_seconds_count", base,
                             series[-1])
            else:
                base_mem = rng.uniform(1e8, 1e9)
                write_series("process_resident_memory_bytes", base,
                             [float(int(base_mem + rng.uniform(0, 1e7)))
                              for _ in range(steps)])
    out.write("# EOF\n")
    return {"start": start, "end": end, "series": n_inst * per_instance,
            "instances": n_inst}


def generate_small(out, seed, start):
    """The README's example: two api instances, 30 minutes, 30 s scrapes."""
    rng = random.Random(seed)
    end = start + 1800
    fams = new_families()
    for i, name in enumerate(("api-0:8080", "api-1:8080")):
        inst = Instance("api", name, 30, start, end, rng,
                        restarts=[start + 900] if i == 1 else ())
        add_service_metrics(fams, inst, rng, req_rate=5.0 + i, hist_rate=0.5,
                            median=0.05)
    for fam in fams.values():
        if fam.series:
            fam.write(out)
    out.write("# EOF\n")
    return {"start": start, "end": end}


def parse_scale(text):
    if text in ("default", "small"):
        return text
    t = text.lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1000000, t[:-1]
    return int(float(t) * mult)


def generate(out, scale="default", seed=DEFAULT_SEED, start=DEFAULT_START,
             duration=None):
    """Writes the recording for `scale` to `out`; returns its metadata."""
    if scale == "default":
        return generate_default(out, seed, start, duration or 7200)
    if scale == "small":
        return generate_small(out, seed, start)
    if duration is None:
        duration = 3600 if scale <= 10000 else 1200
    return generate_scaled(out, seed, start, duration, scale)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", default="default",
                    help="default, small, or a series count like 1k, 10k, 100k")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--start", type=int, default=DEFAULT_START,
                    help="timestamp of the first scrape (Unix seconds)")
    ap.add_argument("--duration", type=int, default=None,
                    help="length in seconds (default 2h; bench: 1h or 20m)")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    scale = parse_scale(args.scale)
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    try:
        meta = generate(out, scale, args.seed, args.start, args.duration)
    finally:
        if out is not sys.stdout:
            out.close()
    print("generated: %s" % meta, file=sys.stderr)


if __name__ == "__main__":
    main()
