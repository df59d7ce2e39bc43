"""A small fake of Prometheus's query API for the `tocsin run` fault tests.

It serves /api/v1/query and /api/v1/query_range (GET or form POST) for a
few fixed series whose values the test sets, answering the selector forms
tocsin sends: `{__name__="x",a="b"}` (or `x{a="b"}`), `sel[5m]` (raw
samples, one per second) and `timestamp(sel)`. Each series has one value
at all times (`set`), or is absent.

It can be switched into a fault at any time:
  ok       normal answers
  down     nothing listens on the port (connection refused)
  slow     answers after `delay` seconds
  500      HTTP 500 with Prometheus's error JSON
  garbage  HTTP 200 with a truncated JSON body
Every request is logged in `requests` (time, mode, path, query).
Standard library only; listens on 127.0.0.1.
"""

import http.server
import json
import re
import socket
import threading
import time
import urllib.parse

MATCHER = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*'
                     r'"((?:[^"\\]|\\.)*)"\s*,?')
DURATION = re.compile(r"(\d+)(ms|s|m|h|d|w|y)")
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800,
         "y": 31536000}


class BadQuery(Exception):
    pass


def parse_duration(text):
    pos, total = 0, 0.0
    for m in DURATION.finditer(text):
        if m.start() != pos:
            raise BadQuery("bad duration %r" % text)
        total += int(m.group(1)) * UNITS[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise BadQuery("bad duration %r" % text)
    return total


def parse_time(text):
    try:
        return float(text)
    except ValueError:
        pass
    import datetime
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t.timestamp()


def parse_selector(text):
    """(matchers, range seconds or None, timestamp()?)"""
    text = text.strip()
    ts = False
    m = re.fullmatch(r"timestamp\((.*)\)", text, re.S)
    if m:
        ts, text = True, m.group(1).strip()
    rng = None
    m = re.fullmatch(r"(.*)\[([0-9a-z]+)\]", text, re.S)
    if m:
        text, rng = m.group(1).strip(), parse_duration(m.group(2))
    m = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(\{(.*)\})?", text, re.S)
    if not m or not (m.group(1) or m.group(2)):
        raise BadQuery("the fake datasource cannot parse %r" % text)
    matchers = []
    if m.group(1):
        matchers.append(("__name__", "=", m.group(1)))
    body = m.group(3) or ""
    pos = 0
    while pos < len(body):
        mm = MATCHER.match(body, pos)
        if not mm:
            raise BadQuery("the fake datasource cannot parse %r" % text)
        value = json.loads('"%s"' % mm.group(3))
        matchers.append((mm.group(1), mm.group(2), value))
        pos = mm.end()
    return matchers, rng, ts


def matches(labels, matchers):
    for name, op, value in matchers:
        v = labels.get(name, "")
        if op == "=" and v != value:
            return False
        if op == "!=" and v == value:
            return False
        if op == "=~" and not re.fullmatch(value, v):
            return False
        if op == "!~" and re.fullmatch(value, v):
            return False
    return True


def fmt_value(v):
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "+Inf" if v > 0 else "-Inf"
    r = repr(float(v))
    return r[:-2] if r.endswith(".0") else r


def fmt_ts(t):
    r = "%.3f" % t
    r = r.rstrip("0").rstrip(".")
    return float(r) if "." in r else int(r)


class FakeDatasource:
    def __init__(self, port=0):
        self.lock = threading.Lock()
        self.series = {}  # label tuple -> value
        self.mode = "ok"
        self.delay = 5.0
        self.requests = []
        self.connections = set()
        self.server = None
        self.port = port
        self._start()
        self.url = "http://127.0.0.1:%d" % self.port

    # --- control -------------------------------------------------------

    def set(self, labels, value):
        """Sets a series' value (None removes it)."""
        key = tuple(sorted(labels.items()))
        with self.lock:
            if value is None:
                self.series.pop(key, None)
            else:
                self.series[key] = float(value)

    def set_mode(self, mode, delay=None):
        assert mode in ("ok", "down", "slow", "500", "garbage"), mode
        with self.lock:
            old = self.mode
            self.mode = mode
            if delay is not None:
                self.delay = delay
        if mode == "down" and old != "down":
            self._stop()
        elif mode != "down" and old == "down":
            self._start()

    def queries_since(self, t):
        with self.lock:
            return [r for r in self.requests if r[0] >= t]

    def close(self):
        self._stop()

    # --- serving -------------------------------------------------------

    def _start(self):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                outer._handle(self, u.path, urllib.parse.parse_qs(u.query))

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(n).decode())
                u = urllib.parse.urlsplit(self.path)
                form.update(urllib.parse.parse_qs(u.query))
                outer._handle(self, u.path, form)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

            def get_request(self):
                conn, addr = super().get_request()
                with outer.lock:
                    outer.connections.add(conn)
                return conn, addr

            def shutdown_request(self, request):
                with outer.lock:
                    outer.connections.discard(request)
                super().shutdown_request(request)

        for _ in range(50):
            try:
                self.server = Server(("127.0.0.1", self.port), Handler)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("cannot listen on port %d again" % self.port)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()

    def _stop(self):
        """Stops listening and drops the open (keep-alive) connections, so
        that the next request finds nothing: connection refused."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with self.lock:
            conns, self.connections = list(self.connections), set()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def _reply(self, handler, status, body, ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout)

    def _handle(self, handler, path, params):
        query = (params.get("query") or [""])[0]
        with self.lock:
            mode, delay = self.mode, self.delay
            self.requests.append((time.time(), mode, path, query))
        if path in ("/-/ready", "/-/healthy"):
            return self._reply(handler, 200, "ok\n", "text/plain")
        if path == "/api/v1/status/buildinfo":
            return self._reply(handler, 200, json.dumps(
                {"status": "success", "data": {"version": "2.42.0"}}))
        if path not in ("/api/v1/query", "/api/v1/query_range"):
            return self._reply(handler, 404, json.dumps(
                {"status": "error", "errorType": "not_found",
                 "error": "the fake datasource has no " + path}))
        if mode == "slow":
            time.sleep(delay)
        if mode == "500":
            return self._reply(handler, 500, json.dumps(
                {"status": "error", "errorType": "internal",
                 "error": "fake datasource: internal error"}))
        if mode == "garbage":
            return self._reply(handler, 200,
                               '{"status":"success","data":{"resultType":'
                               '"vector","result":[{"metric":{"__name__":')
        try:
            data = self._evaluate(path, params, query)
        except (BadQuery, ValueError, KeyError) as e:
            return self._reply(handler, 400, json.dumps(
                {"status": "error", "errorType": "bad_data", "error": str(e)}))
        self._reply(handler, 200, json.dumps({"status": "success",
                                              "data": data}))

    def _evaluate(self, path, params, query):
        matchers, rng, ts = parse_selector(query)
        with self.lock:
            series = [(dict(k), v) for k, v in self.series.items()
                      if matches(dict(k), matchers)]
        if ts:
            for labels, _ in series:
                labels.pop("__name__", None)
        if path == "/api/v1/query":
            t = parse_time(params["time"][0]) if "time" in params \
                else time.time()
            if rng is None:
                return {"resultType": "vector", "result": [
                    {"metric": labels,
                     "value": [fmt_ts(t), fmt_value(t if ts else v)]}
                    for labels, v in series]}
            start = int(t - rng) + (0 if (t - rng) == int(t - rng) else 1)
            points = [float(x) for x in range(max(start, 0), int(t) + 1)]
            return {"resultType": "matrix", "result": [
                {"metric": labels,
                 "values": [[fmt_ts(p), fmt_value(v)] for p in points]}
                for labels, v in series]}
        start = parse_time(params["start"][0])
        end = parse_time(params["end"][0])
        step = params["step"][0]
        try:
            step = float(step)
        except ValueError:
            step = parse_duration(step)
        points = []
        t = start
        while t <= end + 1e-9 and len(points) < 11000:
            points.append(t)
            t += step
        return {"resultType": "matrix", "result": [
            {"metric": labels,
             "values": [[fmt_ts(p), fmt_value(p if ts else v)]
                        for p in points]}
            for labels, v in series]}
