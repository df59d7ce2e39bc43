#!/usr/bin/env python3
"""Random PromQL expressions over the differential recording.

A small typed grammar of PromQL (instant vectors, range vectors, scalars)
over the metric names and label values of gen_recording.py's default
recording. Expressions are type-correct; vector matching is mostly built so
that it matches one-to-one or one-to-many, but some pairs are left to the
evaluation (many-to-many errors are part of the test). About one in
twelve expressions is made invalid on purpose (syntax or type errors).

The generator is deterministic for a given seed. Usage:
    gen_expressions.py [--count N] [--seed S]      # one expression per line
"""

import argparse
import random

SERVICE = {"job": ["api", "web"],
           "instance": ["api-0:8080", "api-1:8080", "api-2:8080", "api-3:8080",
                        "web-0:80", "web-1:80", "web-2:80"]}
NODE = {"job": ["node"], "instance": ["node-0:9100", "node-1:9100"]}

COUNTERS = {
    "http_requests_total": dict(SERVICE, method=["GET", "POST"],
                                code=["200", "404", "500"]),
    "http_errors_total": dict(SERVICE),
    "http_timeouts_total": dict(SERVICE),
    "http_request_duration_seconds_count": dict(
        SERVICE, handler=["/api/v1/query", "/metrics"]),
    "http_request_duration_seconds_sum": dict(
        SERVICE, handler=["/api/v1/query", "/metrics"]),
    "node_cpu_seconds_total": dict(NODE, cpu=["0", "1"],
                                   mode=["idle", "user", "system"]),
    "node_network_receive_bytes_total": dict(NODE, device=["eth0", "lo"]),
}
GAUGES = {
    "up": {"job": ["api", "web", "node", "batch"],
           "instance": SERVICE["instance"] + NODE["instance"] + ["batch-0:9200"]},
    "process_resident_memory_bytes": dict(SERVICE),
    "process_start_time_seconds": dict(SERVICE),
    "node_temperature_celsius": dict(NODE, sensor=["cpu", "ambient", "disk"]),
    "node_filesystem_free_bytes": dict(NODE, mountpoint=["/", "/var"]),
    "queue_length": {"job": ["batch"], "queue": ["emails", "reports", "thumbnails"]},
    "deployment_replicas": {"deployment": ["checkout", "search"],
                            "namespace": ["shop"]},
    "batch_last_success_timestamp_seconds": {"job": ["batch"]},
    "build_info": dict(SERVICE, version=["1.4.2", "1.5.0"]),
}
HISTOGRAM = "http_request_duration_seconds_bucket"
HISTOGRAM_LABELS = dict(SERVICE, handler=["/api/v1/query", "/metrics"],
                        le=["0.1", "0.5", "1", "+Inf"])
ALL = dict(COUNTERS, **GAUGES)
ALL[HISTOGRAM] = HISTOGRAM_LABELS

RANGES = ["30s", "1m", "2m", "5m", "10m", "15m", "30m", "1h", "90s", "1m30s"]
STEPS = ["", "15s", "30s", "1m", "2m", "5m", "45s"]
OFFSETS = ["1m", "5m", "10m", "30m", "1h", "-1m", "-5m", "-30m", "90s"]
ATS = ["start()", "end()", "1700003000", "1700001234.5", "1700007200",
       "1699999000"]

ARITH = ["+", "-", "*", "/", "%", "^", "atan2"]
COMPARE = ["==", "!=", ">", "<", ">=", "<="]
SETOPS = ["and", "or", "unless"]
SIMPLE_AGGS = ["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"]
MATH1 = ["abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn",
         "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
         "asinh", "acosh", "atanh", "deg", "rad", "timestamp", "sort",
         "sort_desc", "absent", "histogram_count", "histogram_sum"]
TIME1 = ["minute", "hour", "day_of_week", "day_of_month", "day_of_year",
         "days_in_month", "month", "year"]
COUNTER_RANGE = ["rate", "irate", "increase", "resets"]
GAUGE_RANGE = ["delta", "idelta", "deriv", "changes", "avg_over_time",
               "min_over_time", "max_over_time", "sum_over_time",
               "count_over_time", "last_over_time", "stddev_over_time",
               "stdvar_over_time", "present_over_time", "absent_over_time"]


