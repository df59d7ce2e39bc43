#!/usr/bin/env python3
"""Generates a large rule unit test over the seed's rules and metrics.

The test runs examples/sergas/alerts.yml (the monitoring guide's
sergas_critical and sergas_warning groups) against N application instances
with `hours` hours of samples at 15 s, evaluated every 30 s. Incidents are
planted on some instances (service down, circuit breaker open, connection
pool exhausted, high memory, low disk) so that alerts go pending, fire and
resolve; the alert tests check every alert of the seed every 30 minutes
with the exact labels and annotations Prometheus produces, and a few PromQL
tests check aggregates. promtool 2.42 and tocsin must both pass it.

Usage: rules_unit_test_gen.py --instances 50 --out /tmp/bench/test.yml
"""

import argparse
import os

STEP = 15          # seconds between input samples
EVAL = 30          # evaluation_interval, seconds
TIERS = ["tier1", "tier2", "tier3"]
HTTP_LE = ["0.01", "0.05", "0.1", "0.5", "1", "2", "5", "+Inf"]
CONF_LE = ["0.5", "0.6", "0.7", "0.8", "0.9", "1", "+Inf"]


def fmt(v):
    """Formats a number the way the expanding notation reads it back."""
    if float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def compress(values):
    """Renders per-step values in promtool's expanding notation (runs of a
    constant difference become `a+bxN`, constant runs `axN`)."""
    out = []
    i = 0
    n = len(values)
    while i < n:
        if i + 1 < n:
            d = values[i + 1] - values[i]
            j = i + 1
            while j + 1 < n and values[j + 1] - values[j] == d:
                j += 1
            count = j - i
            if count >= 2:
                if d == 0:
                    out.append("%sx%d" % (fmt(values[i]), count))
                elif d > 0:
                    out.append("%s+%sx%d" % (fmt(values[i]), fmt(d), count))
                else:
                    out.append("%s-%sx%d" % (fmt(values[i]), fmt(-d), count))
                i = j + 1
                continue
        out.append(fmt(values[i]))
        i += 1
    return " ".join(out)


