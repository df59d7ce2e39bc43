"""Starting Prometheus and tocsin on recorded data, and querying them.

Shared by run_differential.py, check_script.py and
bench/compare_prometheus.py. Standard library only.

Every server listens on 127.0.0.1 on a free port. Prometheus runs with a
configuration that has no scrape jobs, no rule files, no alerting and no
remote storage, so it never connects anywhere; its data comes from blocks
written by `promtool tsdb create-blocks-from openmetrics`.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
import urllib.parse

PROMETHEUS_CONFIG = """\
# No scrape jobs, no rules, no alerting, no remote storage: this server only
# answers queries over backfilled blocks.
global:
  scrape_interval: 1m
  evaluation_interval: 1m
"""


def free_port():
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary(name, explicit=None):
    if explicit:
        return explicit
    path = shutil.which(name)
    if not path:
        raise RuntimeError("%s not found in PATH" % name)
    return path


def backfill(promtool, om_path, data_dir):
    """Writes TSDB blocks for the OpenMetrics file `om_path` into data_dir."""
    os.makedirs(data_dir, exist_ok=True)
    res = subprocess.run(
        [promtool, "tsdb", "create-blocks-from", "openmetrics", "--quiet",
         om_path, data_dir],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if res.returncode != 0:
        raise RuntimeError("promtool backfill of %s failed:\n%s" %
                           (om_path, res.stdout))


class Server:
    """A child process that serves the Prometheus query API."""

    def __init__(self, name, argv, port, workdir):
        self.name = name
        self.argv = argv
        self.port = port
        self.log_path = os.path.join(workdir, "%s.log" % name)
        self.proc = None

    def start(self):
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.argv, stdout=log,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def wait_ready(self, timeout=120.0):
        """Waits until `query=1` answers with success."""
        deadline = time.monotonic() + timeout
        client = Client(self.port)
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %d before it was ready:\n%s" %
                                   (self.name, self.proc.returncode,
                                    self.log_tail()))
            try:
                status, body, _ = client.get("/api/v1/query",
                                             {"query": "1", "time": "0"})
                if status == 200 and body and body.get("status") == "success":
                    client.close()
                    return
                last = "HTTP %d" % status
            except (OSError, http.client.HTTPException, ValueError) as e:
                last = str(e)
                client.close()
            time.sleep(0.2)
        raise RuntimeError("%s not ready after %.0fs (%s):\n%s" %
                           (self.name, timeout, last, self.log_tail()))

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def memory_kib(self, field="VmHWM"):
        """VmHWM / VmRSS of the process in KiB, or None."""
        if self.proc is None:
            return None
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None


def prometheus_server(binary, data_dir, workdir, name="prometheus",
                      extra_flags=()):
    port = free_port()
    config = os.path.join(workdir, "%s.yml" % name)
    with open(config, "w") as f:
        f.write(PROMETHEUS_CONFIG)
    argv = [binary,
            "--config.file=" + config,
            "--storage.tsdb.path=" + data_dir,
            "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:%d" % port,
            "--query.lookback-delta=5m",
            "--query.max-concurrency=32",
            "--log.level=warn"]
    # A flag given in extra_flags replaces the default of the same name.
    names = {f.split("=", 1)[0] for f in extra_flags}
    argv = [a for a in argv if a.split("=", 1)[0] not in names] + list(extra_flags)
    return Server(name, argv, port, workdir)


def tocsin_server(binary, series_files, workdir, name="tocsin",
                  extra_flags=()):
    port = free_port()
    argv = [binary, "serve"]
    for f in series_files:
        argv += ["--series", f]
    argv += ["--web.listen-address=127.0.0.1:%d" % port] + list(extra_flags)
    return Server(name, argv, port, workdir)


class Client:
    """A keep-alive HTTP client for one server; one per thread."""

    def __init__(self, port, host="127.0.0.1", timeout=120.0):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def get(self, path, params):
        """GETs path?params; returns (HTTP status, parsed JSON or None, text)."""
        url = path + "?" + urllib.parse.urlencode(params)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=self.timeout)
            try:
                self.conn.request("GET", url)
                resp = self.conn.getresponse()
                raw = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                break
            except (ConnectionError, http.client.RemoteDisconnected,
                    http.client.BadStatusLine, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise
        text = raw.decode("utf-8", errors="replace")
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        return resp.status, body, text


class ClientPool:
    """Thread-local Clients for one server."""

    def __init__(self, port):
        self.port = port
        self.local = threading.local()
        self.all = []
        self.lock = threading.Lock()

    def client(self):
        c = getattr(self.local, "client", None)
        if c is None:
            c = Client(self.port)
            self.local.client = c
            with self.lock:
                self.all.append(c)
        return c

    def close(self):
        with self.lock:
            for c in self.all:
                c.close()


# --- Remote write (for samples the text format cannot carry) ---------------

STALE_NAN_BITS = 0x7FF0000000000002


def _varint(n):
    if n < 0:
        n += 1 << 64
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


def _snappy_literal(data):
    """A valid snappy block made of literal elements only."""
    out = bytearray(_varint(len(data)))
    for i in range(0, len(data), 1 << 16):
        chunk = data[i:i + (1 << 16)]
        out.append(62 << 2)  # literal, length-1 in the next 3 bytes
        out += struct.pack("<I", len(chunk) - 1)[:3]
        out += chunk
    return bytes(out)


def write_request(series):
    """Protobuf prometheus.WriteRequest for [(labels, [(ts_ms, value)])];
    a value of None is a staleness marker."""
    body = bytearray()
    for labels, samples in series:
        ts = bytearray()
        for name in sorted(labels):
            ts += _field(1, _field(1, name.encode()) + _field(2, labels[name].encode()))
        for t, v in samples:
            bits = struct.pack("<Q", STALE_NAN_BITS) if v is None else struct.pack("<d", v)
            ts += _field(2, b"\x09" + bits + b"\x10" + _varint(t))
        body += _field(1, bytes(ts))
    return bytes(body)


def remote_write(port, series):
    """Sends samples to a Prometheus started with
    --web.enable-remote-write-receiver."""
    payload = _snappy_literal(write_request(series))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/api/v1/write", body=payload, headers={
            "Content-Type": "application/x-protobuf",
            "Content-Encoding": "snappy",
            "X-Prometheus-Remote-Write-Version": "0.1.0"})
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", errors="replace")
        if resp.status // 100 != 2:
            raise RuntimeError("remote write failed: HTTP %d %s" % (resp.status, text))
    finally:
        conn.close()
