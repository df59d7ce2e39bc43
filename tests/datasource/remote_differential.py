#!/usr/bin/env python3
"""tocsin evaluating through its remote datasource must answer exactly as
Prometheus 2.42 answers the same queries itself.

Starts a Prometheus on 127.0.0.1 over backfilled blocks (promtool tsdb
create-blocks-from openmetrics) plus a later stretch of samples with
staleness markers sent by remote write, then `tocsin serve
--datasource.url=<that Prometheus>`, and sends every expression below at
many instant times and several range windows to both. The answers must
agree: HTTP status, status, errorType, resultType, label sets (in order for
range results), timestamps, and values within 1e-9 relative (NaN equals
NaN). Standard library only. Exit code 77 when prometheus or promtool is
missing (ctest reports the test as skipped).
"""

import argparse
import http.client
import json
import math
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

T0 = 1700000000          # start of the backfilled data (seconds)
BLOCK_END = T0 + 3 * 3600
T1 = BLOCK_END + 600     # start of the remote-written stretch
T1_END = T1 + 50 * 60

EXPRESSIONS = [
    "http_requests_total",
    'http_requests_total{instance=~"a|b"}',
    "http_requests_total offset 5m",
    "http_requests_total offset -2m",
    "http_requests_total @ %d" % (T0 + 3600),
    "http_requests_total @ %d offset 10m" % (T0 + 5400),
    "rate(http_requests_total[5m])",
    "rate(http_requests_total[1m])",
    "irate(http_requests_total[2m])",
    "increase(http_requests_total[10m] offset 2m)",
    "rate(http_requests_total[5m] @ %d)" % (T0 + 2000),
    "sum by (job) (rate(http_requests_total[5m]))",
    "resets(http_requests_total[30m])",
    "http_requests_total - http_requests_total offset 1h",
    "temp",
    "temp > 20",
    "temp @ end()",
    "max_over_time(temp[10m])",
    "avg_over_time(temp[7m30s])",
    "changes(temp[15m])",
    "deriv(temp[10m])",
    "topk(2, temp)",
    "timestamp(temp)",
    "timestamp(http_requests_total offset 1m)",
    "timestamp(temp @ %d)" % (T0 + 4321),
    "timestamp(flappy)",
    "time() - timestamp(up)",
    "flappy",
    "flappy offset 30s",
    "count_over_time(flappy[2m])",
    "last_over_time(flappy[1m])",
    "max_over_time(flappy[10m:1m])",
    "sum_over_time(flappy[5m:20s] offset 1m)",
    "rate(http_requests_total[5m:30s])",
    "min_over_time(temp[20m:45s] offset 3m)",
    "max_over_time(timestamp(flappy)[5m:1m])",
    'absent(flappy{id="3"})',
    "absent_over_time(flappy[1m])",
    "sum(up)",
    "up == 0",
    "count by (job) (up)",
    "{__name__=~\"temp|up\"}",
    "vector(1) + on() group_left() sum(temp)",
    "scalar(sum(up))",
]

# Instant query times: on samples, between them, at gap edges, around the
# staleness markers, past the end of data.
INSTANT_TIMES = [
    T0, T0 + 15, T0 + 299.999, T0 + 300, T0 + 301, T0 + 3600, T0 + 3601.5,
    T0 + 4200, T0 + 4500, T0 + 5399, T0 + 5400, T0 + 5700, T0 + 6000,
    T0 + 7200, T0 + 9000, BLOCK_END - 1, BLOCK_END + 120, BLOCK_END + 301,
    T1, T1 + 60, T1 + 300, T1 + 305, T1 + 330, T1 + 600, T1 + 615,
    T1 + 1200, T1 + 1500.25, T1 + 1800, T1 + 2400, T1_END, T1_END + 200,
    T1_END + 400,
]

RANGE_WINDOWS = [
    (T0, T0 + 3600, 15),
    (T0 + 3000, T0 + 7000, 60),
    (T0 + 100, BLOCK_END + 900, 420),
    (T1 - 300, T1_END + 400, 15),
    (T1, T1 + 1800, 7.5),
]

