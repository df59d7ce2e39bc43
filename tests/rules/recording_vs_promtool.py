#!/usr/bin/env python3
"""A rule unit-test file that reads a recording (`input_series_files`, a
tocsin extension) must pass `tocsin test rules` and, with the recording
spelled out as promtool's `input_series`, `promtool test rules` too.

promtool cannot read recordings, so this writes a copy of the test file in
which each `input_series_files: [a.om, ...]` line becomes an `input_series:`
list (one value per `interval:` step from 0, `_` where a series has no
sample) and `rule_files` become absolute paths, then runs promtool on it.
Used for examples/sergas/recording_test.yml, whose annotation values are
then checked against Prometheus 2.42 itself.

Usage: recording_vs_promtool.py TOCSIN TEST.yml. Exit 77 without promtool.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

DURATION = re.compile(r"(\d+)(ms|s|m|h|d)")
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(text):
    return sum(int(n) * UNITS[u] for n, u in DURATION.findall(text))


def read_recording(path):
    """{series text: {timestamp ms: value text}} in file order."""
    series = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name_labels, value, ts = line.rsplit(" ", 2)
            series.setdefault(name_labels, {})[round(float(ts) * 1000)] = value
    return series


LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def label_key(text):
    """Prometheus's label order: sorted (name, value) pairs, __name__ first."""
    name, _, rest = text.partition("{")
    pairs = [("__name__", name)] + LABEL.findall(rest)
    return sorted(pairs)


def input_series_yaml(indent, files, base, step_ms):
    series = {}
    for f in files:
        series.update(read_recording(os.path.join(base, f)))
    last = max(max(s) for s in series.values())
    out = [indent + "input_series:"]
    # In label order, the order of a TSDB block (and of tocsin's storage):
    # sums then add in the same order, to the same last bit.
    for text in sorted(series, key=label_key):
        samples = series[text]
        if any(t % step_ms for t in samples):
            sys.exit("%s: samples off the %d ms grid" % (text, step_ms))
        values = " ".join(samples.get(t, "_")
                          for t in range(0, last + 1, step_ms))
        out.append("%s  - series: '%s'" % (indent, text))
        out.append("%s    values: '%s'" % (indent, values))
    return out


def convert(test_file):
    base = os.path.dirname(os.path.abspath(test_file))
    lines = open(test_file).read().split("\n")
    step_ms = None
    out = []
    for line in lines:
        m = re.match(r"^(\s*)interval:\s*(\S+)", line)
        if m:
            step_ms = round(seconds(m.group(2)) * 1000)
        m = re.match(r"^rule_files:\s*\[(.*)\]\s*$", line)
        if m:
            files = [os.path.join(base, f.strip().strip("'\""))
                     for f in m.group(1).split(",")]
            line = "rule_files: [%s]" % ", ".join("'%s'" % f for f in files)
        m = re.match(r"^(\s*)input_series_files:\s*\[(.*)\]\s*$", line)
        if m:
            if not step_ms:
                sys.exit("input_series_files before the test's interval")
            files = [f.strip().strip("'\"") for f in m.group(2).split(",")]
            out.extend(input_series_yaml(m.group(1), files, base, step_ms))
            continue
        out.append(line)
    return "\n".join(out)


def main():
    tocsin, test_file = sys.argv[1], sys.argv[2]
    r = subprocess.run([tocsin, "test", "rules", test_file],
                       capture_output=True, text=True)
    print("tocsin test rules:", r.returncode)
    print(r.stdout + r.stderr)
    if r.returncode != 0:
        print("FAIL: tocsin test rules %s" % test_file)
        return 1
    promtool = shutil.which("promtool")
    if promtool is None:
        print("promtool not installed: skipped")
        return 77
    workdir = tempfile.mkdtemp(prefix="tocsin_rec_promtool_")
    converted = os.path.join(workdir, os.path.basename(test_file))
    with open(converted, "w") as f:
        f.write(convert(test_file))
    r = subprocess.run([promtool, "test", "rules", converted],
                       capture_output=True, text=True)
    print("promtool test rules:", r.returncode)
    print(r.stdout + r.stderr)
    if r.returncode != 0:
        print("FAIL: promtool disagrees (converted file: %s)" % converted)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
