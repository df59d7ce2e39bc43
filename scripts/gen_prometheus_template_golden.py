#!/usr/bin/env python3
"""Regenerates tests/template/testdata/prometheus_template_golden.jsonl.

Each case is an alerting-rule annotation expanded by the real Prometheus 2.42
(`promtool test rules`, which prints the annotations of unexpected alerts).
The alert fires on the series m{job="node",instance="host1.example.com:9100"}
= 1234.5678 at time 0; `up` has two series for the query functions. The
golden file records Prometheus's expansion (including "<error expanding
template: ...>" texts) for the template tests to compare with, and for
templates that do not parse, the error the rule file check reports.

Usage: scripts/gen_prometheus_template_golden.py   (needs promtool 2.42)
"""
import ast
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT,
                   "tests/template/testdata/prometheus_template_golden.jsonl")

CASES = [
    ("labels_value", "{{ $labels.instance }} {{ $labels.job }} {{ $value }}"),
    ("labels_name", "{{ $labels.__name__ }} [{{ $labels.nope }}]"),
    ("data_fields", "{{ .Labels.job }} {{ .Value }} {{ .ExternalURL }}"),
    ("external", "{{ $externalLabels.cluster }} {{ $externalURL }}"),
    ("printf_value", "{{ printf \"%.2f\" $value }} {{ $value | printf \"%5.1f\" }}"),
    ("humanize", "{{ humanize 0 }} {{ humanize 1234567 }} {{ humanize $value }} {{ humanize 0.001234 }} {{ humanize -1234567 }} {{ humanize 1e30 }} {{ humanize 1e-30 }} {{ humanize \"1234\" }} {{ humanize 12 }} {{ humanize 1.5 }} {{ humanize 999.99 }}"),
    ("humanize_special", "{{ humanize \"NaN\" }} {{ humanize \"+Inf\" }} {{ humanize \"-Inf\" }} {{ humanize 0.0 }}"),
    ("humanize_bad_string", "{{ humanize \"abc\" }}"),
    ("humanize_bool", "{{ humanize true }}"),
    ("humanize_nil", "{{ humanize nil }}"),
    ("humanize1024", "{{ humanize1024 0 }} {{ humanize1024 1 }} {{ humanize1024 1023 }} {{ humanize1024 1024 }} {{ humanize1024 1048576 }} {{ humanize1024 1.5e12 }} {{ humanize1024 -2048 }} {{ humanize1024 0.5 }} {{ humanize1024 \"NaN\" }}"),
    ("humanizeDuration", "{{ humanizeDuration 0 }} {{ humanizeDuration 3661 }} {{ humanizeDuration 176461 }} {{ humanizeDuration 59.5 }} {{ humanizeDuration 0.5 }} {{ humanizeDuration 0.0012 }} {{ humanizeDuration -3661 }} {{ humanizeDuration 1.5 }} {{ humanizeDuration 1e-10 }} {{ humanizeDuration 60 }} {{ humanizeDuration \"Inf\" }}"),
    ("humanizePercentage", "{{ humanizePercentage 0.1234567 }} {{ humanizePercentage 1 }} {{ humanizePercentage 0 }} {{ humanizePercentage -0.5 }} {{ humanizePercentage \"0.5\" }}"),
    ("humanizeTimestamp", "{{ humanizeTimestamp 1234567890.123 }} | {{ humanizeTimestamp 0 }} | {{ humanizeTimestamp -1.5 }} | {{ humanizeTimestamp \"NaN\" }} | {{ humanizeTimestamp 1e9 }}"),
    ("humanizeTimestamp_overflow", "{{ humanizeTimestamp 1e20 }}"),
    ("toTime", "{{ toTime 1.5 }} | {{ (toTime 1234567890).Unix }} | {{ (toTime 1234567890.5).Format \"2006-01-02 15:04:05.000 MST\" }}"),
    ("toTime_nan", "{{ toTime \"NaN\" }}"),
    ("title_upper_lower", "{{ title \"hello wORLD foo_bar-baz o'neil\" }} {{ toUpper \"abc\" }} {{ toLower \"ABC\" }}"),
    ("match", "{{ match \"^host1\" $labels.instance }} {{ match \"^x\" \"abc\" }}"),
    ("match_bad", "{{ match \"(\" \"abc\" }}"),
    ("reReplaceAll", "{{ reReplaceAll \"(.*):(\\\\d+)\" \"$1\" $labels.instance }} {{ reReplaceAll \"o\" \"0\" \"foo\" }}"),
    ("reReplaceAll_bad", "{{ reReplaceAll \"(\" \"x\" \"abc\" }}"),
    ("stripPort", "{{ stripPort \"host:9100\" }} {{ stripPort \"[::1]:9100\" }} {{ stripPort \"host\" }} {{ stripPort \"a:b:c\" }}"),
    ("stripDomain", "{{ stripDomain \"host.example.com:9100\" }} {{ stripDomain \"1.2.3.4:80\" }} {{ stripDomain \"host.example.com\" }} {{ stripDomain \"[::1]:80\" }} {{ stripDomain \"::1\" }} {{ stripDomain $labels.instance }}"),
    ("links", "{{ graphLink \"up{job=\\\"a\\\"} > 0\" }} {{ tableLink \"rate(x[5m])\" }}"),
    ("args", "{{ with args 1 \"a\" }}{{ .arg0 }} {{ .arg1 }} {{ .arg2 }}{{ end }}"),
    ("safeHtml", "{{ safeHtml \"<b>\" }}"),
    ("query_range", "{{ range query \"up\" | sortByLabel \"job\" }}{{ .Labels.job }}={{ .Value }} {{ end }}"),
    ("query_first_label", "{{ query \"up\" | sortByLabel \"job\" | first | label \"instance\" }}"),
    ("query_first_value", "{{ with query \"up == 0\" }}{{ . | first | value }}{{ end }}"),
    ("query_strvalue", "[{{ query \"up\" | first | strvalue }}]"),
    ("query_empty_first", "{{ query \"up == 5\" | first }}"),
    ("query_len", "{{ len (query \"up\") }} {{ if query \"up == 5\" }}yes{{ else }}no{{ end }}"),
    ("query_print_sample", "{{ query \"up == 0\" | first }}"),
    ("parseDuration", "{{ parseDuration \"1h30m\" }} {{ parseDuration \"5ms\" }} {{ parseDuration \"1y\" }} {{ parseDuration \"0\" }} {{ parseDuration \"1d2h3m4s5ms\" }}"),
    ("parseDuration_bad", "{{ parseDuration \"x\" }}"),
    ("parseDuration_empty", "{{ parseDuration \"\" }}"),
    ("missing_field", "{{ .Foo }}"),
    ("range_labels", "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}"),
    ("value_compare", "{{ if gt $value 1000.0 }}high{{ else }}low{{ end }}"),
    ("value_compare_int", "{{ if gt $value 1000 }}high{{ end }}"),
    ("label_wrong_type", "{{ label \"job\" $labels }}"),
    ("plain_text", "no templating here: 100%"),
    ("multiline", "line1\n{{ $labels.job }}\n  {{- \" trimmed\" }}"),
    ("printf_labels", "{{ printf \"%v\" $labels }}"),
]

