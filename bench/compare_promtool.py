#!/usr/bin/env python3
"""Rule unit tests: `tocsin test rules` against `promtool test rules`.

Generates (bench/rules_unit_test_gen.py) a unit test over the seed's rules
(examples/sergas/alerts.yml: sergas_critical every 30s, sergas_warning
every 1m) and metrics for N instances with 6 hours of samples at 15s, runs
both tools on the same file one after the other (never at once, so that
they do not compete for the CPUs), the best of --tocsin-repeat (default 3)
and --promtool-repeat (default 1) runs, and prints
the wall time of each, the ratio promtool/tocsin, and each tool's peak RSS
(ru_maxrss of the child, from wait4). Both tools must pass the test;
otherwise the figures mean nothing and the script exits 1.

Usage:
  bench/compare_promtool.py --tocsin build/tocsin --instances 50 200
  bench/compare_promtool.py --tocsin build/tocsin --instances 50 --promtool-repeat 3 --json out.json
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(cmd, cwd):
    """Runs cmd; returns (exit code, wall seconds, peak RSS bytes, output)."""
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    return p.returncode, wall, usage.ru_maxrss * 1024, text


def best(cmd, cwd, repeat):
    runs = [measure(cmd, cwd) for _ in range(repeat)]
    for rc, _, _, text in runs:
        if rc != 0:
            return rc, 0.0, 0, text
    return 0, min(r[1] for r in runs), max(r[2] for r in runs), runs[0][3]


def mib(b):
    return b / (1024.0 * 1024.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tocsin", required=True)
    ap.add_argument("--promtool", default=shutil.which("promtool"))
    ap.add_argument("--instances", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--hours", type=int, default=6)
    ap.add_argument("--tocsin-repeat", type=int, default=3)
    ap.add_argument("--promtool-repeat", type=int, default=1)
    ap.add_argument("--tocsin-arg", action="append", default=[],
                    help="extra argument for tocsin test rules")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the test files")
    a = ap.parse_args()
    if not a.promtool:
        print("promtool not found")
        return 77
    tocsin = os.path.abspath(a.tocsin)
    work = tempfile.mkdtemp(prefix="tocsin-bench-rules-")
    results = []
    ok = True
    try:
        for n in a.instances:
            test = os.path.join(work, "sergas_%d.yml" % n)
            subprocess.run([sys.executable,
                            os.path.join(HERE, "rules_unit_test_gen.py"),
                            "--instances", str(n), "--hours", str(a.hours),
                            "--out", test], check=True)
            size = os.path.getsize(test)
            t = best([tocsin, "test", "rules"] + a.tocsin_arg + [test], work,
                     a.tocsin_repeat)
            p = best([a.promtool, "test", "rules", test], work,
                     a.promtool_repeat)
            load = os.getloadavg()[0]
            for tool, r in (("tocsin", t), ("promtool", p)):
                if r[0] != 0:
                    ok = False
                    print("%s failed (exit %d) at %d instances:\n%s" %
                          (tool, r[0], n, r[3][-3000:]))
            if t[0] != 0 or p[0] != 0:
                continue
            row = {
                "instances": n, "hours": a.hours, "file_bytes": size,
                "tocsin_seconds": t[1], "promtool_seconds": p[1],
                "speedup": p[1] / t[1] if t[1] > 0 else float("inf"),
                "tocsin_peak_rss_bytes": t[2], "promtool_peak_rss_bytes": p[2],
                "memory_ratio": t[2] / p[2] if p[2] else 0.0,
                "load_average_1m": load,
            }
            results.append(row)
            print("%4d instances (%.1f MB test file): tocsin %.3fs %.1f MiB, "
                  "promtool %.3fs %.1f MiB -> %.1fx faster, %.0f%% of "
                  "promtool's memory (load %.2f)" %
                  (n, size / 1e6, t[1], mib(t[2]), p[1], mib(p[2]),
                   row["speedup"], 100 * row["memory_ratio"], load))
    finally:
        if a.keep:
            print("test files kept in", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
