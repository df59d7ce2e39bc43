#!/usr/bin/env python3
"""Checks a PromQL test script's expectations against a real Prometheus.

A test script (the format of Prometheus's promql/testdata and of tocsin's
tests/promql/testdata) is a sequence of commands:

    load 5m
        http_requests{job="api"} 0+10x10 _ 1x3 stale
    eval instant at 50m sum(http_requests)
        {} 100
    eval_ordered instant at 50m sort(http_requests)
        ...
    eval_fail instant at 0m foo(bar)
    clear

For every group of evals this script writes the samples loaded so far
(since the last `clear`) as OpenMetrics, backfills them with promtool into a
fresh TSDB, starts `prometheus` on it (127.0.0.1, free port, no scrape jobs)
and sends each eval as an instant query at its time. The text format cannot
carry `stale` markers: data with stale markers is sent instead through
Prometheus's remote-write receiver (protobuf, snappy) into an empty server.

A result passes as in Prometheus's own runner: the same series (label sets
including the metric name), values equal within 1e-6 relative (NaN equals
NaN), positions equal for eval_ordered, an evaluation error for eval_fail.
An expression that does not parse fails, under eval_fail too: Prometheus's
runner parses every expression when it reads a script and rejects the whole
file. Like that runner this script also checks the same query in range mode
(from t-1m to t+1m, step 1m, the middle step), unless --no-range-mode. (The
runner's @-pinned variants are not repeated here.)

Evals whose data cannot be written (a series without a metric name) are
skipped and reported as such.

Usage:
    check_script.py [--verbose] [--no-range-mode] FILE.test...
Exit status: 0 when every checked eval passes, 1 otherwise, 2 on a harness
or script syntax error, 77 when prometheus or promtool is missing.
"""

import argparse
import math
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import promharness  # noqa: E402

EPSILON = 0.000001
MIN_NORMAL = 2.2250738585072014e-308

_NUM = r"(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN])"
# Series values: no hexadecimal (ambiguous with the `x` of repetitions).
_SNUM = r"(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN])"
_ITEM = re.compile(r"^(?P<base>[+-]?%s|stale)(?:(?P<delta>[+-]%s)?x(?P<times>[0-9]+))?$" % (_SNUM, _SNUM))
_BLANK = re.compile(r"^_(?:x(?P<times>[0-9]+))?$")
_DURATION = re.compile(r"^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$")
_DURATION_MS = [365 * 86400000, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1]
_EVAL = re.compile(r"^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$")
_LOAD = re.compile(r"^load\s+(.+?)$")

STALE = "stale"


class ScriptError(Exception):
    pass


def parse_duration(s, line):
    """model.ParseDuration: units y w d h m s ms, in this order; "0" is 0."""
    if s == "0":
        return 0
    m = _DURATION.match(s or "")
    if not s or not m:
        raise ScriptError("line %d: invalid duration %r" % (line, s))
    return sum(int(v) * u for v, u in zip(m.groups(), _DURATION_MS) if v)


def parse_number(s):
    """A PromQL number literal: decimal, hex, Inf, NaN."""
    t = s.lower().lstrip("+-")
    neg = s.startswith("-")
    if t.startswith("0x"):
        v = float(int(t, 16))
    elif t in ("inf", "nan"):
        v = math.inf if t == "inf" else math.nan
    else:
        v = float(t)
    return -v if neg else v


def parse_go_number(s):
    """strconv.ParseInt(s, 0, 64) falling back to ParseFloat, as the runner
    reads scalar expectations; None if s is not a number."""
    try:
        return float(int(s, 0))
    except ValueError:
        pass
    try:
        if re.fullmatch(r"[+-]?(?:%s)" % _NUM, s) or re.fullmatch(r"[+-]?(inf|infinity|nan)", s, re.I):
            return parse_number(s)
    except ValueError:
        pass
    return None


def _unquote(s):
    out, i = [], 0
    esc = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r",
           "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in esc:
                out.append(esc[n])
                i += 2
                continue
            if n == "x":
                out.append(chr(int(s[i + 2:i + 4], 16)))
                i += 4
                continue
            if n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            if n == "U":
                out.append(chr(int(s[i + 2:i + 10], 16)))
                i += 10
                continue
            if n in "01234567":
                out.append(chr(int(s[i + 1:i + 4], 8)))
                i += 4
                continue
        out.append(c)
        i += 1
    return "".join(out)


