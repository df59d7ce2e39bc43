#!/usr/bin/env python3
"""Differential test: tocsin's Alertmanager config checks and route commands
against amtool (Alertmanager 0.25) on the same files.

Compares, for every config below:
  - `tocsin check config F` with `amtool check-config F` (the outcome and
    the message; tocsin's file:line:col prefixes are mapped back to
    amtool's "line N" form);
  - `tocsin routes show` with `amtool config routes`;
  - `tocsin routes test [--tree] labels...` with `amtool config routes test`
    for every label set, including the exit code.

Usage: routes_vs_amtool.py TOCSIN_BINARY [AMTOOL]
Exits 0 when everything agrees, 1 otherwise; skips (exit 77) without amtool.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

SEED = """
global:
  resolve_timeout: 5m
  slack_api_url: 'https://hooks.slack.com/services/YOUR/WEBHOOK/URL'
route:
  group_by: ['alertname', 'severity']
  group_wait: 10s
  group_interval: 10s
  repeat_interval: 12h
  receiver: 'default'
  routes:
    - match:
        severity: critical
      receiver: 'pagerduty-critical'
      continue: true
    - match:
        severity: critical
      receiver: 'slack-critical'
    - match:
        severity: warning
      receiver: 'slack-warning'
receivers:
  - name: 'default'
    slack_configs:
      - channel: '#sergas-alerts'
  - name: 'pagerduty-critical'
    pagerduty_configs:
      - service_key: 'YOUR_PAGERDUTY_KEY'
  - name: 'slack-critical'
    slack_configs:
      - channel: '#sergas-critical'
  - name: 'slack-warning'
    slack_configs:
      - channel: '#sergas-warnings'
inhibit_rules:
  - source_match:
      severity: 'critical'
    target_match:
      severity: 'warning'
    equal: ['alertname', 'instance']
"""

NESTED = """
route:
  receiver: root
  group_by: ['...']
  routes:
  - matchers: ['team="db"', 'env=~"prod|staging"']
    receiver: db
    continue: true
    routes:
    - matchers: ['{severity="critical", service!="batch"}']
      receiver: db-pager
    - match_re:
        service: 'mysql|postgres'
      receiver: db-sql
      continue: true
    - matchers: [service=~"post.*"]
      receiver: db-postgres
  - match:
      team: web
    match_re:
      env: 'prod.*'
    receiver: web
    routes:
    - matchers: ['severity!~"info|debug"', 'a1="x"', 'a="y"']
      receiver: web-loud
  - matchers: ['team=~".+"']
    receiver: any-team
    continue: true
  - matchers: ['quote="She said: \\\\"Hi, ladies!\\\\""', 'nl="a\\\\nb"']
    receiver: escapes
  - matchers: ['unquoted=bar', ' spaced = "v w" ', 'empty=""']
    receiver: oddities
  - receiver: catch-all
