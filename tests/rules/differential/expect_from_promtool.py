#!/usr/bin/env python3
"""Writes promtool's alerts into a unit-test file as its expectations.

For writing test data: where an alert test of FILE reads
`exp_alerts: []` and promtool reports firing alerts there, the empty list
is replaced by the alerts promtool got (labels without alertname, and
annotations). The expected texts of the differential tests are thereby
Prometheus's own. Review the result before committing it.

Usage: expect_from_promtool.py FILE (run from the file's testdata root)
"""

import ast
import json
import re
import subprocess
import sys


def go_labels(text):
    """Parses {a="x", b="y"} as Prometheus prints label sets."""
    out = {}
    i = 1
    while i < len(text) - 1:
        m = re.match(r'\s*([^=]+)="', text[i:])
        if not m:
            break
        name = m.group(1)
        j = i + m.end()
        k = j
        while text[k] != '"':
            k += 2 if text[k] == "\\" else 1
        out[name] = ast.literal_eval('"' + text[j:k] + '"')
        i = k + 1
        if text[i:i + 2] == ", ":
            i += 2
    return out


def failures(path):
    p = subprocess.run(["promtool", "test", "rules", path],
                       capture_output=True, text=True)
    result = {}
    blocks = re.split(r"\n(?=    (?:name: .*,\n    )?alertname: )", p.stderr)
    for b in blocks:
        m = re.search(r"alertname: (\S+), time: (\S+), ", b)
        if not m:
            continue
        got = b.split("got:", 1)[1]
        alerts = []
        for lab, ann in re.findall(r"Labels:(\{.*\})\n\s*Annotations:(\{.*?\})(?:,|\n)",
                                   got):
            alerts.append((go_labels(lab), go_labels(ann)))
        result[(m.group(1), m.group(2))] = alerts
    return result


def render(alerts, indent):
    pad = " " * indent
    lines = []
    for labels, annotations in alerts:
        labels.pop("alertname", None)
        lines.append(pad + "- exp_labels:")
        for k in sorted(labels):
            lines.append(pad + "    %s: %s" % (k, json.dumps(labels[k], ensure_ascii=False)))
        if annotations:
            lines.append(pad + "  exp_annotations:")
            for k in sorted(annotations):
                lines.append(pad + "    %s: %s" % (k, json.dumps(annotations[k], ensure_ascii=False)))
    return lines


def main():
    path = sys.argv[1]
    got = failures(path)
    lines = open(path).read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"(\s*)alertname: (\S+)", line)
        if m and i > 0 and i + 1 < len(lines):
            t = re.search(r"eval_time: (\S+)", lines[i - 1])
            key = (m.group(2), t.group(1) if t else "")
            nxt = lines[i + 1]
            if key in got and got[key] and nxt.strip() == "exp_alerts: []":
                out.append(line)
                out.append(m.group(1) + "exp_alerts:")
                out.extend(render(got[key], len(m.group(1)) + 2))
                i += 2
                continue
        out.append(line)
        i += 1
    open(path, "w").write("\n".join(out))


if __name__ == "__main__":
    main()