def parse_series_desc(text, line):
    """`name{l="v", ...} values...` -> (labels dict, values list); a value is
    a float, STALE or None (omitted)."""
    text = text.strip()
    m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)?", text)
    labels = {}
    if m.group(1):
        labels["__name__"] = m.group(1)
    rest = text[m.end():]
    if rest.startswith("{"):
        i = 1
        while True:
            lm = re.compile(r"\s*(?:,\s*)?(\}|([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'))").match(rest, i)
            if not lm:
                raise ScriptError("line %d: cannot parse labels in %r" % (line, text))
            i = lm.end()
            if lm.group(1) == "}":
                break
            labels[lm.group(2)] = _unquote(lm.group(3)[1:-1])
        rest = rest[i:]
    values = []
    for item in rest.split():
        b = _BLANK.match(item)
        if b:
            values.extend([None] * int(b.group("times") or 1))
            continue
        v = _ITEM.match(item)
        if not v:
            raise ScriptError("line %d: invalid series value %r" % (line, item))
        base = STALE if v.group("base") == STALE else parse_number(v.group("base"))
        if v.group("times") is None:
            values.append(base)
            continue
        times = int(v.group("times"))
        if v.group("delta") is None:
            values.extend([base] * (times + 1))
            continue
        if base == STALE:
            raise ScriptError("line %d: stale cannot be expanded: %r" % (line, item))
        delta = parse_number(v.group("delta"))
        for _ in range(times + 1):
            values.append(base)
            base += delta
    return labels, values


class Load:
    def __init__(self, line, interval_ms):
        self.line = line
        self.interval = interval_ms
        self.series = []  # (labels, values)


class Eval:
    def __init__(self, line, mode, time_ms, expr):
        self.line = line
        self.fail = mode == "fail"
        self.ordered = mode == "ordered"
        self.time_ms = time_ms
        self.expr = expr
        self.scalar = None       # expected scalar value
        self.expected = []       # [(labels, value)] in order


class Clear:
    pass


def parse_script(text):
    lines = text.split("\n")
    lines = ["" if l.strip().startswith("#") else l.strip() for l in lines]
    cmds, i = [], 0
    while i < len(lines):
        l = lines[i]
        if not l:
            i += 1
            continue
        word = l.split(None, 1)[0].lower()
        if word == "clear":
            cmds.append(Clear())
            i += 1
        elif word == "load":
            m = _LOAD.match(l)
            if not m:
                raise ScriptError("line %d: invalid load command" % (i + 1))
            cmd = Load(i + 1, parse_duration(m.group(1), i + 1))
            i += 1
            while i < len(lines) and lines[i]:
                cmd.series.append(parse_series_desc(lines[i], i + 1))
                i += 1
            cmds.append(cmd)
        elif word.startswith("eval"):
            m = _EVAL.match(l)
            if not m:
                raise ScriptError("line %d: invalid eval command" % (i + 1))
            cmd = Eval(i + 1, m.group(1), parse_duration(m.group(2), i + 1),
                       m.group(3))
            i += 1
            while i < len(lines) and lines[i]:
                n = parse_go_number(lines[i])
                if n is not None:
                    cmd.scalar = n
                    i += 1
                    break
                labels, vals = parse_series_desc(lines[i], i + 1)
                if len(vals) != 1:
                    raise ScriptError("line %d: expected exactly one value" % (i + 1))
                cmd.expected.append((labels, vals[0]))
                i += 1
            cmds.append(cmd)
        else:
            raise ScriptError("line %d: invalid command %r" % (i + 1, l))
    return cmds