class Gen:
    def __init__(self, rng, max_depth=3):
        self.rng = rng
        self.max_depth = max_depth

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p):
        return self.rng.random() < p

    # Leaves.
    def number(self):
        r = self.rng.random()
        if r < 0.5:
            return str(self.rng.choice([0, 1, 2, 3, 5, 10, 60, 100, 1024]))
        if r < 0.8:
            return self.pick(["0.5", "0.25", "1.5", "0.001", "1e3", "2.5e-1",
                              "0x10", "100.75"])
        return self.pick(["-1", "-0.5", "Inf", "-Inf", "NaN"])

    def matchers(self, metric):
        labels = ALL[metric]
        out = []
        for name in self.rng.sample(sorted(labels), k=min(len(labels),
                                                           self.rng.choice([0, 0, 0, 1, 1, 2]))):
            values = labels[name]
            op = self.pick(["=", "=", "=~", "=~", "!=", "!~"])
            if op in ("=~", "!~"):
                vals = self.rng.sample(values, k=min(len(values), 2))
                v = "|".join(x.replace("+", "\\\\+") for x in vals)
                if self.chance(0.3):
                    v = vals[0][:2].replace("+", "\\\\+") + ".*"
            else:
                v = self.pick(values)
            out.append('%s%s"%s"' % (name, op, v))
        return out

    def selector(self, metric, modifiers=True):
        ms = self.matchers(metric)
        if self.chance(0.07):
            s = '{__name__="%s"%s}' % (metric, "".join("," + m for m in ms))
        else:
            s = metric + ("{%s}" % ", ".join(ms) if ms else "")
        return s

    def modifiers(self):
        s = ""
        if self.chance(0.12):
            s += " offset " + self.pick(OFFSETS)
        if self.chance(0.08):
            s = " @ " + self.pick(ATS) + s
        return s

    def instant_selector(self, kind=None):
        pool = {"counter": COUNTERS, "gauge": GAUGES}.get(kind, ALL)
        metric = self.pick(sorted(pool))
        return self.selector(metric) + self.modifiers()

    def range_selector(self, kind=None, depth=0):
        if depth < self.max_depth and self.chance(0.15):
            inner = self.vector(depth + 1)
            return "(%s)[%s:%s]" % (inner, self.pick(["5m", "10m", "30m", "1h"]),
                                    self.pick(STEPS)) + self.modifiers()
        pool = {"counter": COUNTERS, "gauge": GAUGES}.get(kind, ALL)
        metric = self.pick(sorted(pool))
        return "%s[%s]%s" % (self.selector(metric), self.pick(RANGES),
                             self.modifiers())

    # Scalars.
    def scalar(self, depth):
        r = self.rng.random()
        if depth >= self.max_depth or r < 0.5:
            return self.number()
        if r < 0.65:
            return "scalar(%s)" % self.vector(depth + 1)
        if r < 0.75:
            return self.pick(["time()", "pi()"])
        if r < 0.9:
            return "%s %s %s" % (self.scalar(depth + 1),
                                 self.pick(ARITH + [c + " bool" for c in COMPARE]),
                                 self.scalar(depth + 1))
        return "-(%s)" % self.scalar(depth + 1)

    def small_scalar(self):
        return self.pick(["1", "2", "3", "5", "1", "scalar(count(up))", "0"])

    def fraction(self):
        return self.pick(["0", "0.1", "0.5", "0.9", "0.99", "1", "-0.5", "1.5"])

    # Instant vectors.
    def vector(self, depth=0):
        if depth >= self.max_depth:
            return self.leaf_vector(depth)
        choices = [
            (12, self.leaf_vector), (14, self.range_function),
            (14, self.aggregation), (14, self.binary), (8, self.math_function),
            (5, self.time_function), (5, self.label_function),
            (6, self.histogram_quantile), (3, self.vector_of_scalar),
            (4, self.paren_or_unary), (3, self.counting_aggregation),
        ]
        total = sum(w for w, _ in choices)
        r = self.rng.uniform(0, total)
        for w, f in choices:
            r -= w
            if r <= 0:
                return f(depth)
        return self.leaf_vector(depth)

    def leaf_vector(self, depth):
        if self.chance(0.5):
            return self.instant_selector()
        return "%s(%s)" % (self.pick(COUNTER_RANGE),
                           self.range_selector("counter", self.max_depth))

    def range_function(self, depth):
        r = self.rng.random()
        if r < 0.35:
            return "%s(%s)" % (self.pick(COUNTER_RANGE),
                               self.range_selector("counter", depth))
        if r < 0.75:
            return "%s(%s)" % (self.pick(GAUGE_RANGE), self.range_selector(None, depth))
        if r < 0.85:
            return "quantile_over_time(%s, %s)" % (self.fraction(),
                                                   self.range_selector(None, depth))
        if r < 0.93:
            return "predict_linear(%s, %s)" % (self.range_selector("gauge", depth),
                                               self.pick(["60", "300", "3600", "-600"]))
        return "holt_winters(%s, %s, %s)" % (self.range_selector("gauge", depth),
                                             self.pick(["0.1", "0.5", "0.9"]),
                                             self.pick(["0.1", "0.5", "0.9"]))

    def grouping(self, exclude=()):
        labels = sorted({l for m in ALL.values() for l in m} - set(exclude))
        chosen = self.rng.sample(labels, k=self.rng.choice([0, 1, 1, 2, 3]))
        kind = self.pick(["by", "by", "without"])
        return kind, chosen

    def aggregation(self, depth):
        kind, labels = self.grouping()
        clause = "%s (%s)" % (kind, ", ".join(labels))
        inner = self.vector(depth + 1)
        op = self.pick(SIMPLE_AGGS + ["topk", "bottomk", "quantile"])
        if op in ("topk", "bottomk"):
            args = "%s, %s" % (self.small_scalar(), inner)
        elif op == "quantile":
            args = "%s, %s" % (self.fraction(), inner)
        else:
            args = inner
        if self.chance(0.5):
            return "%s %s (%s)" % (op, clause, args)
        return "%s(%s) %s" % (op, args, clause)

    def counting_aggregation(self, depth):
        return 'count_values("%s", %s)' % (
            self.pick(["value", "v", "job"]),
            self.pick(["up", "build_info", "deployment_replicas",
                       "floor(%s)" % self.vector(depth + 1)]))

    def binary(self, depth):
        r = self.rng.random()
        if r < 0.3:  # vector op scalar or scalar op vector
            op = self.pick(ARITH + COMPARE + [c + " bool" for c in COMPARE])
            v, s = self.vector(depth + 1), self.scalar(depth + 1)
            return ("%s %s %s" % (v, op, s)) if self.chance(0.6) else ("%s %s %s" % (s, op, v))
        if r < 0.55:  # one-to-one after aggregating by the same labels
            labels = self.rng.sample(["job", "instance", "handler", "code"], k=self.rng.choice([1, 2]))
            op = self.pick(ARITH + COMPARE + SETOPS + [c + " bool" for c in COMPARE])
            return "sum by (%s) (%s) %s sum by (%s) (%s)" % (
                ", ".join(labels), self.vector(depth + 1), op, ", ".join(labels),
                self.vector(depth + 1))
        if r < 0.7:  # the same selector on both sides
            sel = self.instant_selector()
            f = self.pick(["", "abs", "sqrt", "ceil"])
            op = self.pick(ARITH + COMPARE + SETOPS)
            return "%s(%s) %s %s" % (f, sel, op, sel) if f else "%s %s %s" % (sel, op, sel)
        if r < 0.85:  # one-to-many join on an info metric
            side = self.pick(["left", "right"])
            left = self.pick(["rate(http_requests_total[5m])", "up",
                              "process_resident_memory_bytes",
                              "http_errors_total"])
            info = self.pick(["build_info", 'max by (job, instance, version) (build_info)'])
            if side == "left":
                return "%s * on (job, instance) group_left (version) %s" % (left, info)
            return "%s * on (job, instance) group_right (version) %s" % (info, left)
        ops = ARITH + COMPARE + SETOPS
        op = self.pick(ops)
        match = ""
        if op not in SETOPS and self.chance(0.7):
            match = " %s (%s)" % (self.pick(["on", "ignoring"]),
                                  ", ".join(self.rng.sample(["job", "instance", "code", "method", "le", "mode"], k=self.rng.choice([1, 2]))))
            if self.chance(0.3):
                match += " group_%s" % self.pick(["left", "right"])
        elif op in SETOPS and self.chance(0.5):
            match = " %s (%s)" % (self.pick(["on", "ignoring"]),
                                  self.pick(["job", "instance", "job, instance"]))
        return "%s %s%s %s" % (self.vector(depth + 1), op, match, self.vector(depth + 1))

    def math_function(self, depth):
        r = self.rng.random()
        inner = self.vector(depth + 1)
        if r < 0.6:
            return "%s(%s)" % (self.pick(MATH1), inner)
        if r < 0.7:
            return "round(%s%s)" % (inner, self.pick(["", ", 0.5", ", 10", ", 0.001"]))
        if r < 0.85:
            f = self.pick(["clamp_min", "clamp_max"])
            return "%s(%s, %s)" % (f, inner, self.pick(["0", "1", "100", "-5", "0.5"]))
        if r < 0.95:
            return "clamp(%s, %s, %s)" % (inner, self.pick(["0", "-1", "10"]),
                                          self.pick(["1", "5", "100", "-10"]))
        return "histogram_fraction(0, %s, %s)" % (self.pick(["0.1", "1"]), inner)

    def time_function(self, depth):
        f = self.pick(TIME1)
        if self.chance(0.3):
            return "%s()" % f
        return "%s(%s)" % (f, self.pick([
            "process_start_time_seconds", "batch_last_success_timestamp_seconds",
            "timestamp(%s)" % self.instant_selector(), "vector(%s)" % self.scalar(depth + 1)]))

    def label_function(self, depth):
        inner = self.vector(depth + 1)
        if self.chance(0.6):
            dst = self.pick(["host", "job", "service", "instance", "x"])
            src = self.pick(["instance", "job", "code", "handler", "missing"])
            regex = self.pick(["(.*):.*", "(.*)", "([a-z]+)-([0-9]+).*", "api-(.*)", ".*", "(", "[a-z"])
            repl = self.pick(["$1", "${1}-x", "$2", "", "static"])
            return 'label_replace(%s, "%s", "%s", "%s", "%s")' % (inner, dst, repl, src, regex)
        srcs = self.rng.sample(["job", "instance", "code", "method", "missing"], k=self.rng.choice([0, 1, 2, 3]))
        return 'label_join(%s, "%s", "%s"%s)' % (
            inner, self.pick(["joined", "job", "instance"]), self.pick(["-", ",", ""]),
            "".join(', "%s"' % s for s in srcs))

    def histogram_quantile(self, depth):
        by = self.pick(["le", "le, job", "job, le", "le, instance, handler", "le, handler"])
        rng = self.pick(["1m", "5m", "10m", "30m"])
        inner = "rate(%s%s[%s])" % (HISTOGRAM, self.pick(["", '{job="api"}', '{handler="/metrics"}', '{le=~"0.1|1|\\\\+Inf"}']), rng)
        if self.chance(0.2):
            inner = "weird_latency_seconds_bucket"
            by = "le, kind"
        return "histogram_quantile(%s, sum by (%s) (%s))" % (self.fraction(), by, inner)

    def vector_of_scalar(self, depth):
        return "vector(%s)" % self.scalar(depth + 1)

    def paren_or_unary(self, depth):
        if self.chance(0.5):
            return "(%s)" % self.vector(depth + 1)
        return "-%s" % self.pick(["up", "rate(http_requests_total[5m])", "(%s)" % self.vector(depth + 1)])

    def matrix_expr(self, depth=0):
        return self.range_selector(None, depth)

    # Invalid expressions.
    def invalid(self):
        valid = self.vector(1)
        r = self.rng.random()
        if r < 0.15 and ")" in valid:
            i = valid.rfind(")")
            return valid[:i] + valid[i + 1:]
        if r < 0.3:
            return "rate(%s)" % self.instant_selector()
        if r < 0.4:
            return "%s(%s)" % (self.pick(["abs", "sum", "sort", "ln"]), self.range_selector())
        if r < 0.5:
            return "%s %s" % (valid, self.pick(["+", "offset", "by (job)", "[5m]", "@"]))
        if r < 0.6:
            return "unknown_function(%s)" % valid
        if r < 0.7:
            return '"text" %s %s' % (self.pick(ARITH), valid)
        if r < 0.8:
            return "%s %s %s" % (self.range_selector(), self.pick(ARITH), self.number())
        if r < 0.9:
            return "topk(%s, %s)" % (self.pick(['"a"', "up", "rate(up[5m])"]), valid)
        return "%s %s (%s) %s" % (self.instant_selector(), self.pick(SETOPS),
                                  "foo", self.instant_selector()) + " group_left"


def generate(count, seed=1, invalid_share=1 / 12.0):
    """count expressions; deterministic for a seed."""
    rng = random.Random("tocsin-expressions-%d" % seed)
    gen = Gen(rng)
    out, seen = [], set()
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        r = rng.random()
        if r < invalid_share:
            e = gen.invalid()
        elif r < invalid_share + 0.05:
            e = gen.matrix_expr()
        elif r < invalid_share + 0.09:
            e = gen.scalar(0)
        else:
            e = gen.vector(0)
        if len(e) > 400 or e in seen:
            continue
        seen.add(e)
        out.append(e)
    return out


def main():
    ap = argparse.ArgumentParser(description="random PromQL expressions")
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for e in generate(args.count, args.seed):
        print(e)


if __name__ == "__main__":
    main()