receivers:
- name: root
- name: db
- name: db-pager
- name: db-sql
- name: db-postgres
- name: web
- name: web-loud
- name: any-team
- name: escapes
- name: oddities
- name: catch-all
"""

LABEL_SETS = {
    "seed": [
        [], ["severity=critical"], ["severity=warning"], ["severity=info"],
        ["alertname=HighErrorRate", "severity=critical", "team=backend"],
        ["severity=~critical"], ["severity"],
    ],
    "nested": [
        [], ["team=db"], ["team=db", "env=prod"],
        ["team=db", "env=prod", "severity=critical"],
        ["team=db", "env=prod", "severity=critical", "service=batch"],
        ["team=db", "env=staging", "service=mysql"],
        ["team=db", "env=staging", "service=postgres"],
        ["team=db", "env=dev", "service=postgres"],
        ["team=web", "env=production"],
        ["team=web", "env=prod", "severity=warning", "a1=x", "a=y"],
        ["team=web", "env=prod", "severity=info", "a1=x", "a=y"],
        ["team=ops"],
        ['quote=She said: "Hi, ladies!"', "nl=a\nb"],
        ["unquoted=bar", "spaced=v w"],
        ['team="db"', 'env="prod"'],
    ],
}

# Configs both tools must reject (or accept) the same way.
CHECKS = {
    "unknown_field": "route:\n  receiver: x\n  foo: 1\nreceivers:\n- name: x\n",
    "undefined_receiver": "route:\n  receiver: x\n  routes:\n  - receiver: y\nreceivers:\n- name: x\n",
    "dup_receiver": "route:\n  receiver: x\nreceivers:\n- name: x\n- name: x\n",
    "bad_duration": "route:\n  receiver: x\n  group_wait: 5x\nreceivers:\n- name: x\n",
    "zero_interval": "route:\n  receiver: x\n  group_interval: 0s\nreceivers:\n- name: x\n",
    "bad_matcher": "route:\n  receiver: x\n  routes:\n  - matchers: ['a=\"b']\n    receiver: x\nreceivers:\n- name: x\n",
    "bad_matcher_format": "route:\n  receiver: x\n  routes:\n  - matchers: ['1a=b']\n    receiver: x\nreceivers:\n- name: x\n",
    "bad_regex": "route:\n  receiver: x\n  routes:\n  - match_re:\n      a: '(x'\n    receiver: x\nreceivers:\n- name: x\n",
    "bad_label": "route:\n  receiver: x\n  routes:\n  - match:\n      1a: x\n    receiver: x\nreceivers:\n- name: x\n",
    "group_by_mix": "route:\n  receiver: x\n  group_by: ['...', a]\nreceivers:\n- name: x\n",
    "group_by_dup": "route:\n  receiver: x\n  group_by: [a, a]\nreceivers:\n- name: x\n",
    "group_by_bad": "route:\n  receiver: x\n  group_by: ['a-b']\nreceivers:\n- name: x\n",
    "root_matchers": "route:\n  receiver: x\n  match:\n    a: b\nreceivers:\n- name: x\n",
    "root_no_receiver": "route:\n  group_by: [a]\nreceivers:\n- name: x\n",
    "root_continue": "route:\n  receiver: x\n  continue: true\nreceivers:\n- name: x\n",
    "no_route": "receivers:\n- name: x\n",
    "empty": "",
    "email_no_to": "route:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - from: a@b\n",
    "email_no_smarthost": "route:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - to: a@b\n",
    "email_no_from": "global:\n  smtp_smarthost: localhost:25\nroute:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - to: a@b\n",
    "email_ok": "global:\n  smtp_smarthost: localhost:25\n  smtp_from: a@b\nroute:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - to: c@d\n    headers:\n      subject: hi\n",
    "email_dup_header": "global:\n  smtp_smarthost: localhost:25\n  smtp_from: a@b\nroute:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - to: c@d\n    headers:\n      subject: hi\n      SUBJECT: ho\n",
    "smarthost_no_port": "global:\n  smtp_smarthost: localhost\nroute:\n  receiver: x\nreceivers:\n- name: x\n",
    "slack_no_url": "route:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - channel: '#a'\n",
    "slack_both_urls": "route:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - api_url: http://a\n    api_url_file: /f\n",
    "slack_field": "global:\n  slack_api_url: http://a\nroute:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - fields:\n    - title: t\n",
    "slack_action": "global:\n  slack_api_url: http://a\nroute:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - actions:\n    - type: button\n      text: t\n",
    "pd_no_key": "route:\n  receiver: x\nreceivers:\n- name: x\n  pagerduty_configs:\n  - description: d\n",
    "pd_v2": "route:\n  receiver: x\nreceivers:\n- name: x\n  pagerduty_configs:\n  - routing_key: k\n    url: https://events.example.com/v2/enqueue\n    links:\n    - href: http://a\n      text: t\n",
    "pd_bad_url": "route:\n  receiver: x\nreceivers:\n- name: x\n  pagerduty_configs:\n  - routing_key: k\n    url: ftp://a\n",
    "webhook_no_url": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - send_resolved: false\n",
    "webhook_no_host": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - url: 'http://'\n",
    "webhook_ok": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - url: 'http://127.0.0.1:9/x'\n    max_alerts: 3\n    http_config:\n      basic_auth:\n        username: u\n        password: p\n",
    "http_two_auths": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - url: 'http://a'\n    http_config:\n      basic_auth: {username: u}\n      bearer_token: t\n",
    "http_basic_type": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - url: 'http://a'\n    http_config:\n      authorization: {type: Basic, credentials: c}\n",
    "tls_version": "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - url: 'http://a'\n    http_config:\n      tls_config: {min_version: TLS9}\n",
    "type_errors": "route:\n  receiver: x\n  receiver: y\n  match:\n    a: b\n    a: c\n  group_wait: [1]\n  continue: 'true'\nreceivers:\n- name: x\n- name: y\n  webhook_configs:\n  - url: http://a\n    max_alerts: -1\n",
    "ti_undefined": "route:\n  receiver: x\n  routes:\n  - receiver: x\n    mute_time_intervals: [nights]\nreceivers:\n- name: x\n",
    "ti_root": "route:\n  receiver: x\n  active_time_intervals: [nights]\nreceivers:\n- name: x\ntime_intervals:\n- name: nights\n  time_intervals: []\n",
    "ti_dup": "route:\n  receiver: x\nreceivers:\n- name: x\nmute_time_intervals:\n- name: a\ntime_intervals:\n- name: a\n",
    "ti_ok": "route:\n  receiver: x\n  routes:\n  - receiver: x\n    mute_time_intervals: [old]\n    active_time_intervals: [new]\nreceivers:\n- name: x\nmute_time_intervals:\n- name: old\n  time_intervals:\n  - weekdays: ['saturday:sunday']\ntime_intervals:\n- name: new\n  time_intervals:\n  - times: [{start_time: '09:00', end_time: '17:30'}]\n    weekdays: ['monday:friday']\n    days_of_month: ['1:5', '-3:-1']\n    months: ['january:march', '12']\n    years: ['2020:2030']\n    location: 'Europe/Berlin'\n",
    "ti_bad_weekday": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - weekdays: ['funday']\n",
    "ti_bad_time": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - times: [{start_time: '25:00', end_time: '26:00'}]\n",
    "ti_start_after_end": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - times: [{start_time: '10:00', end_time: '09:00'}]\n",
    "ti_bad_dom": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - days_of_month: ['-1:5']\n",
    "ti_bad_month": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - months: ['march:january']\n",
    "ti_bad_location": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: a\n  time_intervals:\n  - location: 'Mars/Olympus'\n",
    "ti_no_name": "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- time_intervals: []\n",
    "inhibit_bad_equal": "route:\n  receiver: x\nreceivers:\n- name: x\ninhibit_rules:\n- source_matchers: [a=b]\n  equal: ['a-b']\n",
    "inhibit_ok": "route:\n  receiver: x\nreceivers:\n- name: x\ninhibit_rules:\n- source_matchers: [a=b]\n  target_match_re:\n    c: 'd.*'\n  equal: [e]\n",
    "receiver_no_name": "route:\n  receiver: x\nreceivers:\n- name: x\n- webhook_configs: []\n",
    "other_integrations": "route:\n  receiver: x\nreceivers:\n- name: x\n  opsgenie_configs:\n  - api_key: k\n    message: m\n  telegram_configs:\n  - bot_token: t\n    chat_id: 1\n",
    "other_unknown_field": "route:\n  receiver: x\nreceivers:\n- name: x\n  opsgenie_configs:\n  - api_key: k\n    mesage: m\n",
    "slack_secret_url": "global:\n  slack_api_url: '<secret>'\nroute:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - channel: a\n",
    "global_slack_both": "global:\n  slack_api_url: http://a\n  slack_api_url_file: /x\nroute:\n  receiver: x\nreceivers:\n- name: x\n",
    "seed": SEED,
    "nested": NESTED,
}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def normalize_tocsin(text, path):
    # "FILE:L:C: msg" -> "msg"; "  FILE:L:C: msg" in unmarshal lists ->
    # "  line L: msg".
    esc = re.escape(path)
    text = re.sub(r"(?m)^  " + esc + r":(\d+):\d+: ", r"  line \1: ", text)
    text = re.sub(esc + r"(:\d+:\d+)?: ", "", text)
    return text


def main():
    tocsin = sys.argv[1]
    amtool = sys.argv[2] if len(sys.argv) > 2 else shutil.which("amtool")
    if not amtool or not os.path.exists(amtool):
        print("amtool not found; skipping")
        return 77
    failures = 0
    checks = 0
    tmp = tempfile.mkdtemp(prefix="tocsin-routes-")
    for name, text in CHECKS.items():
        path = os.path.join(tmp, name + ".yml")
        with open(path, "w") as f:
            f.write(text)
        a_rc, a_out, _ = run([amtool, "check-config", path])
        t_rc, t_out, _ = run([tocsin, "check", "config", path])
        checks += 1
        if a_rc != t_rc or a_out != normalize_tocsin(t_out, path):
            failures += 1
            print(f"check-config {name}: differs\n--- amtool ({a_rc})\n{a_out}"
                  f"--- tocsin ({t_rc})\n{t_out}")
        if a_rc != 0:
            continue
        a = run([amtool, "config", "routes", "--config.file=" + path])
        t = run([tocsin, "routes", "--config.file=" + path])
        checks += 1
        if a[:2] != t[:2]:
            failures += 1
            print(f"routes {name}: differs\n--- amtool\n{a[1]}--- tocsin\n{t[1]}")
        for labels in LABEL_SETS.get(name, []):
            for tree in ([], ["--tree"]):
                base = ["--config.file=" + path] + tree + labels
                a = run([amtool, "config", "routes", "test"] + base)
                t = run([tocsin, "routes", "test"] + base)
                checks += 1
                if a[:2] != t[:2]:
                    failures += 1
                    print(f"routes test {name} {tree} {labels}: differs\n"
                          f"--- amtool ({a[0]})\n{a[1]}{a[2]}"
                          f"--- tocsin ({t[0]})\n{t[1]}{t[2]}")
    shutil.rmtree(tmp)
    print(f"{checks - failures}/{checks} comparisons agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
