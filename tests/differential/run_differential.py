#!/usr/bin/env python3
"""Differential test: tocsin's PromQL answers against Prometheus 2.42's.

Generates the recording (gen_recording.py), backfills it into a temporary
TSDB with promtool, starts `prometheus` on it and `tocsin serve --series`
on the same file (both on 127.0.0.1, free ports), then sends every
expression -- the hand-written ones in expressions.txt and random ones from
gen_expressions.py -- to both as instant queries at 20 evaluation times
(at samples, between samples, after a series ended, inside a gap, after
the end of the data, before its start) and as range queries over four
start/end/step combinations, and compares the answers (compare.py).

Prints a summary (queries sent, identical, mismatches by category) and the
first mismatches with both answers; exits 1 on any mismatch, 2 when the
harness itself fails (a server does not start, crashes or hangs), 77 when
prometheus or promtool is not installed.

Usage:
  run_differential.py --tocsin build/tocsin            # tocsin vs Prometheus
  run_differential.py --self-check                     # Prometheus vs Prometheus
Options:
  --limit N        only the first N expressions (hand-written come first)
  --generated N    number of generated expressions (default 150)
  --seed S         seed of the expression generator (default 1)
  --threads N      concurrent client threads (default 4)
  --verbose        print every mismatch, and progress
  --details N      mismatches printed in detail (default 25)
  --report FILE    write every mismatch as JSON
  --ignore-messages  differing error messages are reported, not failures
  --keep           keep the temporary directory (data, logs)
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare  # noqa: E402
import gen_expressions  # noqa: E402
import gen_recording  # noqa: E402
import promharness  # noqa: E402


def load_expressions(path):
    """Hand-written expressions: one per line, '#' comments. A leading '!'
    marks an expression Prometheus rejects (at least at one time)."""
    exprs = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            must_fail = s.startswith("!")
            if must_fail:
                s = s[1:].strip()
            exprs.append((s, must_fail))
    return exprs


def eval_times(meta):
    """Twenty instant evaluation times (seconds) over the recording."""
    t0, end = meta["start"], meta["end"]
    ee, ls = meta["early_end"], meta["late_start"]
    g0 = meta["long_gap"][0]
    r = meta["restarts"]
    return [
        t0 - 3600, t0 - 1, t0, t0 + 7.5, t0 + 300, t0 + 899.999,
        t0 + 1234.567, r[0] + 15, r[1] + 60, ee + 60, ee + 301, g0 + 200,
        g0 + 330, ls - 1, ls + 30, end - 0.5, end, end + 120, end + 301,
        end + 3600,
    ]


def range_params(meta):
    """(start, end, step) of the range queries."""
    t0, end = meta["start"], meta["end"]
    g0, g1 = meta["long_gap"]
    return [
        (t0 - 600, t0 + 1800, "60"),
        (g0 - 600.5, g1 + 600.5, "15"),
        (end - 1800, end + 900, "45"),
        (t0, end, "5m"),
    ]


def fmt_time(t):
    return "%.3f" % t


def api_cases(meta):
    """Query API parameter handling: (description, path, params)."""
    t0, end = meta["start"], meta["end"]
    q, r = "/api/v1/query", "/api/v1/query_range"
    return [
        ("time as RFC 3339", q, {"query": "up", "time": "2023-11-14T23:00:00Z"}),
        ("time as RFC 3339 with fraction", q,
         {"query": "sum(up)", "time": "2023-11-14T22:30:00.123-00:30"}),
        ("time not a time", q, {"query": "up", "time": "yesterday"}),
        ("empty query", q, {"query": "", "time": fmt_time(t0)}),
        ("no query parameter", q, {"time": fmt_time(t0)}),
        ("timeout parameter", q, {"query": "up", "time": fmt_time(t0), "timeout": "30s"}),
        ("bad timeout", q, {"query": "up", "time": fmt_time(t0), "timeout": "soon"}),
        ("range end before start", r,
         {"query": "up", "start": fmt_time(end), "end": fmt_time(t0), "step": "60"}),
        ("range step zero", r,
         {"query": "up", "start": fmt_time(t0), "end": fmt_time(end), "step": "0"}),
        ("range negative step", r,
         {"query": "up", "start": fmt_time(t0), "end": fmt_time(end), "step": "-15"}),
        ("range too many points", r,
         {"query": "up", "start": fmt_time(t0), "end": fmt_time(end), "step": "0.5"}),
        ("range fractional step", r,
         {"query": "sum(up)", "start": fmt_time(t0), "end": fmt_time(t0 + 60), "step": "2.5"}),
        ("range step as duration", r,
         {"query": "sum(up)", "start": fmt_time(t0), "end": fmt_time(t0 + 3600), "step": "7m30s"}),
        ("range start equals end", r,
         {"query": "up", "start": fmt_time(t0 + 60), "end": fmt_time(t0 + 60), "step": "15"}),
        ("range without step", r,
         {"query": "up", "start": fmt_time(t0), "end": fmt_time(end)}),
        ("range of a string", r,
         {"query": '"x"', "start": fmt_time(t0), "end": fmt_time(end), "step": "60"}),
        ("range of a matrix", r,
         {"query": "up[5m]", "start": fmt_time(t0), "end": fmt_time(end), "step": "60"}),
    ]


def build_queries(exprs, meta):
    """Queries for every expression; API cases are appended to exprs."""
    queries = []
    for desc, path, params in api_cases(meta):
        exprs.append(("[api] " + desc, False))
        queries.append((len(exprs) - 1, "range" if path.endswith("range") else "instant",
                        path, params))
    times = eval_times(meta)
    ranges = range_params(meta)
    for i, (expr, _) in enumerate(exprs):
        if expr.startswith("[api] "):
            continue
        for t in times:
            queries.append((i, "instant", "/api/v1/query",
                            {"query": expr, "time": fmt_time(t)}))
        for s, e, step in ranges:
            queries.append((i, "range", "/api/v1/query_range",
                            {"query": expr, "start": fmt_time(s),
                             "end": fmt_time(e), "step": step}))
    return queries


class Run:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="tocsin-differential-")
        self.servers = []

    def start_servers(self):
        a = self.args
        rec = os.path.join(self.workdir, "recording.om")
        with open(rec, "w") as f:
            self.meta = gen_recording.generate(f)
        promtool = promharness.find_binary("promtool", a.promtool)
        prometheus = promharness.find_binary("prometheus", a.prometheus)
        data = os.path.join(self.workdir, "prometheus-data")
        t = time.monotonic()
        promharness.backfill(promtool, rec, data)
        if a.verbose:
            print("backfilled in %.1fs" % (time.monotonic() - t))
        ref = promharness.prometheus_server(prometheus, data, self.workdir)
        if a.self_check:
            data2 = os.path.join(self.workdir, "prometheus-data-2")
            shutil.copytree(data, data2)
            cand = promharness.prometheus_server(prometheus, data2, self.workdir,
                                                 name="prometheus-2",
                                                 extra_flags=a.self_check_flag)
        else:
            cand = promharness.tocsin_server(a.tocsin, [rec], self.workdir)
        self.servers = [ref, cand]
        for s in self.servers:
            s.start()
        for s in self.servers:
            s.wait_ready()
        return ref, cand

    def stop(self):
        for s in self.servers:
            s.stop()
        if self.args.keep:
            print("kept %s" % self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


# Expressions whose answer Prometheus itself may vary between runs: topk and
# bottomk break ties by input order, which is Go map order in places.
UNSTABLE = re.compile(r"\b(topk|bottomk)\b")
REQUERIES = 4
# Categories reported but not failing the run.
NOT_FAILING = {"unstable in prometheus"}


def run_queries(args, ref, cand, exprs, queries):
    ref_pool = promharness.ClientPool(ref.port)
    cand_pool = promharness.ClientPool(cand.port)

    def one(q):
        idx, kind, path, params = q
        ra = compare.Answer(*ref_pool.client().get(path, params))
        try:
            ca = compare.Answer(*cand_pool.client().get(path, params))
        except Exception as e:  # the candidate crashed or hung up
            cand_pool.client().close()
            ca = compare.Answer(0, None, "request failed: %s" % e)
        expr = exprs[idx][0]
        diffs = compare.compare(ra, ca, expr, kind)
        if diffs and UNSTABLE.search(expr):
            # Ask Prometheus again: a candidate answer that Prometheus also
            # gives is right; answers Prometheus varies on are reported apart.
            unstable = False
            for _ in range(REQUERIES):
                ra2 = compare.Answer(*ref_pool.client().get(path, params))
                if not compare.compare(ra2, ca, expr, kind):
                    return q, ra2, ca, []
                unstable = unstable or bool(compare.compare(ra, ra2, expr, kind))
            if unstable:
                diffs = [("unstable in prometheus",
                          "Prometheus itself gave different answers")] + diffs
        return q, ra, ca, diffs

    results = []
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.threads) as ex:
        for res in ex.map(one, queries):
            results.append(res)
            done += 1
            if args.verbose and done % 1000 == 0:
                print("  %d/%d queries" % (done, len(queries)), flush=True)
            if cand.proc.poll() is not None:
                raise RuntimeError("%s exited with %d during the run:\n%s" % (
                    cand.name, cand.proc.returncode, cand.log_tail()))
    ref_pool.close()
    cand_pool.close()
    return results


def describe_query(q):
    _, kind, path, p = q
    if kind == "instant":
        return "instant %s" % " ".join("%s=%s" % kv for kv in p.items() if kv[0] != "query")
    return "range %s" % " ".join("%s=%s" % kv for kv in p.items() if kv[0] != "query")


def report(args, exprs, results, elapsed, candidate_name):
    by_cat = {}
    mismatches = []
    identical = 0
    ref_ok = ref_err = ref_empty = 0
    failed_somewhere = set()
    for q, ra, ca, diffs in results:
        if ra.status == "success":
            ref_ok += 1
            if not ra.result:
                ref_empty += 1
        else:
            ref_err += 1
            failed_somewhere.add(q[0])
        if not diffs:
            identical += 1
            continue
        cat = compare.primary_category(diffs)
        by_cat[cat] = by_cat.get(cat, 0) + 1
        mismatches.append((cat, q, ra, ca, diffs))
    n_exprs = len({q[0] for q, _, _, _ in results})
    print("differential: %d expressions, %d queries to each server, %.1fs"
          % (n_exprs, len(results), elapsed))
    print("  prometheus answers: %d success (%d empty), %d errors"
          % (ref_ok, ref_empty, ref_err))
    print("  identical: %d, mismatches: %d" % (identical, len(mismatches)))
    for cat in compare.CATEGORIES:
        if cat in by_cat:
            print("    %-18s %d" % (cat, by_cat[cat]))
    bad_exprs = {}
    for cat, q, _, _, _ in mismatches:
        bad_exprs.setdefault(q[0], set()).add(cat)
    print("  expressions with a mismatch: %d of %d" % (len(bad_exprs), n_exprs))
    never_failed = [e for i, (e, must_fail) in enumerate(exprs)
                    if must_fail and i not in failed_somewhere
                    and any(q[0] == i for q, _, _, _ in results)]
    for e in never_failed:
        print("  note: expression marked '!' never failed in Prometheus: %s" % e)
    if args.verbose:
        with_data = {q[0] for q, ra, _, _ in results
                     if ra.status == "success" and ra.result}
        for i, (e, must_fail) in enumerate(exprs):
            if not must_fail and i not in with_data and any(
                    q[0] == i for q, _, _, _ in results):
                print("  note: Prometheus never returned data for: %s" % e)
    limit = len(mismatches) if args.verbose else args.details
    shown = set()
    if mismatches:
        print("\nfirst mismatches (one per expression; prometheus vs %s):"
              % candidate_name)
    for cat, q, ra, ca, diffs in mismatches:
        if len(shown) >= limit:
            break
        if q[0] in shown and not args.verbose:
            continue
        shown.add(q[0])
        print("\n[%s] %s\n  query: %s\n  %s" % (
            cat, exprs[q[0]][0], describe_query(q),
            "\n  ".join("%s: %s" % d for d in diffs[:4])))
        print("  prometheus: %s\n  %s: %s" % (ra.brief(), candidate_name, ca.brief()))
    if args.report:
        with open(args.report, "w") as f:
            json.dump([{"category": cat, "expr": exprs[q[0]][0],
                        "query": q[3], "kind": q[1], "diffs": diffs,
                        "prometheus": ra.text, "candidate": ca.text}
                       for cat, q, ra, ca, diffs in mismatches], f, indent=1)
    failing = [m for m in mismatches if m[0] not in NOT_FAILING and
               not (args.ignore_messages and m[0] == "error message")]
    if len(failing) != len(mismatches):
        print("\n%d mismatches do not fail the run (%s)" % (
            len(mismatches) - len(failing),
            "answers Prometheus varies on" + (", error messages" if args.ignore_messages else "")))
    return 1 if failing else 0


def main():
    ap = argparse.ArgumentParser(
        description="tocsin vs Prometheus 2.42 differential PromQL test")
    ap.add_argument("--tocsin", help="path of the tocsin binary")
    ap.add_argument("--self-check", action="store_true",
                    help="compare two Prometheus servers (tests the harness)")
    ap.add_argument("--self-check-flag", action="append", default=[],
                    help="extra flag for the second Prometheus of --self-check, "
                    "e.g. --query.lookback-delta=4m to see the harness catch differences")
    ap.add_argument("--prometheus", help="prometheus binary (default: PATH)")
    ap.add_argument("--promtool", help="promtool binary (default: PATH)")
    ap.add_argument("--expressions", default=os.path.join(HERE, "expressions.txt"))
    ap.add_argument("--generated", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--details", type=int, default=25)
    ap.add_argument("--report")
    ap.add_argument("--ignore-messages", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not args.self_check and not args.tocsin:
        ap.error("give --tocsin PATH or --self-check")

    try:
        promharness.find_binary("promtool", args.promtool)
        promharness.find_binary("prometheus", args.prometheus)
    except RuntimeError as e:
        print("differential: skipped: %s" % e)
        return 77
    if args.tocsin and not os.access(args.tocsin, os.X_OK):
        print("differential: %s is not an executable" % args.tocsin, file=sys.stderr)
        return 2

    exprs = load_expressions(args.expressions)
    exprs += [(e, False) for e in gen_expressions.generate(args.generated, args.seed)]
    if args.limit:
        exprs = exprs[:args.limit]

    run = Run(args)
    try:
        ref, cand = run.start_servers()
        queries = build_queries(exprs, run.meta)
        t = time.monotonic()
        results = run_queries(args, ref, cand, exprs, queries)
        elapsed = time.monotonic() - t
        hwm = [s.memory_kib() for s in run.servers]
        code = report(args, exprs, results, elapsed,
                      "prometheus-2" if args.self_check else "tocsin")
        if args.verbose:
            print("peak RSS: prometheus %s KiB, %s %s KiB" % (hwm[0], cand.name, hwm[1]))
        return code
    except RuntimeError as e:
        print("differential: harness failure: %s" % e, file=sys.stderr)
        return 2
    finally:
        run.stop()


if __name__ == "__main__":
    sys.exit(main())
