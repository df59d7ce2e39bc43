#!/usr/bin/env python3
"""Alert ingest, notification latency and memory: tocsin router against
Alertmanager 0.25.

Both servers get the same config and the same alert stream, one after the
other (never both at once, so that they do not compete for the CPUs):

- the config is the seed's route tree (critical alerts to a pager receiver
  and, with `continue`, to a second one; warnings to a third; the default
  receiver last), grouped by [alertname, severity, cluster], group_wait
  10s, with the seed's inhibition rule; every receiver is a webhook
  pointed at a capture server in this script on 127.0.0.1;
- the stream is N distinct alerts (default 10,000: 40 alert names, 10 of
  them critical, 4 clusters, 63 instances, a summary and a description
  each) posted as Prometheus posts them: up to 64 alerts per POST
  /api/v2/alerts, startsAt the time the alerts began firing, endsAt 4
  minutes after each send; the whole stream is re-sent every 15s for a few
  rounds. Each round is posted as fast as the server accepts it, by
  several client threads with keep-alive connections (bench/http_load, a
  small C++ client, whose connections stay open from round to round as
  Prometheus keeps its connection to Alertmanager; or Python threads
  without it, connecting anew each round).

Printed per server: accepted alerts per second per round (first round:
new alerts and groups; later rounds: updates), with the client's own CPU
time so that a client-bound measurement shows; optionally a sustained
phase that re-posts the stream back to back for S seconds; notification
latency after group_wait (webhook arrival minus the first post of the
group's alerts minus group_wait; p50 / p99 / max); CPU time (user + system
of the server process) per 1,000 alerts over the whole run; peak RSS
(VmHWM); the load average of the machine; and the ratios tocsin /
Alertmanager. Then both servers' notifications are compared: the same
groups (receiver and group labels) with the same number of alerts, as
expected from the stream.

Usage:
  bench/compare_alertmanager.py --tocsin build/tocsin --loadgen build/bench/http_load
  bench/compare_alertmanager.py --tocsin build/tocsin --loadgen build/bench/http_load \\
      --rounds 4 --sustain 10 --repeat 3 --json out.json
Options:
  --alertmanager PATH  Alertmanager binary (default /usr/bin/prometheus-alertmanager)
  --alerts N           distinct alerts (default 10000)
  --batch N            alerts per POST (default 64)
  --rounds N           rounds of the stream, --interval apart (default 4)
  --interval S         seconds between rounds (default 15)
  --group-wait S       group_wait in seconds (default 10)
  --clients N          client threads / connections (default 4)
  --sustain S          after the rounds, re-post the stream back to back for
                       S seconds (default 0: off; needs --loadgen)
  --only NAME          run only "alertmanager" or "tocsin"
  --repeat N           run the comparison N times, every other run starting
                       with the other server, then print the median of each
                       ratio (default 1)
  --json FILE          write the results as JSON
  --keep               keep the temporary directory
"""

import argparse
import asyncio
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

CONFIG = """\
global:
  resolve_timeout: 5m
route:
  receiver: default
  group_by: [alertname, severity, cluster]
  group_wait: {group_wait}s
  group_interval: 5m
  repeat_interval: 4h
  routes:
  - matchers: ['severity="critical"']
    receiver: pager
    continue: true
  - matchers: ['severity="critical"']
    receiver: critical
  - matchers: ['severity="warning"']
    receiver: warning
receivers:
- name: default
  webhook_configs: [{{url: 'http://127.0.0.1:{port}/default'}}]
- name: pager
  webhook_configs: [{{url: 'http://127.0.0.1:{port}/pager'}}]
- name: critical
  webhook_configs: [{{url: 'http://127.0.0.1:{port}/critical'}}]
- name: warning
  webhook_configs: [{{url: 'http://127.0.0.1:{port}/warning'}}]
inhibit_rules:
- source_matchers: ['severity="critical"']
  target_matchers: ['severity="warning"']
  equal: [alertname, instance]
"""