# Templates that do not parse: the rule file check reports them.
PARSE_ERROR_CASES = [
    ("undefined_function", "{{ nope }}"),
    ("missing_value_if", "{{ if }}"),
    ("unexpected_eof", "{{ if $value }}x"),
    ("undefined_variable", "{{ $foo }}"),
    ("error_on_line_2", "a\n{{ end }}"),
    ("unclosed_action", "{{ $labels.job "),
]

SERIES = [
    ('m{job="node", instance="host1.example.com:9100"}', "1234.5678"),
    ('up{job="b", instance="y:2"}', "0"),
    ('up{job="a", instance="x:1"}', "1"),
]


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


def run_promtool(cases):
    with tempfile.TemporaryDirectory() as d:
        rules = ["groups:", "- name: g", "  rules:", "  - alert: T",
                 "    expr: m", "    annotations:"]
        for i, (_, text) in enumerate(cases):
            rules.append("      a%03d: %s" % (i, yaml_str(text)))
        with open(os.path.join(d, "rules.yml"), "w") as f:
            f.write("\n".join(rules) + "\n")
        test = ["rule_files: [rules.yml]", "evaluation_interval: 1m", "tests:",
                "- interval: 1m",
                "  external_labels: {cluster: c1}",
                "  external_url: http://prom.example:9090/prefix",
                "  input_series:"]
        for s, v in SERIES:
            test.append("  - series: %s" % yaml_str(s))
            test.append("    values: %s" % yaml_str(v))
        test += ["  alert_rule_test:", "  - eval_time: 0m", "    alertname: T",
                 "    exp_alerts: []"]
        with open(os.path.join(d, "test.yml"), "w") as f:
            f.write("\n".join(test) + "\n")
        proc = subprocess.run(["promtool", "test", "rules", "test.yml"],
                              cwd=d, capture_output=True, text=True)
    return proc.stdout + proc.stderr


def main():
    text = run_promtool(CASES)
    m = re.search(r"Annotations:\{(.*)\}\n", text)
    if not m:
        sys.exit("no annotations in promtool output:\n" + text)
    got = dict(re.findall(r'(a\d{3})=("(?:[^"\\]|\\.)*")', m.group(1)))
    with open(OUT, "w") as out:
        for i, (name, tmpl) in enumerate(CASES):
            key = "a%03d" % i
            rec = {"name": name, "template": tmpl,
                   "output": ast.literal_eval(got[key])}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        text = run_promtool(PARSE_ERROR_CASES)
        errors = dict(re.findall(
            r'annotation "(a\d{3})": (.*)\n', text))
        for i, (name, tmpl) in enumerate(PARSE_ERROR_CASES):
            rec = {"name": name, "template": tmpl,
                   "parse_error": errors["a%03d" % i]}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote", len(CASES) + len(PARSE_ERROR_CASES), "cases to", OUT,
          file=sys.stderr)


if __name__ == "__main__":
    main()