def fmt_ms(ms):
    """Exact decimal seconds for a query parameter."""
    return "%s%d.%03d" % ("-" if ms < 0 else "", abs(ms) // 1000, abs(ms) % 1000)


def fmt_seconds(ms):
    """Seconds text whose promtool reading int64(float(s)*1000) is ms."""
    v = float(fmt_ms(ms))
    for _ in range(8):
        if int(v * 1000) == ms:
            return repr(v)
        v = math.nextafter(v, math.inf if ms >= 0 else -math.inf)
    raise ScriptError("cannot write timestamp %d ms exactly" % ms)


def fmt_om_value(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return repr(v)


def om_labels(labels):
    parts = []
    for k in sorted(labels):
        if k == "__name__":
            continue
        v = labels[k].replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        parts.append('%s="%s"' % (k, v))
    return "{%s}" % ",".join(parts) if parts else ""


def collect_samples(loads):
    """{label key: (labels, {ts_ms: value or STALE})} of the loads; a later
    definition of the same sample replaces an earlier one."""
    samples = {}
    for load in loads:
        for labels, values in load.series:
            key = tuple(sorted(labels.items()))
            dst = samples.setdefault(key, (labels, {}))[1]
            for k, v in enumerate(values):
                if v is not None:
                    dst[k * load.interval] = v
    return samples


def has_stale(samples):
    return any(isinstance(v, str) for _, pts in samples.values() for v in pts.values())


def to_openmetrics(samples):
    """OpenMetrics text for samples without stale markers."""
    out = []
    for labels, pts in samples.values():
        if "__name__" not in labels:
            raise ScriptError("series %s has no metric name; OpenMetrics cannot hold it" % labels)
        prefix = labels["__name__"] + om_labels(labels) + " "
        for ts in sorted(pts):
            out.append("%s%s %s\n" % (prefix, fmt_om_value(pts[ts]), fmt_seconds(ts)))
    out.append("# EOF\n")
    return "".join(out)


def to_remote_write(samples):
    return [(labels, [(ts, None if pts[ts] == STALE else pts[ts]) for ts in sorted(pts)])
            for labels, pts in samples.values()]


def almost_equal(a, b):
    if math.isnan(a) and math.isnan(b):
        return True
    if a == b:
        return True
    diff = abs(a - b)
    if a == 0 or b == 0 or diff < MIN_NORMAL:
        return diff < EPSILON * MIN_NORMAL
    return diff / (abs(a) + abs(b)) < EPSILON


def _value(s):
    return {"NaN": math.nan, "+Inf": math.inf, "-Inf": -math.inf}.get(s) if s in (
        "NaN", "+Inf", "-Inf") else float(s)


def fmt_series(labels):
    name = labels.get("__name__", "")
    return name + "{" + ", ".join('%s="%s"' % (k, v) for k, v in sorted(labels.items())
                                  if k != "__name__") + "}"


def compare_result(ev, result_type, result):
    """None if the result meets the eval's expectations, else a message."""
    if result_type == "matrix":
        return "received range result on instant evaluation"
    if result_type == "scalar":
        if ev.scalar is None:
            return "got scalar %s but no scalar was expected" % result[1]
        if not almost_equal(ev.scalar, _value(result[1])):
            return "expected scalar %s but got %s" % (ev.scalar, result[1])
        return None
    if result_type != "vector":
        return "unexpected result type %s" % result_type
    if ev.scalar is not None:
        return "expected scalar %s but got a vector of %d" % (ev.scalar, len(result))
    expected = {tuple(sorted(l.items())): (pos, v) for pos, (l, v) in enumerate(ev.expected)}
    seen = set()
    for pos, s in enumerate(result):
        key = tuple(sorted(s["metric"].items()))
        if key not in expected:
            return "unexpected series %s %s in result" % (fmt_series(s["metric"]), s["value"][1])
        epos, ev_value = expected[key]
        if ev.ordered and epos != pos:
            return "expected %s at position %d but it was at %d" % (
                fmt_series(s["metric"]), epos + 1, pos + 1)
        if not almost_equal(ev_value, _value(s["value"][1])):
            return "expected %s for %s but got %s" % (ev_value, fmt_series(s["metric"]),
                                                      s["value"][1])
        seen.add(key)
    for key, (pos, v) in expected.items():
        if key not in seen:
            return "expected series %s %s not found" % (fmt_series(dict(key)), v)
    return None


def as_script(data):
    """Prometheus's answer written as the expectation lines of an eval."""
    if data["resultType"] == "scalar":
        return "\n\t" + data["result"][1]
    if data["resultType"] != "vector":
        return "(%s result)" % data["resultType"]
    lines = []
    for s in data["result"]:
        m = dict(s["metric"])
        name = m.pop("__name__", "")
        labels = ", ".join('%s="%s"' % (k, v.replace("\\", "\\\\").replace('"', '\\"'))
                           for k, v in sorted(m.items()))
        lines.append("\t%s{%s} %s" % (name, labels, s["value"][1]))
    return "\n" + "\n".join(lines) if lines else "(empty vector)"


def range_middle(result_type, result, t_ms):
    """The range result's points at t_ms as an instant (type, result)."""
    vec = []
    for s in result:
        for t, v in s["values"]:
            if int(round(float(t) * 1000)) == t_ms:
                vec.append({"metric": s["metric"], "value": [t, v]})
                break
    return vec


class Checker:
    def __init__(self, args):
        self.args = args
        self.prometheus = promharness.find_binary("prometheus", args.prometheus)
        self.promtool = promharness.find_binary("promtool", args.promtool)
        self.passed = self.failed = self.skipped = 0

    def report(self, path, ev, status, message=""):
        if status == "PASS":
            self.passed += 1
            if not self.args.verbose:
                return
        elif status == "FAIL":
            self.failed += 1
        else:
            self.skipped += 1
        print("%s %s:%d: %s%s" % (status, path, ev.line, ev.expr,
                                  ("\n    " + message) if message else ""))

    def check_group(self, path, loads, evals, workdir):
        samples = collect_samples(loads)
        stale = has_stale(samples)
        data = tempfile.mkdtemp(dir=workdir, prefix="data-")
        flags = []
        if stale:
            # The text format cannot carry staleness markers: such data goes
            # in through the remote-write receiver instead of a backfill.
            flags = ["--web.enable-remote-write-receiver"]
        elif samples:
            om = data + ".om"
            with open(om, "w") as f:
                f.write(to_openmetrics(samples))
            promharness.backfill(self.promtool, om, data)
        server = promharness.prometheus_server(self.prometheus, data, workdir,
                                               name=os.path.basename(data),
                                               extra_flags=flags)
        server.start()
        try:
            server.wait_ready()
            if stale:
                promharness.remote_write(server.port, to_remote_write(samples))
            client = promharness.Client(server.port)
            for ev in evals:
                self.check_eval(path, ev, client)
            client.close()
        finally:
            server.stop()

    def check_eval(self, path, ev, client):
        t = ev.time_ms
        _, body, text = client.get("/api/v1/query", {"query": ev.expr,
                                                     "time": fmt_ms(t)})
        if body is None:
            self.report(path, ev, "FAIL", "invalid response: %s" % text[:300])
            return
        if body["status"] != "success":
            if body.get("errorType") == "bad_data":
                # Prometheus's runner parses every eval's expression when it
                # reads the script: one that does not parse fails the file.
                self.report(path, ev, "FAIL", "the expression does not parse, so "
                            "Prometheus's test runner rejects the script: %s" % body.get("error"))
                return
            if ev.fail:
                self.report(path, ev, "PASS")
            else:
                self.report(path, ev, "FAIL", "error: %s" % body.get("error"))
            return
        if ev.fail:
            self.report(path, ev, "FAIL", "expected an error, got %s" % text[:300])
            return
        data = body["data"]
        msg = compare_result(ev, data["resultType"], data["result"])
        if msg:
            self.report(path, ev, "FAIL", "%s\n    prometheus answered: %s" % (
                msg, as_script(data) if self.args.print_actual else text[:600]))
            return
        if self.args.range_mode:
            _, rbody, rtext = client.get("/api/v1/query_range", {
                "query": ev.expr, "start": fmt_ms(t - 60000),
                "end": fmt_ms(t + 60000), "step": "60"})
            if rbody is None or rbody["status"] != "success":
                self.report(path, ev, "FAIL", "range mode: %s" % rtext[:300])
                return
            vec = range_middle(rbody["data"]["resultType"], rbody["data"]["result"], t)
            if data["resultType"] == "scalar":
                msg = compare_result(ev, "scalar", [0, vec[0]["value"][1]]) if vec else \
                    "range mode: no point at the evaluation time"
            elif not ev.ordered:
                msg = compare_result(ev, "vector", vec)
            if msg:
                self.report(path, ev, "FAIL", "range mode: %s" % msg)
                return
        self.report(path, ev, "PASS")

    def check_file(self, path):
        with open(path) as f:
            cmds = parse_script(f.read())
        workdir = tempfile.mkdtemp(prefix="tocsin-check-script-")
        try:
            loads, pending = [], []
            for cmd in cmds + [Clear()]:
                if isinstance(cmd, Eval):
                    pending.append(cmd)
                    continue
                if pending:
                    try:
                        self.check_group(path, loads, pending, workdir)
                    except ScriptError as e:
                        for ev in pending:
                            self.report(path, ev, "SKIP", str(e))
                    pending = []
                if isinstance(cmd, Clear):
                    loads = []
                else:
                    loads.append(cmd)
        finally:
            if self.args.keep:
                print("kept %s" % workdir)
            else:
                shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description="check PromQL test scripts against Prometheus")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--prometheus")
    ap.add_argument("--promtool")
    ap.add_argument("--no-range-mode", dest="range_mode", action="store_false")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print passing evals too")
    ap.add_argument("--print-actual", action="store_true",
                    help="print Prometheus's answer of a failing eval as script lines")
    args = ap.parse_args()
    try:
        checker = Checker(args)
    except RuntimeError as e:
        print("check_script: skipped: %s" % e)
        return 77
    try:
        for path in args.files:
            checker.check_file(path)
    except ScriptError as e:
        print("check_script: %s" % e, file=sys.stderr)
        return 2
    except RuntimeError as e:
        print("check_script: harness failure: %s" % e, file=sys.stderr)
        return 2
    print("check_script: %d evals: %d passed, %d failed, %d skipped" % (
        checker.passed + checker.failed + checker.skipped, checker.passed,
        checker.failed, checker.skipped))
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main())