# One long window with a 1s step: more than Prometheus's 11,000 points,
# so tocsin must split its range queries.
LONG_WINDOW_EXPRESSIONS = ["temp", "flappy", "timestamp(temp)"]
LONG_WINDOW = (T0, T0 + 3 * 3600 - 1, 1)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- data -------------------------------------------------------------------

def openmetrics():
    """Three hours of scrapes for the backfilled blocks."""
    lines = ["# TYPE http_requests_total counter",
             "# TYPE temp gauge", "# TYPE up gauge"]
    samples = []
    for i in range(0, 3 * 3600 // 15):
        t = T0 + i * 15
        # a: steady counter with a reset at 1h30m.
        value = i * 3 if t < T0 + 5400 else (i - 360) * 2
        samples.append(("http_requests_total", 'job="api",instance="a"', t, value))
        # b: a 20-minute gap from 1h10m (lookback runs out; rate over it).
        if not (T0 + 4200 <= t < T0 + 5400):
            samples.append(("http_requests_total", 'job="api",instance="b"', t, i * 5))
        # c: starts late, every 30s, jittered by milliseconds.
        if t >= T0 + 3000 and i % 2 == 0:
            samples.append(("http_requests_total", 'job="db",instance="c"',
                            t + 0.123 * (i % 3), i * 7 + 1))
        # temp: gauges with NaN, negatives, irregular gaps.
        v = 20 + 5 * math.sin(i / 17.0)
        if i % 97 == 0:
            v = float("nan")
        samples.append(("temp", 'room="kitchen"', t, v))
        if i % 5 != 3:
            samples.append(("temp", 'room="cellar"', t + 0.5, -3 + (i % 11)))
        samples.append(("up", 'job="api",instance="a"', t, 1))
        samples.append(("up", 'job="api",instance="b"', t,
                        0 if T0 + 4200 <= t < T0 + 5400 else 1))
    by_name = {}
    for name, labels, t, v in samples:
        by_name.setdefault(name, []).append((labels, t, v))
    out = []
    for name in ["http_requests_total", "temp", "up"]:
        out.append(lines[["http_requests_total", "temp", "up"].index(name)])
        rows = sorted(by_name[name], key=lambda r: (r[0], r[1]))
        for labels, t, v in rows:
            val = "NaN" if isinstance(v, float) and math.isnan(v) else repr(v)
            out.append("%s{%s} %s %s" % (name, labels, val, ("%.3f" % t)))
    out.append("# EOF")
    return "\n".join(out) + "\n"


STALE = None


def flappy_series():
    """Series with staleness markers, written after the blocks."""
    one, two = [], []
    for i in range(0, 50 * 4):
        t = T1 + i * 15
        ms = t * 1000
        if i in (20, 60, 61):          # marked stale, then back
            one.append((ms, STALE))
        elif 100 <= i < 110:           # stale for a while (no samples)
            if i == 100:
                one.append((ms, STALE))
        else:
            one.append((ms, float(i % 9)))
        if i < 40:
            two.append((ms + 7, float(i)))
        elif i == 40:
            two.append((ms + 7, STALE))  # disappears for good
    return [({"__name__": "flappy", "id": "1"}, one),
            ({"__name__": "flappy", "id": "2"}, two)]


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num, payload):
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def write_request(series):
    body = bytearray()
    for labels, samples in series:
        ts = bytearray()
        for name in sorted(labels):
            ts += _field(1, _field(1, name.encode()) + _field(2, labels[name].encode()))
        for t, v in samples:
            bits = (struct.pack("<Q", 0x7FF0000000000002) if v is None
                    else struct.pack("<d", v))
            ts += _field(2, b"\x09" + bits + b"\x10" + _varint(t))
        body += _field(1, bytes(ts))
    return bytes(body)


def snappy_literal(data):
    out = bytearray(_varint(len(data)))
    for i in range(0, len(data), 1 << 16):
        chunk = data[i:i + (1 << 16)]
        out.append(62 << 2)
        out += struct.pack("<I", len(chunk) - 1)[:3]
        out += chunk
    return bytes(out)


