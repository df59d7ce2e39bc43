#!/usr/bin/env python3
"""A real Prometheus 2.42 delivers its alerts to `tocsin router`.

Prometheus evaluates an always-firing rule every second and is pointed at
`tocsin router` as its Alertmanager (API v2); the alert must show up in
tocsin's GET /api/v2/alerts with Prometheus's labels, annotations and
generator URL, and reach the webhook receiver.

Usage: router_prometheus_test.py TOCSIN. Exit 77 when prometheus is missing.
"""

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return json.loads(r.read())
    except OSError:
        return None


def main():
    tocsin = sys.argv[1]
    prometheus = shutil.which("prometheus")
    if prometheus is None:
        return 77
    sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sink.received = []
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp(prefix="tocsin_router_prom_")
    router_port, prom_port = free_port(), free_port()
    with open(os.path.join(workdir, "am.yml"), "w") as f:
        f.write("""
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
receivers:
- name: hook
  webhook_configs: [{url: 'http://127.0.0.1:%d/hook'}]
""" % sink.server_address[1])
    with open(os.path.join(workdir, "rules.yml"), "w") as f:
        f.write("""
groups:
- name: g
  interval: 1s
  rules:
  - alert: AlwaysFiring
    expr: vector(1)
    labels: {severity: critical}
    annotations: {summary: 'it fires'}
""")
    with open(os.path.join(workdir, "prometheus.yml"), "w") as f:
        f.write("""
global: {evaluation_interval: 1s}
rule_files: [rules.yml]
alerting:
  alertmanagers:
  - api_version: v2
    static_configs: [{targets: ['127.0.0.1:%d']}]
""" % router_port)
    log = open(os.path.join(workdir, "log"), "ab")
    router = subprocess.Popen(
        [tocsin, "router", "--config.file=" + os.path.join(workdir, "am.yml"),
         "--storage.path=" + os.path.join(workdir, "data"),
         "--web.listen-address=127.0.0.1:%d" % router_port],
        stdout=log, stderr=log)
    prom = subprocess.Popen(
        [prometheus,
         "--config.file=" + os.path.join(workdir, "prometheus.yml"),
         "--storage.tsdb.path=" + os.path.join(workdir, "tsdb"),
         "--web.listen-address=127.0.0.1:%d" % prom_port,
         # Alerts sent before the Alertmanager is discovered are lost;
         # resend soon instead of after a minute.
         "--rules.alert.resend-delay=1s"],
        stdout=log, stderr=log)
    ok = False
    try:
        url = "http://127.0.0.1:%d/api/v2/alerts" % router_port
        for _ in range(300):
            alerts = get_json(url) or []
            if alerts and sink.received:
                break
            time.sleep(0.1)
        alerts = get_json(url) or []
        print("tocsin has", alerts)
        print("receiver got", sink.received[:1])
        ok = (len(alerts) == 1
              and alerts[0]["labels"] == {"alertname": "AlwaysFiring",
                                          "severity": "critical"}
              and alerts[0]["annotations"] == {"summary": "it fires"}
              and "/graph?g0.expr=" in alerts[0].get("generatorURL", "")
              and alerts[0]["status"]["state"] == "active"
              and len(sink.received) >= 1
              and sink.received[0]["alerts"][0]["labels"]["alertname"]
              == "AlwaysFiring")
    finally:
        prom.terminate()
        router.terminate()
        prom.wait(timeout=30)
        router.wait(timeout=30)
        sink.shutdown()
    if not ok:
        print("FAIL: log in", workdir)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("ok   Prometheus delivers to tocsin router")
    return 0


if __name__ == "__main__":
    sys.exit(main())