GROUP_BY = ("alertname", "severity", "cluster")
# Receivers (webhook paths) per severity, as the route tree sends them.
RECEIVERS = {"critical": ("/pager", "/critical"), "warning": ("/warning",)}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rfc3339(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --- The alert stream (bench/router_bench.cc makes the same alerts) ---------

def alert_labels(i):
    k = i % 40
    name = "SergasAlert%d" % k
    return {
        "alertname": name,
        "severity": "critical" if k < 10 else "warning",
        "cluster": "eu-%d" % ((i // 40) % 4),
        "instance": "host-%d:9100" % (i // 160),
        "job": "svc-%d" % ((i // 160) % 10),
        "team": "t%d" % (k % 5),
    }


def alert_annotations(i):
    host = "host-%d" % (i // 160)
    return {
        "description": "Instance %s has been failing for 5 minutes (value %d.5)"
                       % (host, i % 97),
        "summary": "SergasAlert%d on %s" % (i % 40, host),
    }


def group_of(labels):
    return tuple(labels[n] for n in GROUP_BY)


class Stream:
    def __init__(self, n, batch):
        self.n = n
        self.batch = batch
        self.labels = [alert_labels(i) for i in range(n)]
        self.annotations = [alert_annotations(i) for i in range(n)]
        self.batches = [list(range(i, min(n, i + batch)))
                        for i in range(0, n, batch)]
        # Expected notifications: (path, group) -> alerts.
        self.expected = {}
        for lab in self.labels:
            for path in RECEIVERS[lab["severity"]]:
                key = (path, group_of(lab))
                self.expected[key] = self.expected.get(key, 0) + 1

    def bodies(self, starts_at, ends_at):
        """The POST bodies of one round, one JSON text per batch."""
        s, e = rfc3339(starts_at), rfc3339(ends_at)
        out = []
        for b in self.batches:
            alerts = [{"labels": self.labels[i],
                       "annotations": self.annotations[i],
                       "startsAt": s, "endsAt": e,
                       "generatorURL": "http://prometheus:9090/graph?g0.expr="
                                       "up%3D%3D0&g0.tab=1"} for i in b]
            # As Go's encoder writes them (Prometheus): map keys sorted,
            # "&" escaped.
            text = json.dumps(alerts, separators=(",", ":"), sort_keys=True)
            out.append(text.replace("&", "\\u0026"))
        return out


# --- Webhook capture ---------------------------------------------------------

class Capture:
    """Records every webhook notification: arrival time, path, raw body.

    An asyncio server on its own thread: it only reads the request and
    answers 200, so that a burst of notifications is timed as it arrives
    (bodies are parsed after the run).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.notifications = []
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0,
                                     backlog=1024))
            self.port = self.server.sockets[0].getsockname()[1]
            started.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        started.wait()

    async def _handle(self, reader, writer):
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                parts = line.split()
                path = parts[1].decode() if len(parts) > 1 else ""
                length = 0
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v)
                body = await reader.readexactly(length) if length else b""
                at = time.monotonic()
                with self.lock:
                    self.notifications.append((at, path, body))
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def take(self):
        with self.lock:
            out, self.notifications = self.notifications, []
        return out

    def count(self):
        with self.lock:
            return len(self.notifications)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


# --- Servers -----------------------------------------------------------------

class Server:
    def __init__(self, name, argv, port, workdir):
        self.name, self.argv, self.port = name, argv, port
        self.log_path = os.path.join(workdir, name + ".log")
        self.proc = None

    def start(self):
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log,
                                         stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited:\n%s" % (self.name, self.log()))
            try:
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/-/ready" % self.port,
                        timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("%s not ready:\n%s" % (self.name, self.log()))

    def log(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")

    def status_kib(self, field):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0


def make_server(name, args, config_path, workdir):
    port = free_port()
    storage = os.path.join(workdir, name + "-data")
    os.makedirs(storage, exist_ok=True)
    common = ["--config.file=" + config_path, "--storage.path=" + storage,
              "--web.listen-address=127.0.0.1:%d" % port,
              "--cluster.listen-address=", "--log.level=warn"]
    if name == "alertmanager":
        argv = [args.alertmanager] + common
    else:
        argv = [args.tocsin, "router"] + common
    return Server(name, argv, port, workdir)


# --- Clients -----------------------------------------------------------------

def post_native(args, port, bodies, workdir, seconds=None):
    """Posts with bench/http_load; returns (per-request list, client cpu)."""
    path = os.path.join(workdir, "bodies.txt")
    with open(path, "w") as f:
        for b in bodies:
            f.write(b)
            f.write("\n")
    argv = [args.loadgen, "--port", str(port), "--threads", str(args.clients),
            "--file", path]
    if seconds:
        argv += ["--seconds", str(seconds)]
    res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    reqs, cpu, loop = [], 0.0, None
    for line in res.stdout.splitlines():
        p = line.split()
        if p[0] == "req":
            reqs.append((int(p[1]), int(p[2]) / 1e9, int(p[3]) / 1e9, int(p[4])))
        elif p[0] == "cpu":
            cpu = float(p[1]) + float(p[2])
        elif p[0] == "loop":
            loop = (int(p[1]), int(p[2]) / 1e9, int(p[3]) / 1e9, int(p[4]))
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
    return reqs, cpu, loop


def post_rounds_native(args, server, stream, workdir, wall0, t0):
    """Posts every round with one bench/http_load run whose connections
    stay open between the rounds, as Prometheus keeps its connection to
    Alertmanager; round r is due at t0 + r * interval. Returns per round
    (per-request list, client cpu, server cpu, load average)."""
    path = os.path.join(workdir, "rounds.txt")
    with open(path, "w") as f:
        for r in range(args.rounds):
            for b in stream.bodies(wall0, wall0 + r * args.interval + 240):
                f.write(b)
                f.write("\n")
    n = len(stream.batches)
    server_before = [None] * args.rounds

    def sample_before_rounds():
        for r in range(args.rounds):
            due = t0 + r * args.interval - 0.005
            while time.monotonic() < due:
                time.sleep(min(0.05, max(0.0, due - time.monotonic())))
            server_before[r] = server.cpu_seconds()

    sampler = threading.Thread(target=sample_before_rounds)
    sampler.start()
    argv = [args.loadgen, "--port", str(server.port), "--threads",
            str(args.clients), "--file", path, "--round-size", str(n),
            "--interval", str(args.interval)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    server_after, client_cpu, load = {}, {}, {}
    reqs = [[] for _ in range(args.rounds)]
    client_before = 0.0
    for line in proc.stdout:
        p = line.split()
        if p[0] == "round":
            r = int(p[1])
            server_after[r] = server.cpu_seconds()
            load[r] = loadavg()
            cpu = float(p[2]) + float(p[3])
            client_cpu[r] = cpu - client_before
            client_before = cpu
        elif p[0] == "req":
            i = int(p[1])
            reqs[i // n].append((i % n, int(p[2]) / 1e9, int(p[3]) / 1e9,
                                 int(p[4])))
    err = proc.stderr.read()
    if proc.wait() != 0:
        sys.stderr.write(err)
    sampler.join()
    return [(reqs[r], client_cpu.get(r, 0.0),
             server_after.get(r, server.cpu_seconds()) - server_before[r],
             load.get(r, loadavg()))
            for r in range(args.rounds)]


def post_python(args, port, bodies):
    """Posts with Python threads and keep-alive connections."""
    lock = threading.Lock()
    state = {"next": 0}
    reqs = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out = []
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= len(bodies):
                break
            data = bodies[i].encode()
            t = time.monotonic()
            status = 0
            for _ in range(2):
                try:
                    conn.request("POST", "/api/v2/alerts", body=data,
                                 headers={"Content-Type": "application/json"})
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
            out.append((i, t, time.monotonic(), status))
        conn.close()
        with lock:
            reqs.extend(out)

    cpu0 = time.process_time()
    threads = [threading.Thread(target=worker) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(reqs), time.process_time() - cpu0, None


# --- One server's run ----------------------------------------------------------

def run_one(name, args, stream, capture, config_path, workdir):
    server = make_server(name, args, config_path, workdir)
    server.start()
    result = {"server": name, "load_before": loadavg()}
    try:
        server.wait_ready()
        time.sleep(1.0)
        capture.take()
        result["rss_idle_kib"] = server.status_kib("VmRSS")
        cpu0 = server.cpu_seconds()
        t0 = time.monotonic()
        wall0 = time.time()
        first_post = {}  # group -> monotonic time of its first POST
        rounds = []
        posted = 0
        if args.loadgen:
            posted_rounds = post_rounds_native(args, server, stream, workdir,
                                               wall0, t0)
        else:
            posted_rounds = []
            for r in range(args.rounds):
                due = t0 + r * args.interval
                bodies = stream.bodies(wall0,
                                       wall0 + r * args.interval + 240)
                while time.monotonic() < due:
                    time.sleep(min(0.05, due - time.monotonic()))
                c0 = server.cpu_seconds()
                reqs, client_cpu, _ = post_python(args, server.port, bodies)
                posted_rounds.append((reqs, client_cpu,
                                      server.cpu_seconds() - c0, loadavg()))
        for r, (reqs, client_cpu, server_cpu, load) in enumerate(
                posted_rounds):
            failed = sum(1 for q in reqs if q[3] // 100 != 2)
            start = min(q[1] for q in reqs)
            end = max(q[2] for q in reqs)
            alerts = sum(len(stream.batches[q[0]]) for q in reqs
                         if q[3] // 100 == 2)
            posted += alerts
            lat = sorted(q[2] - q[1] for q in reqs)
            rounds.append({
                "alerts": alerts, "failed_posts": failed,
                "seconds": end - start,
                "alerts_per_s": alerts / (end - start),
                "post_p50_ms": lat[len(lat) // 2] * 1000,
                "post_max_ms": lat[-1] * 1000,
                "server_cpu_s": server_cpu, "client_cpu_s": client_cpu,
                "load": load})
            if r == 0:
                for i, sent, _, _ in reqs:
                    for a in stream.batches[i]:
                        g = group_of(stream.labels[a])
                        if g not in first_post or sent < first_post[g]:
                            first_post[g] = sent
        # Every group's first notification is due group_wait after its
        # first post; wait for all of them (or give up).
        deadline = max(time.monotonic() + 2,
                       t0 + args.group_wait + 30)
        while (capture.count() < len(stream.expected)
               and time.monotonic() < deadline):
            time.sleep(0.1)
        time.sleep(0.5)
        result["cpu_s"] = server.cpu_seconds() - cpu0
        result["run_s"] = time.monotonic() - t0
        result["alerts_posted"] = posted
        result["hwm_kib"] = server.status_kib("VmHWM")
        result["rss_kib"] = server.status_kib("VmRSS")
        result["rounds"] = rounds
        notes = capture.take()
        result["notifications"] = notes
        result["first_post"] = first_post
        if args.sustain and args.loadgen:
            bodies = stream.bodies(wall0, time.time() + 240)
            c0 = server.cpu_seconds()
            _, client_cpu, loop = post_native(args, server.port, bodies,
                                              workdir, seconds=args.sustain)
            c1 = server.cpu_seconds()
            n_req, start, end, failed = loop
            per_cycle = stream.n
            full, rest = divmod(n_req, len(stream.batches))
            alerts = full * per_cycle + sum(len(stream.batches[i])
                                            for i in range(rest))
            result["sustained"] = {
                "alerts": alerts, "failed_posts": failed,
                "seconds": end - start, "alerts_per_s": alerts / (end - start),
                "server_cpu_s": c1 - c0, "client_cpu_s": client_cpu,
                "hwm_kib": server.status_kib("VmHWM"), "load": loadavg()}
            capture.take()
        result["load_after"] = loadavg()
    finally:
        server.stop()
    return result


# --- Reporting -------------------------------------------------------------------

def notification_summary(stream, res, group_wait):
    """Latencies and the delivered groups of one run."""
    delivered = {}
    latencies = []
    bad = 0
    for at, path, raw in res["notifications"]:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            bad += 1
            continue
        gl = body.get("groupLabels", {})
        g = tuple(gl.get(n, "") for n in GROUP_BY)
        key = (path, g)
        if key in delivered:
            delivered[key].append(len(body.get("alerts", [])))
            continue
        delivered[key] = [len(body.get("alerts", []))]
        if g in res["first_post"]:
            latencies.append(at - res["first_post"][g] - group_wait)
    latencies.sort()
    return delivered, latencies, bad


def pct(v, p):
    if not v:
        return float("nan")
    return v[min(len(v) - 1, int(round(p * (len(v) - 1))))]


def mib(kib):
    return kib / 1024.0


def report(args, stream, results, ratios=None):
    """Prints one run; with both servers, appends (label, ratio, kind) for
    every row of the comparison to `ratios`."""
    summaries = {}
    print()
    print("stream: %d alerts, %d per POST (%d POSTs a round), %d rounds %gs "
          "apart, %d groups, group_wait %gs, %d client threads (%s)" %
          (stream.n, stream.batch, len(stream.batches), args.rounds,
           args.interval, len(stream.expected), args.group_wait, args.clients,
           "http_load" if args.loadgen else "python"))
    for res in results:
        name = res["server"]
        delivered, lat, bad = notification_summary(stream, res,
                                                   args.group_wait)
        summaries[name] = (delivered, lat)
        print("\n== %s (load average %s before, %s after)" %
              (name, res["load_before"], res["load_after"]))
        for i, r in enumerate(res["rounds"]):
            print("  round %d: %6d alerts in %7.1f ms = %9.0f alerts/s  "
                  "(POST p50 %.1f ms, max %.1f ms; server CPU %.3f s, "
                  "client CPU %.3f s; %d failed; load %s)" %
                  (i, r["alerts"], r["seconds"] * 1000, r["alerts_per_s"],
                   r["post_p50_ms"], r["post_max_ms"], r["server_cpu_s"],
                   r["client_cpu_s"], r["failed_posts"], r["load"]))
        if "sustained" in res:
            s = res["sustained"]
            print("  sustained: %d alerts in %.1f s = %.0f alerts/s (server "
                  "CPU %.2f s = %.3f s per 1k alerts, client CPU %.2f s; %d "
                  "failed; peak RSS then %.1f MiB; load %s)" %
                  (s["alerts"], s["seconds"], s["alerts_per_s"],
                   s["server_cpu_s"], s["server_cpu_s"] / s["alerts"] * 1000,
                   s["client_cpu_s"], s["failed_posts"], mib(s["hwm_kib"]),
                   s["load"]))
        print("  notifications: %d (%d groups expected), latency after "
              "group_wait p50 %.0f ms, p99 %.0f ms, max %.0f ms%s" %
              (len(res["notifications"]), len(stream.expected),
               pct(lat, 0.5) * 1000, pct(lat, 0.99) * 1000,
               (lat[-1] if lat else float("nan")) * 1000,
               "; %d unreadable" % bad if bad else ""))
        print("  CPU %.2f s over %.1f s for %d alerts = %.1f ms per 1k alerts;"
              " peak RSS %.1f MiB (idle %.1f MiB)" %
              (res["cpu_s"], res["run_s"], res["alerts_posted"],
               res["cpu_s"] / res["alerts_posted"] * 1e6,
               mib(res["hwm_kib"]), mib(res["rss_idle_kib"])))
        missing = [k for k in stream.expected if k not in delivered]
        wrong = [k for k, v in delivered.items()
                 if stream.expected.get(k) != v[0]]
        extra = [k for k, v in delivered.items() if len(v) > 1]
        print("  groups: %d delivered, %d missing, %d with an unexpected "
              "alert count, %d notified more than once" %
              (len(delivered), len(missing), len(wrong), len(extra)))
        res["summary"] = {
            "latency_p50_ms": pct(lat, 0.5) * 1000,
            "latency_p99_ms": pct(lat, 0.99) * 1000,
            "latency_max_ms": (lat[-1] if lat else float("nan")) * 1000,
            "cpu_ms_per_1k": res["cpu_s"] / res["alerts_posted"] * 1e6,
            "groups_delivered": len(delivered), "groups_missing": len(missing),
            "groups_wrong_count": len(wrong)}
    ok = True
    if len(results) == 2:
        am, tc = results
        (da, la), (dt, lt) = summaries[am["server"]], summaries[tc["server"]]
        same = ({k: v[0] for k, v in da.items()} ==
                {k: v[0] for k, v in dt.items()})
        ok = same
        print("\nsame groups with the same alert counts from both: %s" %
              ("yes" if same else "NO"))
        if not same:
            for k in sorted(set(da) | set(dt)):
                if da.get(k) != dt.get(k):
                    print("  %s %s: alertmanager %s, tocsin %s" %
                          (k[0], k[1], da.get(k), dt.get(k)))

        def rate(res, which):
            rs = res["rounds"]
            if which == "first":
                return rs[0]["alerts_per_s"]
            later = [r["alerts_per_s"] for r in rs[1:]] or [rs[0]["alerts_per_s"]]
            return statistics.median(later)

        print("\n%-34s %14s %14s %9s" % ("", am["server"], tc["server"],
                                         "ratio"))
        rows = [
            ("ingest, first round (alerts/s)", rate(am, "first"),
             rate(tc, "first"), "x"),
            ("ingest, re-sends, median (alerts/s)", rate(am, "later"),
             rate(tc, "later"), "x"),
        ]
        if "sustained" in am and "sustained" in tc:
            rows.append(("ingest, sustained (alerts/s)",
                         am["sustained"]["alerts_per_s"],
                         tc["sustained"]["alerts_per_s"], "x"))
        rows += [
            ("latency after group_wait p50 (ms)",
             am["summary"]["latency_p50_ms"], tc["summary"]["latency_p50_ms"],
             "/"),
            ("latency after group_wait p99 (ms)",
             am["summary"]["latency_p99_ms"], tc["summary"]["latency_p99_ms"],
             "/"),
            ("CPU per 1k alerts (ms)", am["summary"]["cpu_ms_per_1k"],
             tc["summary"]["cpu_ms_per_1k"], "/"),
            ("peak RSS (MiB)", mib(am["hwm_kib"]), mib(tc["hwm_kib"]), "%"),
        ]
        for label, a, t, kind in rows:
            if kind == "x":
                ratio = "%.1fx" % (t / a) if a else "-"
            elif kind == "/":
                ratio = "%.1fx" % (a / t) if t else "-"
            else:
                ratio = "%.0f%%" % (100.0 * t / a) if a else "-"
            print("%-34s %14.1f %14.1f %9s" % (label, a, t, ratio))
            if ratios is not None and a and t:
                value = {"x": t / a, "/": a / t, "%": 100.0 * t / a}[kind]
                ratios.append((label, value, kind))
        print("(ingest: tocsin / Alertmanager; latency and CPU: Alertmanager /"
              " tocsin; RSS: tocsin as a share of Alertmanager)")
    return ok


def main():
    ap = argparse.ArgumentParser(
        description="tocsin router vs Alertmanager 0.25: ingest, latency, "
                    "memory")
    ap.add_argument("--tocsin")
    ap.add_argument("--alertmanager", default="/usr/bin/prometheus-alertmanager")
    ap.add_argument("--loadgen")
    ap.add_argument("--alerts", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--interval", type=float, default=15)
    ap.add_argument("--group-wait", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--sustain", type=float, default=0)
    ap.add_argument("--only", choices=["alertmanager", "tocsin"])
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    names = [args.only] if args.only else ["alertmanager", "tocsin"]
    if "tocsin" in names and not args.tocsin:
        ap.error("--tocsin is required")
    if args.sustain and not args.loadgen:
        ap.error("--sustain needs --loadgen")

    workdir = tempfile.mkdtemp(prefix="tocsin-am-bench-")
    capture = Capture()
    config_path = os.path.join(workdir, "alertmanager.yml")
    with open(config_path, "w") as f:
        f.write(CONFIG.format(group_wait=int(args.group_wait),
                              port=capture.port))
    stream = Stream(args.alerts, args.batch)
    runs, ratios = [], []
    ok = True
    try:
        for rep in range(args.repeat):
            if args.repeat > 1:
                print("\n### run %d of %d" % (rep + 1, args.repeat), flush=True)
            # Every other run starts with the other server, so that a
            # machine that speeds up or slows down favours neither.
            order = names if rep % 2 == 0 else names[::-1]
            by_name = {}
            for name in order:
                print("running %s ..." % name, flush=True)
                # A fresh directory for each run: a server that found the
                # last run's notification log would not notify again.
                rundir = os.path.join(workdir, "run%d" % (rep + 1))
                os.makedirs(rundir, exist_ok=True)
                by_name[name] = run_one(name, args, stream, capture,
                                        config_path, rundir)
            results = [by_name[n] for n in names]
            ok = report(args, stream, results, ratios) and ok
            runs.append(results)
        if args.repeat > 1 and len(names) == 2:
            print("\nmedian of the %d runs' ratios (each run's ratio, in "
                  "run order):" % args.repeat)
            labels = []
            for label, _, _ in ratios:
                if label not in labels:
                    labels.append(label)
            for label in labels:
                values = [v for l, v, _ in ratios if l == label]
                kind = [k for l, _, k in ratios if l == label][0]
                fmt = "%.0f%%" if kind == "%" else "%.1fx"
                print("%-34s %9s   (%s)" % (
                    label, fmt % statistics.median(values),
                    ", ".join(fmt % v for v in values)))
        if args.json:
            out = []
            for results in runs:
                for r in results:
                    r = dict(r)
                    r.pop("notifications", None)
                    r.pop("first_post", None)
                    out.append(r)
            with open(args.json, "w") as f:
                json.dump({"alerts": args.alerts, "batch": args.batch,
                           "rounds": args.rounds, "clients": args.clients,
                           "repeat": args.repeat, "results": out}, f, indent=1)
    finally:
        capture.close()
        if args.keep:
            print("kept", workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
