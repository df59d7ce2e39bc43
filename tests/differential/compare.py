"""Comparing two answers of the Prometheus query API.

compare(reference, candidate, expr, kind) returns a list of (category,
description) pairs, empty when the answers agree:

  - same HTTP status, `status` and `errorType`; error messages equal;
  - same resultType;
  - the same set of label sets, no label set twice;
  - equal timestamps, values equal within 1e-9 relative (NaN equals NaN,
    infinities by sign); a value that is numerically identical but written
    differently (e.g. "-0" against "0") is a `value format` difference;
  - (a many-to-many error names one of the conflicting groups; Prometheus
    picks it in map order, so the group and its series are not compared);
  - the same order where Prometheus defines it: range query results are
    sorted by label set; an instant query whose outermost operation is
    sort() or sort_desc() has the same sequence of values, one whose
    outermost operation is topk()/bottomk() the same sequence of values in
    each group (ties may come in any order, as in Prometheus).
"""

import math
import re

REL_TOLERANCE = 1e-9

# Categories in order of importance; a query is counted under its first.
CATEGORIES = [
    "unstable in prometheus", "invalid response", "status", "errorType", "http status",
    "error message", "resultType", "duplicate series", "labels",
    "timestamp", "points", "value", "order", "value format",
]


# Prometheus reports one of the conflicting match groups of a many-to-many
# error, and lists its series, in Go map order: any group may come first.
_DUPLICATE_GROUP = re.compile(
    r"found duplicate series for the match group \{[^{}]*\} on the (left|right) "
    r"hand-side of the operation: \[\{[^{}]*\}(?:, \{[^{}]*\})*\];")


def normalize_error(msg):
    """The error message with the parts Prometheus picks at random masked."""
    if msg is None:
        return None
    return _DUPLICATE_GROUP.sub(
        r"found duplicate series for the match group {...} on the \1 "
        r"hand-side of the operation: [...];", msg)


def parse_value(s):
    if s == "NaN":
        return math.nan
    if s == "+Inf":
        return math.inf
    if s == "-Inf":
        return -math.inf
    return float(s)


