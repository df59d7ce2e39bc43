#!/usr/bin/env python3
"""`tocsin router` as a drop-in Alertmanager, driven by amtool 0.25.

Starts `tocsin router` on 127.0.0.1 with a free port and checks that amtool
lists alerts, adds, queries and expires silences against it; that SIGHUP and
POST /-/reload keep the old config when the new one is invalid and take a
valid one; that oversized and malformed posts answer 400 and store nothing;
and that silences survive kill -9 and a restart.

Usage: router_amtool_test.py TOCSIN AMTOOL. Exit 77 when amtool is missing.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CONFIG = """
route:
  receiver: r
  group_by: [alertname]
  group_wait: 1h
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/hook'}]
- name: pager
  pagerduty_configs: [{routing_key: 'very-secret-key'}]
"""

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (ConnectionError, urllib.error.URLError) as e:
        return 0, str(e)


class Router:
    def __init__(self, tocsin, workdir, port):
        self.url = "http://127.0.0.1:%d" % port
        self.log = open(os.path.join(workdir, "router.log"), "ab")
        self.proc = subprocess.Popen(
            [tocsin, "router",
             "--config.file=" + os.path.join(workdir, "am.yml"),
             "--storage.path=" + os.path.join(workdir, "data"),
             "--web.listen-address=127.0.0.1:%d" % port,
             "--web.external-url=http://am.example:9093/",
             "--web.max-request-body-bytes=65536"],
            stdout=self.log, stderr=self.log)
        for _ in range(100):
            if request(self.url + "/-/ready")[0] == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("tocsin router did not become ready")

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        self.proc.wait(timeout=20)


def amtool(amtool_bin, url, *args):
    r = subprocess.run([amtool_bin, "--alertmanager.url=" + url] + list(args),
                       capture_output=True, text=True, timeout=30)
    if "are different" in r.stderr:
        FAILURES.append("amtool warned about the version: " + r.stderr)
    return r.returncode, r.stdout + r.stderr


def main():
    tocsin, amtool_bin = sys.argv[1], sys.argv[2]
    if not os.access(amtool_bin, os.X_OK):
        return 77
    workdir = tempfile.mkdtemp(prefix="tocsin_router_amtool_")
    cfg_path = os.path.join(workdir, "am.yml")
    with open(cfg_path, "w") as f:
        f.write(CONFIG)
    port = free_port()
    router = Router(tocsin, workdir, port)
    url = router.url
    try:
        code, _ = request(url + "/api/v2/alerts", "POST", json.dumps(
            [{"labels": {"alertname": "DiskFull", "instance": "a"},
              "annotations": {"summary": "disk is full"}},
             {"labels": {"alertname": "CpuHigh"}}]))
        check(code == 200, "POST /api/v2/alerts accepted")
        rc, out = amtool(amtool_bin, url, "alert", "query")
        check(rc == 0 and "DiskFull" in out and "CpuHigh" in out
              and "disk is full" in out, "amtool alert query lists alerts")
        rc, out = amtool(amtool_bin, url, "silence", "add",
                         "alertname=DiskFull", "--comment=maintenance",
                         "--author=tester", "--duration=1h")
        sid = out.strip()
        check(rc == 0 and len(sid) == 36, "amtool silence add returns an id")
        rc, out = amtool(amtool_bin, url, "alert", "query")
        check(rc == 0 and "DiskFull" not in out and "CpuHigh" in out,
              "silenced alert is hidden by amtool alert query")
        rc, out = amtool(amtool_bin, url, "alert", "query", "--silenced")
        check(rc == 0 and "DiskFull" in out, "amtool alert query --silenced")
        rc, out = amtool(amtool_bin, url, "silence", "query")
        check(rc == 0 and sid in out and "maintenance" in out,
              "amtool silence query lists the silence")
        rc, out = amtool(amtool_bin, url, "config", "show")
        check(rc == 0 and "very-secret-key" not in out and "<secret>" in out,
              "amtool config show hides secrets")

        # Oversized and malformed posts: 400, nothing stored.
        code, body = request(url + "/api/v2/alerts", "POST",
                             "[" + ",".join(['{"labels":{"alertname":"Big"}}']
                                            * 5000) + "]")
        check(code == 400 and '"code":400' in body,
              "oversized post answers 400 with the error JSON: %d %s" %
              (code, body[:120]))
        code, body = request(url + "/api/v2/alerts", "POST", "[{\"labels\":")
        check(code == 400 and "unexpected EOF" in body, "malformed post: 400")
        _, body = request(url + "/api/v2/alerts?filter=alertname%3DBig")
        check(body.strip() == "[]", "nothing of the bad posts was stored")

        # Reload: an invalid config keeps the old one.
        with open(cfg_path, "w") as f:
            f.write(CONFIG.replace("receiver: r\n", "receiver: nope\n", 1))
        router.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        code, body = request(url + "/-/reload", "POST", "")
        check(code == 500 and body.startswith("failed to reload config:")
              and "undefined receiver" in body, "invalid reload answers 500")
        _, body = request(url + "/api/v2/receivers")
        check(json.loads(body) == [{"name": "r"}, {"name": "pager"}],
              "old config still in effect")
        with open(cfg_path, "w") as f:
            f.write(CONFIG + "- name: extra\n")
        router.proc.send_signal(signal.SIGHUP)
        loaded = False
        for _ in range(100):
            _, body = request(url + "/api/v2/receivers")
            loaded = any(r["name"] == "extra" for r in json.loads(body))
            if loaded:
                break
            time.sleep(0.1)
        check(loaded, "SIGHUP loads the new config")

        # kill -9 and restart: the silence survives.
        router.stop(signal.SIGKILL)
        router = Router(tocsin, workdir, port)
        rc, out = amtool(amtool_bin, url, "silence", "query")
        check(rc == 0 and sid in out, "silence survives kill -9")
        rc, out = amtool(amtool_bin, url, "silence", "expire", sid)
        check(rc == 0, "amtool silence expire")
        rc, out = amtool(amtool_bin, url, "silence", "query")
        check(rc == 0 and sid not in out, "expired silence no longer listed")
        rc, out = amtool(amtool_bin, url, "silence", "query", "--expired")
        check(rc == 0 and sid in out, "expired silence listed with --expired")
    finally:
        router.stop()
    if FAILURES:
        print("%d check(s) failed; log in %s" % (len(FAILURES), workdir))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