def remote_write(port, series):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/api/v1/write", body=snappy_literal(write_request(series)),
                 headers={"Content-Type": "application/x-protobuf",
                          "Content-Encoding": "snappy",
                          "X-Prometheus-Remote-Write-Version": "0.1.0"})
    resp = conn.getresponse()
    text = resp.read().decode()
    conn.close()
    if resp.status // 100 != 2:
        raise RuntimeError("remote write failed: %d %s" % (resp.status, text))


# --- servers ------------------------------------------------------------------

class Server:
    def __init__(self, name, argv, port, workdir):
        self.name, self.argv, self.port = name, argv, port
        self.log = os.path.join(workdir, name + ".log")
        self.proc = None

    def start(self):
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited:\n%s" % (self.name, open(self.log).read()[-3000:]))
            try:
                status, _ = get(self.port, "/api/v1/query", {"query": "1", "time": "0"})
                if status == 200:
                    return
            except (OSError, ValueError):
                # Not listening yet, or still starting (a plain-text 503).
                pass
            time.sleep(0.2)
        raise RuntimeError("%s not ready:\n%s" % (self.name, open(self.log).read()[-3000:]))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


_conns = {}


def get(port, path, params):
    url = path + "?" + urllib.parse.urlencode(params)
    for attempt in range(2):
        conn = _conns.get(port)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            _conns[port] = conn
        try:
            conn.request("GET", url)
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, json.loads(body.decode())
        except (ConnectionError, http.client.HTTPException):
            conn.close()
            _conns.pop(port, None)
            if attempt == 1:
                raise


# --- comparison -------------------------------------------------------------

def number(s):
    return float(s.replace("+Inf", "inf").replace("-Inf", "-inf"))


def same_value(a, b):
    x, y = number(a), number(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if x == y:
        return True
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y))


def series_key(s):
    return json.dumps(s.get("metric", {}), sort_keys=True)


