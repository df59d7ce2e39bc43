#!/usr/bin/env python3
"""`tocsin run` against a real Prometheus 2.42, end to end.

A scripted exporter on 127.0.0.1 serves three targets: two replicas of
the Sergas app (job "sergas-app") and a node exporter (job "node").
Prometheus scrapes them every second and evaluates the seed's alerting
rules itself; `tocsin run` evaluates the same rule file (the same path, so
the same group slot offsets) against that Prometheus. Both send their
alerts to capture servers posing as Alertmanagers.

Checked:
  * at every check (once per warning-group interval), GET /api/v1/alerts
    of both agree: the same alerts (labels), annotations, state, activeAt
    (to the millisecond; nanosecond differences are printed) and value;
  * the alerts posted to the captures (POST /api/v2/alerts): the same
    labels (with the external labels), annotations, startsAt, endsAt and
    generatorURL, sent at the same evaluations, each within 3 s;
  * the scenario really exercised the rules: every one of the 8 alerts was
    pending, firing and resolved in Prometheus.

The rules are the seed's (examples/sergas/alerts.yml) with the same
expressions, labels and annotations, but shorter intervals and `for:` so
that the test takes about two and a half minutes: sergas_critical every 2s,
sergas_warning every 4s; for: HighErrorRate 10s, ServiceDown 4s,
DatabasePoolExhausted 6s, CircuitBreakerOpen 10s, HighResponseTime 12s,
HighMemoryUsage 12s, LowRecommendationConfidence 16s, DiskSpaceLow 8s.
The expressions keep their 5m and 1h windows, which a test of minutes
cannot leave behind: the window always holds everything since the start.
So the script dilutes instead of waiting: after the error burst the
clients' retries bring ten times the traffic, after the slow phase app-1
drains a backlog of fast requests, after the model rollback confidence
scores arrive faster; each ratio or quantile then falls back under its
threshold.

The script, in seconds from the scenario start (after 30 s of warm-up):
   5  model v2: upsell confidence drops (both replicas) until 45
  10  Zoho fails: app POST /api/v1/recommendations answers 500 (83%)
  14  app-1's tier1 circuit breaker opens (app-2 at 15): 503 instead
      (each status's series appears with its first request, as client
      libraries expose them, so series keep appearing during the run)
  30  Zoho back: breakers half-open, closed at 32; retries: GET x20 to 45
  40  app-1's DB pool at 19 of 20 and its POST requests slow, until 62
  50  app-2's resident memory passes 3 GiB (it grows from 2.2 GiB)
  62  app-1 drains the backlog: 1000 fast POST/s until 75
  70  app-2 stops answering scrapes (up == 0) until 85, then restarts
      (counters from 0, 0.4 GiB)
  72  its host's / drops to 15% free until 100
 110  end

Exactness. Both evaluate at the same instants (slots), so the lists agree
exactly if both see the same samples. Prometheus stamps `up` with the
scrape time and the other samples would get it too, so a scrape just
before a slot would be visible to one evaluation and not the other. The
test removes that race instead of tolerating it:
  * it reads the slot times from Prometheus's own
    prometheus_rule_group_last_evaluation_timestamp_seconds;
  * the exporter stamps its samples itself (the text format's timestamps,
    which Prometheus honours) with the scrape's time, but exposes a new
    sample only at scrapes at least 100 ms after the latest slot and 300
    ms before the next one (else it repeats the previous sample), so every
    sample is stored well before the first evaluation that could see it
    and lies away from the windows' bounds (which are slot times too);
  * app-2 starts and stops failing its scrapes (`up`) only at scrapes at
    least 300 ms from any slot;
  * each check waits until both have finished evaluating the latest slot
    of both groups (lastEvaluation in /api/v1/rules) and is dropped if a
    new evaluation may have begun while the lists were read.
No one-evaluation race is allowed for.

Usage: daemon_prometheus_test.py TOCSIN [--keep]
       daemon_prometheus_test.py --prometheus-twin [--keep]
The second form checks the harness: a second Prometheus that reads the
first one's samples by remote read takes tocsin's place and must agree on
everything.
Exit 0 pass, 1 fail, 77 when prometheus is not installed.
"""

import math
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import http.server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import daemon_harness as h  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_RULES = os.path.join(HERE, "..", "..", "examples", "sergas", "alerts.yml")

