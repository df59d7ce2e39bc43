#!/usr/bin/env python3
"""Differential test of tocsin's rule tools against promtool 2.42.

Runs `tocsin test rules` (default and --stepwise evaluation) and
`promtool test rules` on every unit-test file under TESTDATA/unit, and
`tocsin check rules` and `promtool check rules` (also with --lint-fatal)
on every rule file under TESTDATA/check and TESTDATA/rules. Each file must
get the same exit code from both tools; unit-test files whose name contains
"fail" must fail and all others pass, so that a file broken by accident
cannot make both tools agree on the wrong verdict.

With --output, the printed output must match too (stdout and stderr), with
known differences normalized away (see normalize()).

Exit code 0 when everything agrees, 1 otherwise, 77 (skipped) when promtool
is not installed.

Usage: run.py [--output] [--filter SUBSTRING] TOCSIN TESTDATA
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time


def run(cmd, cwd):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       errors="replace", timeout=600)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def normalize(text, tool):
    """Removes differences that are documented as deliberate."""
    text = text.replace("tocsin: error:", "TOOL: error:")
    text = text.replace("promtool: error:", "TOOL: error:")
    # tocsin adds the position of label, annotation and template problems,
    # and of absent nodes (promtool prints none, or 0:0).
    text = re.sub(r"^(\S+: )\d+:\d+: (group \".*?\", rule \d+, \".*?\": "
                  r"(?:invalid label|invalid annotation|label \"|annotation \"))",
                  r"\1\2", text, flags=re.M)
    text = re.sub(r"^(\S+: )\d+:\d+: (group \".*?\", rule \d+, \"\": one of)",
                  r"\1\2", text, flags=re.M)
    text = re.sub(r"^(\S+: )0:0: ", r"\1", text, flags=re.M)
    # YAML syntax errors come from different parsers.
    text = re.sub(r"yaml: line \d+: .*", "yaml: line N: SYNTAX", text)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--output", action="store_true",
                    help="also require the same output")
    ap.add_argument("--filter", default="", help="only files containing this")
    ap.add_argument("--promtool", default=shutil.which("promtool"))
    ap.add_argument("tocsin")
    ap.add_argument("testdata")
    a = ap.parse_args()
    if not a.promtool:
        print("promtool not found: skipped")
        return 77
    tocsin = os.path.abspath(a.tocsin)
    root = os.path.abspath(a.testdata)

    failures = []
    checked = 0
    t_tocsin = t_promtool = 0.0

    def compare(name, ours, theirs, expect=None, sort_lines=False):
        nonlocal checked
        checked += 1
        rc_o, out_o, err_o, _ = ours
        rc_p, out_p, err_p, _ = theirs
        problems = []
        if rc_o != rc_p:
            problems.append("exit code: tocsin %d, promtool %d" % (rc_o, rc_p))
        if expect is not None and rc_p != expect:
            problems.append("promtool exits %d, the file expects %d" % (rc_p, expect))
        if a.output and not problems:
            if normalize(out_o, "t") != normalize(out_p, "p"):
                problems.append("stdout differs")
            e_o, e_p = normalize(err_o, "t"), normalize(err_p, "p")
            if sort_lines:
                # promtool reports a rule's label problems in Go's random
                # map order.
                e_o = sorted(e_o.splitlines())
                e_p = sorted(e_p.splitlines())
            if e_o != e_p:
                problems.append("stderr differs")
        if problems:
            failures.append(name)
            print("FAIL %s: %s" % (name, "; ".join(problems)))
            print("  --- tocsin (%d) ---\n%s%s" % (rc_o, indent(out_o), indent(err_o)))
            print("  --- promtool (%d) ---\n%s%s" % (rc_p, indent(out_p), indent(err_p)))
        else:
            print("ok   %s (exit %d)" % (name, rc_o))

    unit = sorted(glob.glob(os.path.join(root, "unit", "*.yml")))
    for f in unit:
        rel = os.path.relpath(f, root)
        if a.filter not in rel:
            continue
        expect = 1 if "fail" in os.path.basename(f) else 0
        ours = run([tocsin, "test", "rules", rel], root)
        theirs = run([a.promtool, "test", "rules", rel], root)
        t_tocsin += ours[3]
        t_promtool += theirs[3]
        compare("test rules " + rel, ours, theirs, expect)
        stepwise = run([tocsin, "test", "rules", "--stepwise", rel], root)
        compare("test rules --stepwise " + rel, stepwise, theirs, expect)

    checks = sorted(glob.glob(os.path.join(root, "check", "*.yml")) +
                    glob.glob(os.path.join(root, "rules", "*.yml")))
    for f in checks:
        rel = os.path.relpath(f, root)
        if a.filter not in rel:
            continue
        for flags in ([], ["--lint-fatal"]):
            ours = run([tocsin, "check", "rules"] + flags + [rel], root)
            theirs = run([a.promtool, "check", "rules"] + flags + [rel], root)
            compare("check rules %s%s" % (" ".join(flags + [""]), rel), ours,
                    theirs, sort_lines=True)

    print("\n%d comparisons, %d failed; unit tests took tocsin %.1fs, "
          "promtool %.1fs" % (checked, len(failures), t_tocsin, t_promtool))
    return 1 if failures else 0


def indent(s):
    return "".join("    " + line + "\n" for line in s.splitlines())


if __name__ == "__main__":
    sys.exit(main())