class Incident:
    """A window [start, end) (seconds) in which a condition holds."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def holds(self, t):
        return self.start <= t < self.end

    def firing(self, t, hold):
        # Evaluations every EVAL seconds; the first one in the window makes
        # the alert pending, it fires once `hold` has passed.
        return self.start + hold <= t < self.end


def plan(instances, hours):
    """Which instance has which incident."""
    span = hours * 3600
    p = {}
    for i in range(instances):
        name = "app-%03d" % i
        inc = {}
        if i % 10 == 3:
            inc["down"] = Incident(span * 1 // 3, span * 1 // 3 + 1800)
        if i % 7 == 2:
            inc["breaker"] = Incident(span // 2, span // 2 + 3600)
        if i % 9 == 4:
            inc["pool"] = Incident(span // 4, span // 4 + 1200)
        if i % 11 == 5:
            inc["memory"] = Incident(span * 2 // 3, span * 2 // 3 + 2700)
        if i % 13 == 6:
            inc["disk"] = Incident(span // 6, span // 6 + 2400)
        p[name] = inc
    return p


def series_lines(p, hours):
    steps = hours * 3600 // STEP
    times = [k * STEP for k in range(steps + 1)]
    lines = []

    def add(series, values):
        lines.append((series, compress(values)))

    for inst, inc in p.items():
        base = 'instance="%s", job="sergas-app"' % inst
        down = inc.get("down")
        add("up{%s}" % base, [0 if down and down.holds(t) else 1 for t in times])
        for status, per_step in (("200", 150), ("404", 3), ("500", 1), ("503", 1)):
            add('sergas_http_requests_total{%s, method="GET", endpoint="/api/accounts", status="%s"}'
                % (base, status), [per_step * k for k in range(len(times))])
        # Fast responses: almost everything below 0.1 s.
        for idx, le in enumerate(HTTP_LE):
            frac = [0.2, 0.6, 0.97, 0.99, 1.0, 1.0, 1.0, 1.0][idx]
            per_step = int(frac * 100)
            add('sergas_http_request_duration_seconds_bucket{%s, method="GET", endpoint="/api/accounts", le="%s"}'
                % (base, le), [per_step * k for k in range(len(times))])
        pool = inc.get("pool")
        add("sergas_db_connections_active{%s}" % base,
            [95 if pool and pool.holds(t) else 40 for t in times])
        add("sergas_db_connections_total{%s}" % base, [100 for _ in times])
        breaker = inc.get("breaker")
        for tier in TIERS:
            add('sergas_zoho_circuit_breaker_state{%s, tier="%s"}' % (base, tier),
                [1 if breaker and tier == "tier2" and breaker.holds(t) else 0
                 for t in times])
        mem = inc.get("memory")
        add("process_resident_memory_bytes{%s}" % base,
            [4 * 1024 ** 3 if mem and mem.holds(t) else 1024 ** 3 for t in times])
        # High confidence: most recommendations score above 0.8.
        for idx, le in enumerate(CONF_LE):
            per_step = [0, 1, 2, 5, 40, 60, 60][idx]
            add('sergas_recommendation_confidence_bucket{%s, type="upsell", le="%s"}'
                % (base, le), [per_step * k for k in range(len(times))])
        disk = inc.get("disk")
        fs = '%s, mountpoint="/"' % base
        add("node_filesystem_avail_bytes{%s}" % fs,
            [25 if disk and disk.holds(t) else 120 for t in times])
        add("node_filesystem_size_bytes{%s}" % fs, [200 for _ in times])
    return lines


ALERTS = {
    # name: (incident key, for seconds, labels, annotations(inst, extra))
    "ServiceDown": ("down", 60, {"severity": "critical", "team": "devops"},
                    lambda inst, x: {"summary": "Service is down",
                                     "description": "%s is unreachable" % inst}),
    "DatabasePoolExhausted": ("pool", 120, {"severity": "critical", "team": "database"},
                              lambda inst, x: {"summary": "Database connection pool exhausted",
                                               "description": "Pool usage: 95%"}),
    "CircuitBreakerOpen": ("breaker", 300, {"severity": "warning", "team": "integrations"},
                           lambda inst, x: {"summary": "Zoho circuit breaker open",
                                            "description": "Circuit breaker for tier2 is open"}),
    "HighMemoryUsage": ("memory", 600, {"severity": "warning", "team": "devops"},
                        lambda inst, x: {"summary": "High memory usage",
                                         "description": "Memory usage: 4GB (threshold: 3GB)"}),
    "DiskSpaceLow": ("disk", 300, {"severity": "warning", "team": "devops"},
                     lambda inst, x: {"summary": "Low disk space",
                                      "description": "Available: 12.5%"}),
    # Never fire with this data.
    "HighErrorRate": (None, 300, {}, None),
    "HighResponseTime": (None, 600, {}, None),
    "LowRecommendationConfidence": (None, 3600, {}, None),
}


def q(s):
    return "'" + s.replace("'", "''") + "'"


def write_test(out, rules_rel, instances, hours, check_every):
    p = plan(instances, hours)
    span = hours * 3600
    w = []
    w.append("# Generated by bench/rules_unit_test_gen.py --instances %d --hours %d"
             % (instances, hours))
    w.append("rule_files:\n  - %s" % rules_rel)
    w.append("evaluation_interval: %ds" % EVAL)
    w.append("tests:")
    w.append("  - name: sergas-%d-instances" % instances)
    w.append("    interval: %ds" % STEP)
    w.append("    input_series:")
    for series, values in series_lines(p, hours):
        w.append("      - series: %s" % q(series))
        w.append("        values: %s" % q(values))
    w.append("    alert_rule_test:")
    # Check just inside each check time's evaluation (check times are
    # multiples of the evaluation interval).
    for t in range(0, span + 1, check_every):
        for name, (key, hold, labels, ann) in ALERTS.items():
            w.append("      - eval_time: %ds" % t)
            w.append("        alertname: %s" % name)
            exp = []
            if key is not None:
                for inst, inc in sorted(p.items()):
                    i = inc.get(key)
                    if i is None or not i.firing(t, hold):
                        continue
                    lab = dict(labels)
                    lab["instance"] = inst
                    lab["job"] = "sergas-app"
                    if key == "breaker":
                        lab["tier"] = "tier2"
                    if key == "disk":
                        lab["mountpoint"] = "/"
                    exp.append((lab, ann(inst, None)))
            if not exp:
                w.append("        exp_alerts: []")
                continue
            w.append("        exp_alerts:")
            for lab, a in exp:
                w.append("          - exp_labels:")
                for k in sorted(lab):
                    w.append("              %s: %s" % (k, q(lab[k])))
                w.append("            exp_annotations:")
                for k in sorted(a):
                    w.append("              %s: %s" % (k, q(a[k])))
    w.append("    promql_expr_test:")
    for t in range(0, span + 1, 3600):
        down = sum(1 for inc in p.values() if inc.get("down") and inc["down"].holds(t))
        w.append("      - expr: count(up == 0) or vector(0)")
        w.append("        eval_time: %ds" % t)
        w.append("        exp_samples:")
        w.append("          - labels: '{}'")
        w.append("            value: %d" % down)
        w.append("      - expr: sum(sergas_db_connections_total)")
        w.append("        eval_time: %ds" % t)
        w.append("        exp_samples:")
        w.append("          - labels: '{}'")
        w.append("            value: %d" % (100 * instances))
    with open(out, "w") as f:
        f.write("\n".join(w) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=50)
    ap.add_argument("--hours", type=int, default=6)
    ap.add_argument("--check-every", type=int, default=900,
                    help="seconds between alert checks")
    ap.add_argument("--rules", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "examples", "sergas",
        "alerts.yml"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rules_rel = os.path.relpath(os.path.abspath(a.rules),
                                os.path.dirname(os.path.abspath(a.out)))
    write_test(a.out, rules_rel, a.instances, a.hours, a.check_every)


if __name__ == "__main__":
    main()