def compare(want, got, ordered):
    ws, wb = want
    gs, gb = got
    if ws != gs:
        return "HTTP status %d, want %d" % (gs, ws)
    for field in ("status", "errorType", "error"):
        if wb.get(field) != gb.get(field):
            return "%s %r, want %r" % (field, gb.get(field), wb.get(field))
    if wb["status"] != "success":
        return None
    wd, gd = wb["data"], gb["data"]
    if wd["resultType"] != gd["resultType"]:
        return "resultType %s, want %s" % (gd["resultType"], wd["resultType"])
    wr, gr = wd["result"], gd["result"]
    if wd["resultType"] in ("scalar", "string"):
        if wr[0] != gr[0] or not same_value(str(wr[1]), str(gr[1])):
            return "%r, want %r" % (gr, wr)
        return None
    if not ordered:
        wr = sorted(wr, key=series_key)
        gr = sorted(gr, key=series_key)
    if [series_key(s) for s in wr] != [series_key(s) for s in gr]:
        return "series %s, want %s" % ([series_key(s) for s in gr],
                                       [series_key(s) for s in wr])
    for w, g in zip(wr, gr):
        wp = w.get("values") or [w["value"]]
        gp = g.get("values") or [g["value"]]
        if len(wp) != len(gp):
            return "%s: %d points, want %d" % (series_key(w), len(gp), len(wp))
        for a, b in zip(wp, gp):
            if a[0] != b[0] or not same_value(a[1], b[1]):
                return "%s: point %r, want %r" % (series_key(w), b, a)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tocsin", required=True)
    ap.add_argument("--prometheus", default=shutil.which("prometheus"))
    ap.add_argument("--promtool", default=shutil.which("promtool"))
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if not args.prometheus or not args.promtool:
        print("prometheus or promtool not installed: skipping")
        return 77

    workdir = tempfile.mkdtemp(prefix="tocsin-remote-diff-")
    servers = []
    try:
        om = os.path.join(workdir, "data.om")
        with open(om, "w") as f:
            f.write(openmetrics())
        data = os.path.join(workdir, "data")
        subprocess.run([args.promtool, "tsdb", "create-blocks-from", "openmetrics",
                        om, data], check=True, stdout=subprocess.DEVNULL)
        config = os.path.join(workdir, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1m\n")
        pport = free_port()
        prom = Server("prometheus", [
            args.prometheus, "--config.file=" + config,
            "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:%d" % pport,
            "--web.enable-remote-write-receiver", "--log.level=warn"], pport, workdir)
        prom.start()
        servers.append(prom)
        prom.wait_ready()
        remote_write(pport, flappy_series())

        tport = free_port()
        tocsin = Server("tocsin", [
            args.tocsin, "serve", "--datasource.url=http://127.0.0.1:%d" % pport,
            "--web.listen-address=127.0.0.1:%d" % tport], tport, workdir)
        tocsin.start()
        servers.append(tocsin)
        tocsin.wait_ready()

        checks, nonempty, failures = 0, 0, []

        def check(path, params, ordered):
            nonlocal checks, nonempty
            checks += 1
            want = get(pport, path, params)
            got = get(tport, path, params)
            if want[1].get("status") == "success" and want[1]["data"]["result"]:
                nonempty += 1
            problem = compare(want, got, ordered)
            if problem:
                failures.append("%s %s: %s" % (path, params, problem))

        for expr in EXPRESSIONS:
            for t in INSTANT_TIMES:
                check("/api/v1/query", {"query": expr, "time": "%.3f" % t},
                      ordered=expr.startswith("topk"))
            for start, end, step in RANGE_WINDOWS:
                check("/api/v1/query_range",
                      {"query": expr, "start": str(start), "end": str(end),
                       "step": str(step)}, ordered=True)
        for expr in LONG_WINDOW_EXPRESSIONS:
            start, end, step = LONG_WINDOW
            check("/api/v1/query_range", {"query": expr, "start": str(start),
                                          "end": str(end), "step": str(step)},
                  ordered=True)

        # `tocsin query --datasource.url` prints what the API would answer.
        for expr, t in (("sum by (job) (rate(http_requests_total[5m]))", T0 + 4000),
                        ("timestamp(flappy)", T1 + 330), ("flappy", T1 + 1500.25)):
            checks += 1
            proc = subprocess.run(
                [args.tocsin, "query", "--datasource.url=http://127.0.0.1:%d" % pport,
                 "--time", "%.3f" % t, expr],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
            want = get(pport, "/api/v1/query", {"query": expr, "time": "%.3f" % t})
            try:
                got = (200 if proc.returncode == 0 else 400, json.loads(proc.stdout))
            except ValueError:
                got = (proc.returncode, {"status": proc.stderr})
            problem = compare(want, got, ordered=False)
            if problem:
                failures.append("tocsin query %s: %s" % (expr, problem))
        proc = subprocess.run(
            [args.tocsin, "query", "--datasource.url=http://127.0.0.1:%d" % free_port(),
             "--datasource.timeout=5s", "--time", "1", "up"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
        if proc.returncode != 1 or '"errorType"' not in proc.stdout:
            failures.append("tocsin query against a down datasource: exit %d, %s %s" %
                            (proc.returncode, proc.stdout, proc.stderr))

        # The data is there: the comparisons are not all of empty results.
        for query, t in (("count(flappy)", T1 + 60), ("count(temp)", T0 + 60),
                         ("count(http_requests_total)", T0 + 4000)):
            status, body = get(pport, "/api/v1/query", {"query": query, "time": str(t)})
            if status != 200 or not body["data"]["result"]:
                failures.append("the test data is missing: %s %r" % (query, body))
        if nonempty < checks * 0.5:
            failures.append("only %d of %d answers are non-empty" % (nonempty, checks))

        print("%d comparisons (%d with a non-empty result), %d mismatches" %
              (checks, nonempty, len(failures)))
        for f in failures[:40]:
            print("MISMATCH", f)
        return 1 if failures else 0
    finally:
        for s in servers:
            s.stop()
        if args.keep:
            print("kept", workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