INTERVALS = {"sergas_critical": 2, "sergas_warning": 4}
FOR = {"HighErrorRate": "10s", "ServiceDown": "4s",
       "DatabasePoolExhausted": "6s", "CircuitBreakerOpen": "10s",
       "HighResponseTime": "12s", "HighMemoryUsage": "12s",
       "LowRecommendationConfidence": "16s", "DiskSpaceLow": "8s"}
ALERT_NAMES = sorted(FOR)
EXTERNAL_LABELS = {"monitor": "e2e"}
RESEND_HOLD = 240.0  # 4 x max(interval, resend delay 1m)

WARMUP = 30.0
END = 110.0
MARGIN = 0.3  # seconds kept between a new sample's storage and any slot
AFTER_SLOT = 0.1  # and between a slot and a new sample's timestamp
GIB = 1024 ** 3

LAT_LE = ["0.01", "0.05", "0.1", "0.5", "1", "2", "5", "+Inf"]
LAT_NORMAL = [0.0, 0.01, 0.05, 0.5, 0.85, 0.98, 0.998, 1.0]  # p95 ~1.8 s
LAT_SLOW = [0.4 * x + 0.6 * y for x, y in
            zip(LAT_NORMAL, [0, 0, 0, 0, 0, 0, 1, 1])]  # 60% in (2, 5]
CONF_LE = ["0.5", "0.6", "0.7", "0.8", "0.9", "1", "+Inf"]
CONF_GOOD = [0.01, 0.02, 0.05, 0.3, 0.75, 1.0, 1.0]  # median 0.84
CONF_BAD = [0.15, 0.4, 0.65, 0.85, 0.96, 1.0, 1.0]  # median 0.64

BREAKER = {1: 14.0, 2: 15.0}
BREAKPOINTS = [-WARMUP, 5, 10, 14, 15, 30, 32, 40, 45, 62, 70, 72, 75, 85,
               100, 1e9]


def seed_rules_shortened():
    """The seed's rule file with the test's intervals and `for:`."""
    out, group, alert = [], None, None
    for line in open(SEED_RULES).read().split("\n"):
        m = re.match(r"^\s*- name: (\S+)", line)
        if m:
            group = m.group(1)
        m = re.match(r"^(\s*)interval: \S+$", line)
        if m:
            line = "%sinterval: %ds" % (m.group(1), INTERVALS[group])
        m = re.match(r"^\s*- alert: (\S+)", line)
        if m:
            alert = m.group(1)
        m = re.match(r"^(\s*)for: \S+$", line)
        if m:
            line = "%sfor: %s" % (m.group(1), FOR[alert])
        out.append(line)
    text = "\n".join(out)
    assert text.count("for: ") == 8 and text.count("interval: ") == 2
    return text


# --- the script ------------------------------------------------------------

def rates(i, s):
    """Counter rates (per second) of app replica i at scenario time s."""
    get = 600.0 if 30 <= s < 45 else 30.0
    post = 30.0 + (1000.0 if i == 1 and 62 <= s < 75 else 0.0)
    e500, e503 = 0.02, 0.0
    if 10 <= s < 30:
        if s < BREAKER[i]:
            e500 = 25.0
        else:
            e503 = 25.0
    ok = post - e500 - e503
    slow = i == 1 and 40 <= s < 62
    shares = LAT_SLOW if slow else LAT_NORMAL
    r = {("req", "GET", "/api/v1/accounts", "200"): get,
         ("req", "POST", "/api/v1/recommendations", "200"): ok,
         ("req", "POST", "/api/v1/recommendations", "500"): e500,
         ("req", "POST", "/api/v1/recommendations", "503"): e503,
         ("latsum",): ok * (2.4 if slow else 0.6) + (e500 + e503) * 0.005}
    for le, share in zip(LAT_LE, shares):
        r[("lat", le)] = ok * share + e500 + e503  # fast failures: 5 ms
    bad = 5 <= s < 45
    n = 50.0 if s >= 5 else 5.0
    for le, share in zip(CONF_LE, CONF_BAD if bad else CONF_GOOD):
        r[("conf", le)] = n * share
    return r


def counters(i, s):
    """Counter values of replica i at scenario time s: the integral of
    rates() since the process started (app-2 restarts at 85)."""
    start = 85.0 if (i == 2 and s >= 85) else -WARMUP
    total = {}
    for a, b in zip(BREAKPOINTS, BREAKPOINTS[1:]):
        lo, hi = max(a, start), min(b, s)
        if hi <= lo:
            continue
        for k, v in rates(i, (lo + hi) / 2).items():
            total[k] = total.get(k, 0.0) + v * (hi - lo)
    return total


