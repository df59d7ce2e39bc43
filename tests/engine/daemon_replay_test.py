#!/usr/bin/env python3
"""`tocsin run` replaying the example recording: every seed alert fires and
resolves, and reaches an external Alertmanager.

tocsin runs the seed's rules (examples/sergas/alerts.yml) over
examples/sergas/recording.om with `datasource.series_files` and `replay:
{speed: 300}` (the 1h40m recording in 20 s) and posts its alerts to a
capture server posing as an Alertmanager. Checked: each alert of the
recording's story (gen_recording.py: 10 alerts, 8 alert names) is posted
firing and later resolved, with the seed's labels and summary and the
external labels, and with the story's order of firing; startsAt and endsAt
are real times (the recorded ones mapped back), startsAt before endsAt.

Usage: daemon_replay_test.py TOCSIN [--keep]. Exit 0 pass, 1 fail.
"""

import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import daemon_harness as h  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "sergas"))
SPEED = 300
RECORDING_SECONDS = 6000

# (alertname, instance or "", severity, summary), in the story's order of
# firing (gen_recording.py's table).
STORY = [
    ("HighErrorRate", "", "critical", "High error rate detected"),
    ("CircuitBreakerOpen", "sergas-app-1:8000", "warning",
     "Zoho circuit breaker open"),
    ("CircuitBreakerOpen", "sergas-app-2:8000", "warning",
     "Zoho circuit breaker open"),
    ("DatabasePoolExhausted", "sergas-app-1:8000", "critical",
     "Database connection pool exhausted"),
    ("HighResponseTime", "sergas-app-1:8000", "warning",
     "High API response time"),
    ("HighMemoryUsage", "sergas-app-2:8000", "warning", "High memory usage"),
    ("ServiceDown", "sergas-app-2:8000", "critical", "Service is down"),
    ("DiskSpaceLow", "sergas-app-2:9100", "warning", "Low disk space"),
    ("LowRecommendationConfidence", "sergas-app-1:8000", "warning",
     "Low recommendation confidence"),
    ("LowRecommendationConfidence", "sergas-app-2:8000", "warning",
     "Low recommendation confidence"),
]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tocsin = os.path.abspath(sys.argv[1])
    workdir = tempfile.mkdtemp(prefix="tocsin_replay_")
    cap = h.CaptureServer()
    port = h.free_port()
    with open(os.path.join(workdir, "tocsin.yml"), "w") as f:
        f.write("""global:
  external_labels: {replica: demo}
datasource:
  series_files: ['%s']
  replay: {speed: %d}
rule_files: ['%s']
alerting:
  alertmanagers:
    - url: %s
""" % (os.path.join(EXAMPLE, "recording.om"), SPEED,
       os.path.join(EXAMPLE, "alerts.yml"), cap.url))
    proc = h.Proc("tocsin", [
        tocsin, "run", "--config.file=" + os.path.join(workdir, "tocsin.yml"),
        "--web.listen-address=127.0.0.1:%d" % port,
        "--storage.path=" + os.path.join(workdir, "data")], workdir)
    failures = []
    try:
        if not h.wait_ready("http://127.0.0.1:%d" % port, proc, 30):
            print("FAIL: tocsin run did not become ready; log:\n"
                  + proc.log_tail())
            return 1
        time.sleep(RECORDING_SECONDS / SPEED + 2)
        if not proc.alive():
            failures.append("tocsin exited (code %s)" % proc.p.returncode)
    finally:
        proc.stop()
        cap.close()

    firing, resolved = {}, {}
    for recv, path, a in cap.alerts():
        labels = a.get("labels", {})
        key = (labels.get("alertname"), labels.get("instance", ""))
        try:
            starts, ends = h.parse_time(a["startsAt"]), h.parse_time(a["endsAt"])
        except (KeyError, ValueError):
            failures.append("an alert without valid startsAt/endsAt: %s" % a)
            continue
        if path != "/api/v2/alerts":
            failures.append("posted to %s, not /api/v2/alerts" % path)
        if ends < starts:
            failures.append("%s: endsAt %s before startsAt %s" % (
                key, a["endsAt"], a["startsAt"]))
        if abs(starts - recv) > 60:
            failures.append("%s: startsAt %s is not a real time (received "
                            "at %s)" % (key, a["startsAt"], h.fmt_time(recv)))
        (resolved if ends <= recv + 0.5 else firing).setdefault(key, (recv, a))

    order = []
    for name, instance, severity, summary in STORY:
        key = (name, instance)
        if key not in firing:
            failures.append("%s %s was never sent firing" % key)
            continue
        recv, a = firing[key]
        order.append((recv, key))
        labels = a["labels"]
        if labels.get("severity") != severity or \
                labels.get("replica") != "demo":
            failures.append("%s %s: labels %s (want severity=%s and the "
                            "external label replica=demo)"
                            % (name, instance, labels, severity))
        if a.get("annotations", {}).get("summary") != summary:
            failures.append("%s %s: summary %r, want %r" % (
                name, instance, a.get("annotations", {}).get("summary"),
                summary))
        if key not in resolved:
            failures.append("%s %s fired but was never sent resolved" % key)
        elif resolved[key][0] < recv:
            failures.append("%s %s: resolved before it fired" % key)
        else:
            print("%-28s %-18s fired %s, resolved %s" % (
                name, instance, h.fmt_time(recv),
                h.fmt_time(resolved[key][0])))
    extra = set(firing) - {(n, i) for n, i, _, _ in STORY}
    if extra:
        failures.append("alerts outside the story fired: %s" % sorted(extra))
    # The story's order, allowing for alerts that fire at about the same
    # recorded time (within 3 recorded minutes).
    slack = 180.0 / SPEED
    for (r1, k1), (r2, k2) in zip(order, order[1:]):
        if r2 + slack < r1:
            failures.append("%s fired %.1f s (real) before %s, against the "
                            "story's order" % (k2, r1 - r2, k1))
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        print("workdir: " + workdir)
        return 1
    if "--keep" not in sys.argv:
        shutil.rmtree(workdir, ignore_errors=True)
    print("ok   the example recording fires and resolves every seed alert")
    return 0


if __name__ == "__main__":
    sys.exit(main())
