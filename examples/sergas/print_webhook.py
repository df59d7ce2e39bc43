#!/usr/bin/env python3
"""Prints the notifications that examples/sergas/alertmanager.yml sends,
instead of delivering them: a tiny HTTP server on 127.0.0.1 that answers
every POST with 200 and prints one readable block per request.

It understands the bodies Alertmanager (and `tocsin run`'s router) post:
Slack webhooks (POST /slack: channel, title, text), PagerDuty v1 events
(POST /pagerduty: trigger/resolve, description, firing and resolved
alerts), Alertmanager webhooks (status, alerts with their summaries) and
Prometheus's alert lists (POST /api/v2/alerts); anything else is printed as
it came.

Usage: print_webhook.py [--listen 127.0.0.1:5001] [--json]
  --json  also prints each body as received
Standard library only.
"""

import argparse
import datetime
import http.server
import json
import sys


def now():
    return datetime.datetime.now().strftime("%H:%M:%S")


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in str(text).splitlines())


def alert_line(a):
    labels = a.get("labels", {})
    ann = a.get("annotations", {})
    extra = {k: v for k, v in sorted(labels.items())
             if k not in ("alertname", "severity")}
    status = a.get("status", "")
    if isinstance(status, dict):  # GET /api/v2/alerts shape
        status = status.get("state", "")
    if not status:  # POST /api/v2/alerts: resolved once endsAt is past
        ends = a.get("endsAt", "")
        status = "resolved" if ends and ends < utc_now() else "firing"
    line = "  %-8s %s" % (status, labels.get("alertname", "?"))
    if "severity" in labels:
        line += " [%s]" % labels["severity"]
    if extra:
        line += " " + ",".join("%s=%s" % kv for kv in extra.items())
    if ann.get("summary"):
        line += ": " + ann["summary"]
    if ann.get("description"):
        line += " (%s)" % ann["description"]
    return line


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S")


def describe(path, body):
    """The lines to print for one request body (already decoded JSON)."""
    if isinstance(body, list):  # Prometheus -> POST /api/v2/alerts
        return ["%d alert(s)" % len(body)] + [alert_line(a) for a in body]
    if not isinstance(body, dict):
        return [json.dumps(body)]
    if "attachments" in body or "channel" in body:  # Slack
        out = ["slack %s" % body.get("channel", "(default channel)")]
        for att in body.get("attachments") or [body]:
            color = att.get("color", "")
            title = att.get("title", "")
            out.append("  %s%s" % (title, "  (color %s)" % color if color else ""))
            if att.get("text"):
                out.append(indent(att["text"]))
        return out
    if "event_type" in body:  # PagerDuty v1
        out = ["pagerduty %s: %s" % (body.get("event_type"),
                                     body.get("description", ""))]
        details = body.get("details") or {}
        for key in ("num_firing", "num_resolved"):
            if key in details:
                out.append("  %s: %s" % (key, details[key]))
        if details.get("firing"):
            out.append("  firing:")
            out.append(indent(details["firing"].strip()))
        if details.get("resolved"):
            out.append("  resolved:")
            out.append(indent(details["resolved"].strip()))
        return out
    if "routing_key" in body and "payload" in body:  # PagerDuty v2
        p = body["payload"]
        return ["pagerduty %s: %s (%s)" % (body.get("event_action"),
                                           p.get("summary"), p.get("severity"))]
    if "alerts" in body:  # Alertmanager webhook
        out = ["webhook %s: %s, group %s" % (body.get("receiver"),
                                             body.get("status"),
                                             body.get("groupLabels"))]
        return out + [alert_line(a) for a in body["alerts"]]
    return [json.dumps(body, sort_keys=True)]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
        try:
            body = json.loads(raw)
            lines = describe(self.path, body)
        except ValueError:
            body, lines = None, [raw.decode("utf-8", "replace")]
        out = ["%s POST %s  %s" % (now(), self.path, lines[0])] + lines[1:]
        if self.server.show_json and body is not None:
            out.append(indent(json.dumps(body, indent=2, sort_keys=True)))
        sys.stdout.write("\n".join(out) + "\n\n")
        sys.stdout.flush()

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--listen", default="127.0.0.1:5001")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    host, _, port = args.listen.rpartition(":")
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)),
                                             Handler)
    server.show_json = args.json
    print("%s printing notifications posted to http://%s:%d/"
          % (now(), host or "127.0.0.1", server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