def fmt(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(round(v, 6))


def app_exposition(i, s, ts_ms):
    c = counters(i, s)
    get = lambda k: c.get(k, 0.0)  # noqa: E731
    out = ["# TYPE sergas_http_requests_total counter"]
    for m, ep, st in (("GET", "/api/v1/accounts", "200"),
                      ("POST", "/api/v1/recommendations", "200"),
                      ("POST", "/api/v1/recommendations", "500"),
                      ("POST", "/api/v1/recommendations", "503")):
        v = get(("req", m, ep, st))
        if v < 1:  # as client libraries do: a status appears when first used
            continue
        out.append('sergas_http_requests_total{method="%s",endpoint="%s",'
                   'status="%s"} %s %d' % (m, ep, st, fmt(v), ts_ms))
    out.append("# TYPE sergas_http_request_duration_seconds histogram")
    lb = 'method="POST",endpoint="/api/v1/recommendations"'
    for le in LAT_LE:
        out.append('sergas_http_request_duration_seconds_bucket{%s,le="%s"} '
                   '%s %d' % (lb, le, fmt(get(("lat", le))), ts_ms))
    out.append('sergas_http_request_duration_seconds_sum{%s} %s %d'
               % (lb, fmt(get(("latsum",))), ts_ms))
    out.append('sergas_http_request_duration_seconds_count{%s} %s %d'
               % (lb, fmt(get(("lat", "+Inf"))), ts_ms))
    pool = 19 if (i == 1 and 40 <= s < 62) else (6 if i == 1 else 5)
    out.append("sergas_db_connections_active %d %d" % (pool, ts_ms))
    out.append("sergas_db_connections_total 20 %d" % ts_ms)
    state = 0
    if BREAKER[i] <= s < 30:
        state = 1
    elif 30 <= s < 32:
        state = 2
    out.append('sergas_zoho_circuit_breaker_state{tier="tier1"} %d %d'
               % (state, ts_ms))
    out.append('sergas_zoho_circuit_breaker_state{tier="tier2"} 0 %d' % ts_ms)
    if i == 1:
        mem = 1.2 * GIB
    elif s < 85:
        mem = (2.2 + max(s, 0.0) / 62.5) * GIB
    else:
        mem = 0.4 * GIB
    out.append("process_resident_memory_bytes %d %d"
               % (int(mem) // 4096 * 4096, ts_ms))
    out.append("# TYPE sergas_recommendation_confidence histogram")
    for le in CONF_LE:
        out.append('sergas_recommendation_confidence_bucket{type="upsell",'
                   'le="%s"} %s %d' % (le, fmt(get(("conf", le))), ts_ms))
    return "\n".join(out) + "\n"


def node_exposition(s, ts_ms):
    size = 40 * GIB
    avail = (0.15 if 72 <= s < 100 else 0.30) * size
    lb = 'device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"'
    return ("node_filesystem_avail_bytes{%s} %d %d\n"
            "node_filesystem_size_bytes{%s} %d %d\n"
            % (lb, int(avail), ts_ms, lb, size, ts_ms))


class Slots:
    """The groups' evaluation instants: slot = phase + k * interval."""

    def __init__(self):
        self.phases = {}  # group -> phase in [0, interval)

    def known(self):
        return len(self.phases) == len(INTERVALS)

    def any_in(self, a, b):
        """Whether a slot of either group lies in [a, b]."""
        for g, ph in self.phases.items():
            iv = INTERVALS[g]
            first = a + ((ph - a) % iv)
            if first <= b:
                return True
        return False

    def latest(self, g, t):
        iv, ph = INTERVALS[g], self.phases[g]
        return t - ((t - ph) % iv)


class Exporter:
    """The three scripted targets. Scenario time s = wall time - s0."""

    def __init__(self, slots):
        self.slots = slots
        self.s0 = time.time() + WARMUP
        self.lock = threading.Lock()
        self.last_ts = {}  # target -> last exposed sample time (seconds)
        self.app2_down = False
        self.up_changes = []  # (wall time, down?)
        self.servers = {}
        for name in ("app1", "app2", "node"):
            self.servers[name] = self._serve(name)

    def _serve(self, name):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = outer.scrape(name, time.time())
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        return srv

    def address(self, name):
        return "127.0.0.1:%d" % self.servers[name].server_address[1]

    def sample_time(self, name, now):
        """The timestamp of the sample to expose at a scrape at `now`."""
        last = self.last_ts.get(name)
        t = math.floor(now * 1000) / 1000
        if self.slots.known() and \
                self.slots.any_in(now - AFTER_SLOT, now + MARGIN):
            t = last if last is not None else t - 1.0
        if last is not None and t < last:
            t = last
        self.last_ts[name] = t
        return t

    def scrape(self, name, now):
        with self.lock:
            if name == "app2":
                want_down = 70 <= now - self.s0 < 85
                if want_down != self.app2_down and self.slots.known() and \
                        not self.slots.any_in(now - MARGIN, now + MARGIN):
                    self.app2_down = want_down
                    self.up_changes.append((now, want_down))
                if self.app2_down:
                    return 503, "app-2 is down\n"
            t = self.sample_time(name, now)
            s = t - self.s0
            ts_ms = int(round(t * 1000))
            if name == "node":
                return 200, node_exposition(s, ts_ms)
            return 200, app_exposition(1 if name == "app1" else 2, s, ts_ms)

    def close(self):
        for srv in self.servers.values():
            srv.shutdown()
            srv.server_close()


# --- comparing ---------------------------------------------------------------

def alert_map(alerts):
    return {h.label_key(a["labels"]): a for a in alerts}


def compare_lists(prom, toc):
    """Differences between two /api/v1/alerts lists: (errors, notes)."""
    errors, notes = [], []
    pm, tm = alert_map(prom), alert_map(toc)
    for k in sorted(set(pm) - set(tm)):
        a = pm[k]
        errors.append("only in Prometheus: %s %s" % (
            a["state"], h.fmt_labels(a["labels"])))
    for k in sorted(set(tm) - set(pm)):
        a = tm[k]
        errors.append("only in tocsin: %s %s" % (
            a.get("state"), h.fmt_labels(a["labels"])))
    for k in sorted(set(pm) & set(tm)):
        p, t = pm[k], tm[k]
        name = p["labels"].get("alertname")
        for field in ("state", "annotations", "value"):
            if p.get(field) != t.get(field):
                hint = ""
                try:
                    pv, tv = float(p.get("value")), float(t.get("value"))
                    if field == "value" and pv != tv and \
                            abs(pv - tv) <= 1e-12 * max(abs(pv), abs(tv)):
                        hint = (" (equal to 1e-12: rounding, as when the "
                                "same numbers are added in another order)")
                except (TypeError, ValueError):
                    pass
                errors.append("%s %s: %s differs: Prometheus %r, tocsin %r%s"
                              % (name, h.fmt_labels(p["labels"]), field,
                                 p.get(field), t.get(field), hint))
        pa, ta = p.get("activeAt"), t.get("activeAt")
        try:
            pn, tn = h.parse_time_ns(pa), h.parse_time_ns(ta or "")
        except ValueError as e:
            errors.append("%s: activeAt: %s" % (name, e))
            continue
        if pn // 1_000_000 != tn // 1_000_000:
            errors.append("%s %s: activeAt differs: Prometheus %s, tocsin %s "
                          "(%+.3f s)" % (name, h.fmt_labels(p["labels"]), pa,
                                         ta, (tn - pn) / 1e9))
        elif pa != ta:
            notes.append("%s: activeAt equal to the ms but written "
                         "differently: Prometheus %s, tocsin %s"
                         % (name, pa, ta))
    return errors, notes


def sent_key(a):
    return (h.label_key(a.get("labels", {})),
            tuple(sorted((a.get("annotations") or {}).items())),
            a.get("startsAt"), a.get("endsAt"), a.get("generatorURL"))


def eval_time_of(recv, a):
    """The evaluation a posted alert came from: endsAt - 4m while firing
    (ValidUntil), endsAt itself once resolved (ResolvedAt)."""
    ends = h.parse_time(a["endsAt"])
    return ends - RESEND_HOLD if ends > recv + 60 else ends


def compare_sent(prom_cap, toc_cap, cutoff):
    errors = []
    prom, toc = {}, {}
    for recv, path, a in prom_cap.alerts():
        try:
            ev = eval_time_of(recv, a)
        except (KeyError, ValueError):
            continue
        if ev <= cutoff:
            prom.setdefault(sent_key(a), (recv, ev, a))
    for recv, path, a in toc_cap.alerts():
        if path != "/api/v2/alerts":
            errors.append("tocsin posted to %s, not /api/v2/alerts" % path)
            continue
        try:
            ev = eval_time_of(recv, a)
        except (KeyError, ValueError) as e:
            errors.append("tocsin posted an alert without a valid endsAt "
                          "(%s): %s" % (e, a))
            continue
        if ev <= cutoff:
            if recv - ev > 3.0 and sent_key(a) not in toc:
                errors.append("tocsin sent %s %.1f s after its evaluation"
                              % (a["labels"].get("alertname"), recv - ev))
            toc.setdefault(sent_key(a), (recv, ev, a))

    def show(a):
        return "%s startsAt=%s endsAt=%s annotations=%s generatorURL=%s" % (
            h.fmt_labels(a["labels"]), a.get("startsAt"), a.get("endsAt"),
            a.get("annotations"), a.get("generatorURL"))

    for k in sorted(set(prom) - set(toc), key=lambda k: prom[k][1]):
        errors.append("sent by Prometheus only: " + show(prom[k][2]))
    for k in sorted(set(toc) - set(prom), key=lambda k: toc[k][1]):
        errors.append("sent by tocsin only:     " + show(toc[k][2]))
    return errors, len(prom), len(toc)


# --- the run -----------------------------------------------------------------

def slot_phases(prom_url, files):
    """Group -> slot phase (seconds in [0, interval)), computed as Prometheus
    does from the rule file and group name it reports in /metrics, and
    checked against its last evaluation's start; or None."""
    text = h.get_text(prom_url + "/metrics")
    if not text:
        return None
    out = {}
    for line in text.splitlines():
        m = re.match(r'prometheus_rule_group_last_evaluation_timestamp_seconds'
                     r'\{rule_group="([^"]*);([^";]*)"\} (\S+)', line)
        if not m or m.group(2) not in INTERVALS or float(m.group(3)) <= 0:
            continue
        g, iv = m.group(2), INTERVALS[m.group(2)]
        files[g] = m.group(1)
        phase = h.group_slot_offset_ns(m.group(1), g, iv) / 1e9
        started = float(m.group(3))
        late = (started - phase) % iv
        if late > 0.5:
            raise SystemExit("FAIL (harness): %s started evaluating %.3f s "
                             "after its computed slot" % (g, late))
        out[g] = phase
    return out if len(out) == len(INTERVALS) else None


def evaluated_since(groups, name, t):
    for g in groups or []:
        if g.get("name") == name:
            le = g.get("lastEvaluation")
            try:
                return le is not None and h.parse_time(le) >= t - 0.002
            except ValueError:
                return False
    return False


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    twin = sys.argv[1] == "--prometheus-twin"
    tocsin = os.path.abspath(sys.argv[1])
    keep = "--keep" in sys.argv
    prometheus = shutil.which("prometheus") or "/usr/bin/prometheus"
    if not os.path.exists(prometheus):
        print("prometheus not installed: skipped")
        return 77
    workdir = tempfile.mkdtemp(prefix="tocsin_daemon_prom_")
    rules_path = os.path.join(workdir, "rules.yml")
    with open(rules_path, "w") as f:
        f.write(seed_rules_shortened())

    slots = Slots()
    exporter = Exporter(slots)
    prom_cap, toc_cap = h.CaptureServer(), h.CaptureServer()
    prom_port, toc_port = h.free_port(), h.free_port()
    prom_url = "http://127.0.0.1:%d" % prom_port
    toc_url = "http://127.0.0.1:%d" % toc_port
    ext = "\n".join("    %s: %s" % kv for kv in EXTERNAL_LABELS.items())
    with open(os.path.join(workdir, "prometheus.yml"), "w") as f:
        f.write("""global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 4s
  external_labels:
%s
rule_files: [rules.yml]
scrape_configs:
  - job_name: sergas-app
    static_configs: [{targets: ['%s', '%s']}]
  - job_name: node
    static_configs: [{targets: ['%s']}]
alerting:
  alertmanagers:
    - api_version: v2
      static_configs: [{targets: ['127.0.0.1:%d']}]
""" % (ext, exporter.address("app1"), exporter.address("app2"),
       exporter.address("node"), prom_cap.port))
    with open(os.path.join(workdir, "tocsin.yml"), "w") as f:
        f.write("""global:
  evaluation_interval: 4s
  external_labels:
%s
datasource:
  url: %s
  timeout: 10s
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - url: %s
      timeout: 10s
""" % (ext, prom_url, toc_cap.url))

    procs = []
    failures, notes = [], []
    try:
        prom = h.Proc("prometheus", [
            prometheus,
            "--config.file=" + os.path.join(workdir, "prometheus.yml"),
            "--storage.tsdb.path=" + os.path.join(workdir, "tsdb"),
            "--web.listen-address=127.0.0.1:%d" % prom_port,
            "--web.external-url=" + prom_url], workdir)
        procs.append(prom)
        if not h.wait_ready(prom_url, prom, 30):
            print("FAIL: Prometheus did not start:\n" + prom.log_tail())
            return 1
        if twin:
            # Harness check: a second Prometheus in tocsin's place, reading
            # the first one's samples by remote read, must agree with it on
            # everything.
            with open(os.path.join(workdir, "twin.yml"), "w") as f:
                f.write("""global:
  evaluation_interval: 4s
  external_labels:
%s
rule_files: [rules.yml]
remote_read:
  - url: %s/api/v1/read
    read_recent: true
alerting:
  alertmanagers:
    - api_version: v2
      static_configs: [{targets: ['127.0.0.1:%d']}]
""" % (ext, prom_url, toc_cap.port))
            toc = h.Proc("twin", [
                prometheus, "--config.file=" + os.path.join(workdir,
                                                            "twin.yml"),
                "--storage.tsdb.path=" + os.path.join(workdir, "tsdb2"),
                "--web.listen-address=127.0.0.1:%d" % toc_port,
                "--web.external-url=" + prom_url], workdir)
        else:
            toc = h.Proc("tocsin", [
                tocsin, "run",
                "--config.file=" + os.path.join(workdir, "tocsin.yml"),
                "--web.listen-address=127.0.0.1:%d" % toc_port,
                "--storage.path=" + os.path.join(workdir, "tocsin-data"),
                "--web.external-url=" + prom_url, "--log.level=debug"],
                workdir)
        procs.append(toc)
        if not h.wait_ready(toc_url, toc, 30):
            print("FAIL: tocsin run did not become ready on %s within 30 s "
                  "(alive: %s); its log:\n%s"
                  % (toc_url, toc.alive(), toc.log_tail()))
            return 1

        # Slot phases from Prometheus's metrics; the exporter aligns to them.
        files = {}
        phases = h.wait_until(lambda: slot_phases(prom_url, files), 20, 0.5)
        if not phases:
            print("FAIL (harness): no rule group evaluation timestamps in "
                  "Prometheus's /metrics")
            return 1
        slots.phases = phases
        print("slots: %s; rule files: %s"
              % (", ".join("%s every %ds at +%.3f s" % (g, INTERVALS[g], p)
                           for g, p in sorted(phases.items())), files))
        if any(f != rules_path for f in files.values()):
            notes.append("Prometheus names the rule file %s" % files)

        # Same file for tocsin (the slot offsets hash it).
        tgroups = h.rules_of(toc_url) or []
        for g in tgroups:
            if g.get("name") in files and g.get("file") != files[g["name"]]:
                failures.append("group %s: tocsin's file is %r, Prometheus's "
                                "%r (the slot offset hashes it)"
                                % (g["name"], g.get("file"), files[g["name"]]))
        if len(tgroups) != 2:
            failures.append("tocsin's /api/v1/rules has %d groups, want 2: %s"
                            % (len(tgroups), [g.get("name") for g in tgroups]))

        s0 = exporter.s0
        print("scenario starts in %.1f s (s=0 at Unix time %.3f)"
              % (s0 - time.time(), s0))
        seen = {n: [] for n in ALERT_NAMES}  # Prometheus's (s, state)
        checks = dropped = 0
        check_times = []
        last_check = None
        period = INTERVALS["sergas_warning"]
        cycle_slots = sorted(
            (ph + k * INTERVALS[g]) % period
            for g, ph in phases.items()
            for k in range(period // INTERVALS[g]))
        gaps = [(b - a, a) for a, b in
                zip(cycle_slots, cycle_slots[1:] + [cycle_slots[0] + period])]
        gap, gap_start = max(gaps)
        offset = (gap_start + gap / 2) % period  # check instants, mod period
        while time.time() < s0 + END:
            now = time.time()
            t_check = now - ((now - offset) % period) + period
            time.sleep(max(0.0, t_check - time.time()))
            if not toc.alive():
                failures.append("tocsin exited (code %s) at s=%.1f"
                                % (toc.p.returncode, time.time() - s0))
                break
            latest = {g: slots.latest(g, t_check) for g in INTERVALS}
            deadline = t_check + gap / 2 - 0.25
            ok = h.wait_until(
                lambda: all(evaluated_since(h.rules_of(u), g, latest[g])
                            for u in (prom_url, toc_url) for g in INTERVALS),
                max(0.0, deadline - time.time()), 0.05)
            if not ok:
                lag = [(u, g) for u in ("Prometheus", "tocsin")
                       for g in INTERVALS
                       if not evaluated_since(
                           h.rules_of(prom_url if u == "Prometheus"
                                      else toc_url), g, latest[g])]
                failures.append("s=%.1f: not evaluated in time (%s)"
                                % (t_check - s0, lag))
                continue
            pa, ta = h.alerts_of(prom_url), h.alerts_of(toc_url)
            if time.time() > deadline + 0.2:  # a new evaluation may have run
                dropped += 1
                continue
            if pa is None or ta is None:
                failures.append("s=%.1f: /api/v1/alerts failed (Prometheus "
                                "%s, tocsin %s)" % (t_check - s0, pa is not None,
                                                    ta is not None))
                continue
            checks += 1
            last_check = t_check
            s = t_check - s0
            check_times.append(s)
            for a in pa:
                n = a["labels"].get("alertname")
                if n in seen:
                    seen[n].append((s, a["state"]))
            errs, nts = compare_lists(pa, ta)
            for e in errs:
                failures.append("s=%.1f: %s" % (s, e))
            notes.extend(n for n in nts if n not in notes)
            states = ", ".join(sorted("%s:%s" % (a["labels"]["alertname"],
                                                 a["state"]) for a in pa))
            print("s=%6.1f  %-4s  %s" % (s, "ok" if not errs else "DIFF",
                                         states or "-"))

        # The sends of the evaluations up to the last check.
        time.sleep(2.0)
        if last_check is None:
            failures.append("no check completed")
        else:
            errs, n_prom, n_toc = compare_sent(prom_cap, toc_cap,
                                               last_check - 0.5)
            print("alerts posted: Prometheus %d distinct, tocsin %d distinct"
                  % (n_prom, n_toc))
            failures.extend(errs)
            if n_prom == 0:
                failures.append("(harness) Prometheus posted no alerts")

        # The scenario must have exercised every alert.
        print("Prometheus's alert states (scenario seconds):")
        for n in ALERT_NAMES:
            pts = seen[n]
            first = {st: min((s for s, x in pts if x == st), default=None)
                     for st in ("pending", "firing")}
            last_firing = max((s for s, x in pts if x == "firing"),
                              default=None)
            resolved = None
            if last_firing is not None:
                gone = [c for c in check_times if c > last_firing and
                        all(s != c for s, _ in pts)]
                if gone:
                    resolved = "at %.1f" % min(gone)
            print("  %-28s pending at %s, firing at %s, resolved %s" % (
                n, "%.1f" % first["pending"] if first["pending"] else None,
                "%.1f" % first["firing"] if first["firing"] else None,
                resolved))
            if first["pending"] is None or first["firing"] is None or \
                    resolved is None:
                failures.append("(harness) %s was not pending, firing and "
                                "resolved in Prometheus: %s" % (n, pts))
        print("checks: %d compared, %d dropped (an evaluation may have "
              "overlapped); app-2 up changes at s=%s" % (
                  checks, dropped,
                  ["%.2f%s" % (t - s0, " down" if d else " up")
                   for t, d in exporter.up_changes]))
        if checks < END / period * 0.6:
            failures.append("(harness) only %d checks compared" % checks)
    finally:
        for p in procs:
            p.stop()
        exporter.close()
        prom_cap.close()
        toc_cap.close()

    for n in notes:
        print("note: " + n)
    if failures:
        print("\nFAIL: %d problem(s):" % len(failures))
        for f in failures[:80]:
            print("  " + f)
        if len(failures) > 80:
            print("  ... and %d more" % (len(failures) - 80))
        print("workdir (logs, configs): " + workdir)
        if len(procs) > 1:
            print("%s log tail:\n%s" % (procs[1].name, procs[1].log_tail()))
        return 1
    print("ok   tocsin run agrees with Prometheus 2.42 on every check and "
          "every alert sent")
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    sys.exit(main())
