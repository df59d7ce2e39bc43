#!/usr/bin/env python3
"""`tocsin run` writes recorded series and ALERTS to a real Prometheus 2.42.

Prometheus runs with --web.enable-remote-write-receiver on an empty TSDB;
tocsin replays a small recording (ten times faster than real time) through
a recording rule and an alerting rule, with `remote_write` pointed at that
Prometheus. The recorded series must arrive with the values the rule
computes, and ALERTS / ALERTS_FOR_STATE with the alert's states, as
Prometheus's own ruler would have written them.

Usage: daemon_remote_write_test.py TOCSIN. Exit 77 when prometheus is missing.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PROMETHEUS = "/usr/bin/prometheus"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.loads(r.read())
    except (OSError, ValueError):
        return None


def ready(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def wait_for(what, check, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    sys.exit(f"FAIL: timed out waiting for {what}")


def query(base, expr, t):
    q = urllib.parse.urlencode({"query": expr, "time": t})
    body = get_json(f"{base}/api/v1/query?{q}")
    return body["data"]["result"] if body and body["status"] == "success" else None


def main():
    tocsin = sys.argv[1]
    if not os.path.exists(PROMETHEUS):
        print("prometheus is not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="tocsin_rw_")
    procs = []
    try:
        prom_port, tocsin_port = free_port(), free_port()
        prom = f"http://127.0.0.1:{prom_port}"
        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write("global:\n  scrape_interval: 1m\n")
        procs.append(subprocess.Popen(
            [PROMETHEUS, f"--config.file={tmp}/prometheus.yml",
             f"--storage.tsdb.path={tmp}/prom", "--web.enable-remote-write-receiver",
             f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for("prometheus", lambda: ready(f"{prom}/-/ready"))

        # Ten minutes of two series at 15 s, starting 20 minutes ago: x of
        # job "b" turns positive at minute 3.
        start = int(time.time()) - 1200
        with open(os.path.join(tmp, "rec.om"), "w") as f:
            for t in range(start, start + 601, 15):
                f.write(f'x{{job="a"}} 1 {t}\n')
                f.write(f'x{{job="b"}} {5 if t >= start + 180 else 0} {t}\n')
            f.write("# EOF\n")
        with open(os.path.join(tmp, "rules.yml"), "w") as f:
            f.write("""groups:
  - name: rw
    interval: 30s
    rules:
      - record: job:x:sum
        expr: sum by (job) (x) * 2
      - alert: XHigh
        expr: x > 1
        for: 1m
        labels: {severity: page}
""")
        with open(os.path.join(tmp, "tocsin.yml"), "w") as f:
            f.write(f"""global:
  external_labels: {{replica: r1}}
datasource:
  series_files: [rec.om]
  replay: {{speed: 10, start: {start}}}
rule_files: [rules.yml]
remote_write:
  - url: {prom}/api/v1/write
    queue_config: {{batch_send_deadline: 200ms}}
""")
        procs.append(subprocess.Popen(
            [tocsin, "run", f"--config.file={tmp}/tocsin.yml",
             f"--web.listen-address=127.0.0.1:{tocsin_port}",
             f"--storage.path={tmp}/data", "--log.level=warn"]))

        # 5 recorded minutes: the alert fired at about minute 4.
        at = start + 300
        # The replay reaches minute 5 after 30 s; until then Prometheus holds
        # earlier values.
        def recorded_at_minute_5():
            r = query(prom, "job:x:sum", at)
            if not r or len(r) != 2:
                return None
            values = {s["metric"]["job"]: s["value"][1] for s in r}
            return r if values == {"a": "2", "b": "10"} else None
        recorded = wait_for("job:x:sum = {a: 2, b: 10} in Prometheus",
                            recorded_at_minute_5)
        labels = recorded[0]["metric"]
        if labels.get("replica") != "r1":
            sys.exit(f"FAIL: external labels missing from written series: {labels}")

        firing = wait_for(
            "ALERTS firing in Prometheus",
            lambda: query(prom, 'ALERTS{alertstate="firing"}', at))
        m = firing[0]["metric"]
        want = {"__name__": "ALERTS", "alertname": "XHigh", "alertstate": "firing",
                "job": "b", "severity": "page", "replica": "r1"}
        if m != want:
            sys.exit(f"FAIL: ALERTS series {m}, want {want}")
        # ALERTS_FOR_STATE holds the alert's ActiveAt: between minute 3 and
        # 3.5 (the first evaluation that saw x > 1).
        for_state = query(prom, "ALERTS_FOR_STATE", at)
        active_at = float(for_state[0]["value"][1])
        if not start + 180 <= active_at <= start + 210:
            sys.exit(f"FAIL: ALERTS_FOR_STATE {active_at}, want in "
                     f"[{start + 180}, {start + 210}]")
        # Pending before it fired (at evaluations in the minute before), and
        # nothing for job "a".
        pending = query(prom, 'count_over_time(ALERTS{alertstate="pending"}[2m])',
                        active_at + 60)
        if not pending or pending[0]["metric"]["job"] != "b":
            sys.exit(f"FAIL: no pending ALERTS before it fired: {pending}")
        metrics = urllib.request.urlopen(
            f"http://127.0.0.1:{tocsin_port}/metrics").read().decode()
        if "prometheus_remote_storage_samples_total{" not in metrics:
            sys.exit("FAIL: remote write metrics missing")
        print("PASS: recorded series and ALERTS arrived by remote write")
        return 0
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