def values_equal(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    return abs(a - b) <= REL_TOLERANCE * max(abs(a), abs(b))


def ts_ms(t):
    return int(round(float(t) * 1000))


def label_key(metric):
    return tuple(sorted(metric.items()))


def fmt_labels(key):
    name = dict(key).get("__name__", "")
    rest = ", ".join('%s="%s"' % (k, v) for k, v in key if k != "__name__")
    return "%s{%s}" % (name, rest)


class Answer:
    """One normalized answer."""

    def __init__(self, http_status, body, text):
        self.http = http_status
        self.text = text
        self.valid = isinstance(body, dict) and "status" in body
        self.status = body.get("status") if self.valid else None
        self.error_type = body.get("errorType") if self.valid else None
        self.error = body.get("error") if self.valid else None
        data = body.get("data") if self.valid else None
        self.result_type = data.get("resultType") if isinstance(data, dict) else None
        self.result = data.get("result") if isinstance(data, dict) else None

    def brief(self, limit=600):
        t = self.text.strip()
        return t if len(t) <= limit else t[:limit] + "...(%d bytes)" % len(t)


def _matching_paren(s, i):
    """Index of the bracket closing s[i], skipping quoted strings."""
    opening = s[i]
    closing = {"(": ")", "[": "]", "{": "}"}[opening]
    depth, j = 0, i
    while j < len(s):
        c = s[j]
        if c in "\"'`":
            j += 1
            while j < len(s) and s[j] != c:
                j += 2 if s[j] == "\\" and c != "`" else 1
        elif c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


_GROUPING = re.compile(r"\s*(by|without)\s*\(([^)]*)\)\s*")


def outer_operation(expr):
    """(function or aggregation name, grouping kind, labels) of the outermost
    call of expr, or None when the outermost node is something else."""
    e = expr.strip()
    while e.startswith("("):
        end = _matching_paren(e, 0)
        if end != len(e) - 1:
            return None
        e = e[1:-1].strip()
    m = re.match(r"([a-zA-Z_]\w*)", e)
    if not m:
        return None
    name = m.group(1)
    rest = e[m.end():]
    grouping, labels = None, []
    g = _GROUPING.match(rest)
    if g:
        grouping, labels = g.group(1), [x.strip() for x in g.group(2).split(",") if x.strip()]
        rest = rest[g.end():]
    rest_stripped = rest.lstrip()
    if not rest_stripped.startswith("("):
        return None
    start = len(rest) - len(rest_stripped)
    end = _matching_paren(rest, start)
    if end < 0:
        return None
    tail = rest[end + 1:]
    if tail.strip():
        g = _GROUPING.fullmatch(tail)
        if not g or grouping:
            return None
        grouping, labels = g.group(1), [x.strip() for x in g.group(2).split(",") if x.strip()]
    return name.lower(), grouping, labels


def _group_key(key, grouping, labels):
    d = dict(key)
    if grouping == "by":
        return tuple(d.get(l, "") for l in labels)
    if grouping == "without":
        drop = set(labels) | {"__name__"}
        return tuple((k, v) for k, v in key if k not in drop)
    return ()


def _compare_scalar(ref, cand, out):
    (rt, rv), (ct, cv) = ref.result, cand.result
    if ts_ms(rt) != ts_ms(ct):
        out.append(("timestamp", "time %s vs %s" % (rt, ct)))
    if ref.result_type == "string":
        if rv != cv:
            out.append(("value", "string %r vs %r" % (rv, cv)))
        return
    _compare_value(rv, cv, "scalar", out)


def _compare_value(rv, cv, where, out):
    try:
        a, b = parse_value(rv), parse_value(cv)
    except (TypeError, ValueError):
        out.append(("value", "%s: unparsable value %r vs %r" % (where, rv, cv)))
        return
    if not values_equal(a, b):
        out.append(("value", "%s: %s vs %s" % (where, rv, cv)))
    elif a == b and rv != cv:
        out.append(("value format", "%s: %r vs %r" % (where, rv, cv)))


def _index(answer, field, out, side):
    series = {}
    for s in answer.result:
        key = label_key(s.get("metric", {}))
        if key in series:
            out.append(("duplicate series", "%s returned %s twice" %
                        (side, fmt_labels(key))))
        series[key] = s[field]
    return series


def _compare_series_sets(ref, cand, field, out):
    rs = _index(ref, field, out, "prometheus")
    cs = _index(cand, field, out, "candidate")
    missing = [k for k in rs if k not in cs]
    extra = [k for k in cs if k not in rs]
    if missing or extra:
        desc = []
        if missing:
            desc.append("missing %d: %s" % (len(missing), "; ".join(
                fmt_labels(k) for k in missing[:3])))
        if extra:
            desc.append("extra %d: %s" % (len(extra), "; ".join(
                fmt_labels(k) for k in extra[:3])))
        out.append(("labels", ", ".join(desc)))
    return rs, cs


def _compare_vector(ref, cand, out):
    rs, cs = _compare_series_sets(ref, cand, "value", out)
    reported = 0
    for key, (rt, rv) in rs.items():
        if key not in cs:
            continue
        ct, cv = cs[key]
        before = len(out)
        if ts_ms(rt) != ts_ms(ct):
            out.append(("timestamp", "%s: time %s vs %s" % (fmt_labels(key), rt, ct)))
        _compare_value(rv, cv, fmt_labels(key), out)
        reported += len(out) > before
        if reported >= 3:
            break


def _compare_matrix(ref, cand, out):
    rs, cs = _compare_series_sets(ref, cand, "values", out)
    reported = 0
    for key, rpoints in rs.items():
        if key not in cs:
            continue
        cpoints = cs[key]
        before = len(out)
        rts = [ts_ms(p[0]) for p in rpoints]
        cts = [ts_ms(p[0]) for p in cpoints]
        if rts != cts:
            only_r = sorted(set(rts) - set(cts))[:3]
            only_c = sorted(set(cts) - set(rts))[:3]
            out.append(("points", "%s: %d points vs %d (only prometheus: %s; only candidate: %s)"
                        % (fmt_labels(key), len(rts), len(cts), only_r, only_c)))
        else:
            for (t, rv), (_, cv) in zip(rpoints, cpoints):
                n = len(out)
                _compare_value(rv, cv, "%s @%s" % (fmt_labels(key), t), out)
                if len(out) > n:
                    break
        reported += len(out) > before
        if reported >= 3:
            break


def _compare_order(ref, cand, expr, kind, out):
    if kind == "range":
        ck = [label_key(s.get("metric", {})) for s in cand.result]
        if ck != sorted(ck):
            out.append(("order", "range result is not sorted by label set"))
        return
    if ref.result_type != "vector":
        return
    op = outer_operation(expr)
    if not op:
        return
    name, grouping, labels = op
    if name in ("sort", "sort_desc"):
        grouping = None
    elif name not in ("topk", "bottomk"):
        return

    def sequences(answer):
        groups = {}
        for s in answer.result:
            key = label_key(s.get("metric", {}))
            groups.setdefault(_group_key(key, grouping, labels), []).append(
                parse_value(s["value"][1]))
        return groups

    rg, cg = sequences(ref), sequences(cand)
    for g, rvals in rg.items():
        cvals = cg.get(g, [])
        if len(rvals) != len(cvals) or not all(
                values_equal(a, b) for a, b in zip(rvals, cvals)):
            out.append(("order", "%s order differs%s: %s vs %s" % (
                name, " in group %s" % (g,) if g else "",
                rvals[:6], cvals[:6])))
            return


def compare(ref, cand, expr, kind):
    """Differences between Answers ref (Prometheus) and cand."""
    out = []
    if not ref.valid or not cand.valid:
        if ref.valid != cand.valid or ref.text != cand.text:
            out.append(("invalid response", "prometheus valid=%s, candidate valid=%s"
                        % (ref.valid, cand.valid)))
        return out
    if ref.status != cand.status:
        out.append(("status", "prometheus %s, candidate %s" % (ref.status, cand.status)))
        return out
    if ref.status != "success":
        if ref.error_type != cand.error_type:
            out.append(("errorType", "%s vs %s" % (ref.error_type, cand.error_type)))
        if ref.http != cand.http:
            out.append(("http status", "%d vs %d" % (ref.http, cand.http)))
        if normalize_error(ref.error) != normalize_error(cand.error):
            out.append(("error message", "%r vs %r" % (ref.error, cand.error)))
        return out
    if ref.http != cand.http:
        out.append(("http status", "%d vs %d" % (ref.http, cand.http)))
    if ref.result_type != cand.result_type:
        out.append(("resultType", "%s vs %s" % (ref.result_type, cand.result_type)))
        return out
    try:
        if ref.result_type in ("scalar", "string"):
            _compare_scalar(ref, cand, out)
        elif ref.result_type == "vector":
            _compare_vector(ref, cand, out)
            _compare_order(ref, cand, expr, kind, out)
        elif ref.result_type == "matrix":
            _compare_matrix(ref, cand, out)
            _compare_order(ref, cand, expr, kind, out)
        else:
            out.append(("resultType", "unknown resultType %r" % ref.result_type))
    except (KeyError, TypeError, IndexError, ValueError, AttributeError) as e:
        out.append(("invalid response", "malformed result: %s" % e))
    return out


def primary_category(diffs):
    cats = {c for c, _ in diffs}
    for c in CATEGORIES:
        if c in cats:
            return c
    return diffs[0][0]
