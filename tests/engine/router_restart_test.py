#!/usr/bin/env python3
"""`tocsin router` killed with SIGKILL at each stage of a flush.

A webhook receiver on 127.0.0.1 holds its answer back so that the router
can be killed while the delivery is in flight. Stages:
  1. killed before the group flushed: after a restart and the alert sent
     again (as Prometheus re-sends), it is delivered;
  2. killed while the receiver has the request but has not answered: the
     delivery is not recorded, so after the restart it is delivered again
     (at least once, as Alertmanager);
  3. killed after a delivery that succeeded: after the restart and the alert
     sent again, nothing is re-sent (the notification log survived).

Usage: router_restart_test.py TOCSIN
"""

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.received = []
        self.delay = 0.0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def count(self):
        with self.lock:
            return len(self.received)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.server.lock:
            self.server.received.append(json.loads(body))
        time.sleep(self.server.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def post(url, alerts):
    req = urllib.request.Request(url + "/api/v2/alerts",
                                 data=json.dumps(alerts).encode(),
                                 method="POST")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status


def start(tocsin, workdir, port):
    log = open(os.path.join(workdir, "router.log"), "ab")
    proc = subprocess.Popen(
        [tocsin, "router", "--config.file=" + os.path.join(workdir, "am.yml"),
         "--storage.path=" + os.path.join(workdir, "data"),
         "--web.listen-address=127.0.0.1:%d" % port],
        stdout=log, stderr=log)
    url = "http://127.0.0.1:%d" % port
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/-/ready", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("router did not start")


def wait_for(pred, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def kill9(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def main():
    tocsin = sys.argv[1]
    sink = Sink()
    workdir = tempfile.mkdtemp(prefix="tocsin_router_restart_")
    with open(os.path.join(workdir, "am.yml"), "w") as f:
        f.write("""
route:
  receiver: r
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1m
  repeat_interval: 1h
receivers:
- name: r
  webhook_configs:
  - url: 'http://127.0.0.1:%d/hook'
""" % sink.server_address[1])
    port = free_port()
    # Older than group_wait: a new group with it flushes at once.
    starts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
    alert = [{"labels": {"alertname": "Restart"}, "startsAt": starts}]

    # 1. Killed before the first flush.
    proc, url = start(tocsin, workdir, port)
    fresh = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1))
    post(url, [{"labels": {"alertname": "Restart"}, "startsAt": fresh}])
    kill9(proc)
    check(sink.count() == 0, "stage 1: nothing delivered before the kill")
    proc, url = start(tocsin, workdir, port)
    post(url, alert)
    check(wait_for(lambda: sink.count() == 1, 5),
          "stage 1: delivered after the restart")

    # 2. Killed while the delivery is in flight (a new alert in the group).
    sink.delay = 3.0

    # Both alerts start now, so that the new group waits group_wait and
    # flushes them together (an old startsAt flushes the group at once,
    # possibly before the second alert of the post is in it).
    def alert2():
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        return [{"labels": {"alertname": "Restart"}, "startsAt": now},
                {"labels": {"alertname": "Restart", "i": "2"},
                 "startsAt": now}]
    kill9(proc)
    proc, url = start(tocsin, workdir, port)
    # The nflog knows the first alert was delivered; the second is new.
    post(url, alert2())
    check(wait_for(lambda: sink.count() == 2, 5),
          "stage 2: the receiver has the request")
    kill9(proc)
    sink.delay = 0.0
    proc, url = start(tocsin, workdir, port)
    post(url, alert2())
    check(wait_for(lambda: sink.count() == 3, 5),
          "stage 2: re-delivered after the restart")
    last = sink.received[-1]
    check(len(last["alerts"]) == 2, "stage 2: with both alerts")

    # 3. Killed after a delivery that succeeded: nothing is sent again.
    time.sleep(0.5)
    kill9(proc)
    proc, url = start(tocsin, workdir, port)
    post(url, alert2())
    time.sleep(3)
    check(sink.count() == 3, "stage 3: nothing re-sent after the restart")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    sink.shutdown()
    if FAILURES:
        print("%d check(s) failed; log in %s" % (len(FAILURES), workdir))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
