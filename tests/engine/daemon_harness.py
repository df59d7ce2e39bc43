"""Shared pieces of the `tocsin run` tests (daemon_prometheus_test.py,
daemon_faults_test.py): free ports, JSON over HTTP, capture servers posing
as Alertmanagers, processes with their logs, Prometheus's API shapes.

Everything listens on and talks to 127.0.0.1 only. Standard library only.
"""

import datetime
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request


_M64 = (1 << 64) - 1
_P1, _P2, _P3, _P4, _P5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F,
                           0x165667B19E3779F9, 0x85EBCA77C2B2AE63,
                           0x27D4EB2F165667C5)


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _round(acc, lane):
    return (_rotl((acc + lane * _P2) & _M64, 31) * _P1) & _M64


def xxh64(data, seed=0):
    """XXH64 (github.com/cespare/xxhash, which Prometheus uses)."""
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + _P1 + _P2) & _M64, (seed + _P2) & _M64, seed,
             (seed - _P1) & _M64]
        while i + 32 <= n:
            for j in range(4):
                lane = int.from_bytes(data[i + 8 * j:i + 8 * j + 8], "little")
                v[j] = _round(v[j], lane)
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) +
             _rotl(v[3], 18)) & _M64
        for x in v:
            h = ((h ^ _round(0, x)) * _P1 + _P4) & _M64
    else:
        h = (seed + _P5) & _M64
    h = (h + n) & _M64
    while i + 8 <= n:
        h ^= _round(0, int.from_bytes(data[i:i + 8], "little"))
        h = (_rotl(h, 27) * _P1 + _P4) & _M64
        i += 8
    if i + 4 <= n:
        h ^= (int.from_bytes(data[i:i + 4], "little") * _P1) & _M64
        h = (_rotl(h, 23) * _P2 + _P3) & _M64
        i += 4
    while i < n:
        h ^= (data[i] * _P5) & _M64
        h = (_rotl(h, 11) * _P1) & _M64
        i += 1
    h ^= h >> 33
    h = (h * _P2) & _M64
    h ^= h >> 29
    h = (h * _P3) & _M64
    h ^= h >> 32
    return h


def group_slot_offset_ns(file, name, interval_s):
    """Prometheus 2.42's slot offset of a rule group (rules.Group.hash():
    labels {file, name} hashed as labels.Labels.Hash does), in ns: the
    group evaluates at k * interval + offset since the Unix epoch."""
    b = b"file\xff" + file.encode() + b"\xffname\xff" + name.encode() + b"\xff"
    return xxh64(b) % int(interval_s * 1_000_000_000)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, data=None, method=None, timeout=3):
    """(status, decoded JSON or raw text); status 0 when nothing answered."""
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body, status = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    except (OSError, ValueError):
        return 0, None
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode("utf-8", "replace")


def get_text(url, timeout=3):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return None


def parse_time(text):
    """RFC 3339 (up to nanoseconds, Z or offset) -> Unix seconds (float).
    Nanoseconds beyond a float's precision are kept in parse_time_ns."""
    return parse_time_ns(text) / 1e9


def parse_time_ns(text):
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?"
                 r"(Z|[+-]\d\d:\d\d)$", text)
    if not m:
        raise ValueError("not an RFC 3339 time: %r" % text)
    y, mo, d, h, mi, s, frac, tz = m.groups()
    dt = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s),
                           tzinfo=datetime.timezone.utc)
    secs = int(dt.timestamp())
    if tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    ns = int((frac or "0").ljust(9, "0")[:9])
    return secs * 1_000_000_000 + ns


def fmt_time(t):
    return datetime.datetime.fromtimestamp(
        t, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]


class CaptureServer:
    """Poses as an Alertmanager: records every POST (path, receive time,
    decoded body) and answers 200 (or `status`, settable at any time)."""

    def __init__(self):
        self.posts = []
        self.status = 200
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with outer.lock:
                    outer.posts.append((self.path, time.time(), body))
                    status = outer.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):  # /-/ready, /api/v2/status probes
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()

    def alerts(self):
        """[(receive time, path, alert)] of every alert posted so far."""
        with self.lock:
            out = []
            for path, t, body in self.posts:
                for a in body if isinstance(body, list) else [body]:
                    out.append((t, path, a))
            return out

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Proc:
    """A child process with its output in a log file."""

    def __init__(self, name, argv, workdir):
        self.name = name
        self.argv = argv
        self.log_path = os.path.join(workdir, name + ".log")
        self.log = open(self.log_path, "ab")
        self.p = subprocess.Popen(argv, stdout=self.log,
                                  stderr=subprocess.STDOUT)

    def alive(self):
        return self.p.poll() is None

    def signal(self, sig):
        if self.alive():
            self.p.send_signal(sig)

    def stop(self, timeout=20):
        """SIGTERM, then SIGKILL after `timeout`; the exit code."""
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()
        return self.p.returncode

    def kill(self):
        if self.alive():
            self.p.kill()
        self.p.wait()
        self.log.close()

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def log_tail(self, n=25):
        return "\n".join(self.log_text().splitlines()[-n:])


def wait_until(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def wait_ready(base_url, proc, timeout=30):
    """True once GET base/-/ready answers 200; False if it never does or
    the process exits."""
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and not proc.alive():
            return False
        status, _ = http_json(base_url + "/-/ready", timeout=1)
        if status == 200:
            return True
        time.sleep(0.1)
    return False


def alerts_of(base_url):
    """The alerts of GET /api/v1/alerts, or None."""
    status, body = http_json(base_url + "/api/v1/alerts")
    if status != 200 or not isinstance(body, dict):
        return None
    return body.get("data", {}).get("alerts")


def rules_of(base_url):
    """The groups of GET /api/v1/rules, or None."""
    status, body = http_json(base_url + "/api/v1/rules")
    if status != 200 or not isinstance(body, dict):
        return None
    return body.get("data", {}).get("groups")


def label_key(labels):
    return tuple(sorted(labels.items()))


def fmt_labels(labels):
    return "{" + ", ".join('%s="%s"' % kv for kv in sorted(labels.items())) + "}"


def find_tocsin_unsupported(proc):
    """A short reason when the binary has no `run` command, else None."""
    text = proc.log_text()
    for pat in ("The following argument was not expected: run",
                "unknown command", "Unknown command", "run: not found",
                "invalid choice", "Usage:"):
        if pat in text and not proc.alive():
            return "tocsin exited: %s" % text.strip().splitlines()[-1][:200]
    return None
