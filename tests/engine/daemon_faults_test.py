#!/usr/bin/env python3
"""`tocsin run` under faults: one test per fault, each asserting behaviour.

tocsin evaluates one group (interval 1s) against a fake Prometheus query
API (fake_datasource.py) that serves a few fixed series and can be made to
fail; alerts go to a capture server posing as an Alertmanager. The rules:

  Firing   fault_gauge{kind="firing"} > 0    for 2s   (fires at once)
  Pending  fault_gauge{kind="pending"} > 0   for 1h   (stays pending)
  Mid      fault_gauge{kind="mid"} > 0       for 20s  (the restart tests)

Tests (run all, or name some on the command line):
  datasource_down     connection refused
  datasource_slow     answers after 5 s, beyond the 2 s timeout
  datasource_500      HTTP 500 with Prometheus's error JSON
  datasource_garbage  HTTP 200 with a truncated JSON body
      Each: every rule of the group turns health "err" with a lastError
      naming the cause (and /metrics counts failed evaluations); Firing
      stays firing and Pending pending with their activeAt; nothing is
      sent as resolved; the process keeps serving; when the datasource is
      back, health returns to "ok", lastError empties, the states still
      have their activeAt and evaluation goes on.
  restart_mid_for     SIGKILL 8 s into Mid's 20 s `for`, start again with
      the same --storage.path: Mid is pending with the same activeAt and
      fires at activeAt + 20s, the evaluation it would have fired at
      without the restart (startsAt of the alert sent).
  restart_firing      SIGKILL while Firing fires, start again: it is firing
      at once (never pending) with the same activeAt, and anything sent
      for it carries the original startsAt (not re-sent as a new alert).
  reload_sighup_broken  SIGHUP with a rule file whose PromQL does not
      parse: the old rules keep running with their state; the error is in
      the log and /metrics; a fixed file then loads on the next SIGHUP.
  reload_http_broken  POST /-/reload with a rule file that is not YAML:
      the answer is an error naming the file; old rules and states stay;
      a fixed file (one rule added) then loads with POST /-/reload (200)
      and the unchanged rules keep their activeAt.
  sigterm             SIGTERM exits with 0 within 10 s; started again with
      the same --storage.path, Firing and Pending come back with their
      activeAt.
  sigterm_hung_datasource  SIGTERM while an evaluation waits on a
      datasource that does not answer (timeout 60 s): exits within 10 s.

Usage: daemon_faults_test.py TOCSIN [TEST...]. Exit 0 pass, 1 fail.
"""

import os
import re
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import daemon_harness as h  # noqa: E402
import fake_datasource as fd  # noqa: E402

RULES = """groups:
  - name: faults
    interval: 1s
    rules:
      - alert: Firing
        expr: fault_gauge{kind="firing"} > 0
        for: 2s
        labels: {severity: critical}
        annotations: {summary: 'firing with {{ $value }}'}
      - alert: Pending
        expr: fault_gauge{kind="pending"} > 0
        for: 1h
        labels: {severity: warning}
      - alert: Mid
        expr: fault_gauge{kind="mid"} > 0
        for: 20s
"""

# A rule whose PromQL does not parse, and a file that is not YAML.
RULES_BAD_PROMQL = RULES.replace('fault_gauge{kind="pending"} > 0',
                                 'fault_gauge{kind="pending"} >')
RULES_BAD_YAML = "groups:\n  - name: faults\n    rules: [\n      - alert: X\n"
RULES_ADDED = RULES + """      - alert: Added
        expr: vector(1)
"""

CAUSE = {
    "down": r"connection refused",
    "slow": r"deadline|time(d)? ?out",
    "500": r"500|fake datasource: internal error",
    "garbage": r"malformed|json|pars|unexpected|invalid|syntax",
}


class Failed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failed(msg)


PROBLEMS = []  # failed checks that do not stop the test


def expect(cond, msg):
    if not cond:
        PROBLEMS.append(msg)


class Env:
    """tocsin run over a fake datasource, with a capture Alertmanager."""

    def __init__(self, tocsin, name, timeout="2s"):
        self.tocsin = tocsin
        self.workdir = tempfile.mkdtemp(prefix="tocsin_faults_%s_" % name)
        self.ds = fd.FakeDatasource()
        self.ds.set({"__name__": "fault_gauge", "kind": "firing"}, 1)
        self.ds.set({"__name__": "fault_gauge", "kind": "pending"}, 1)
        self.cap = h.CaptureServer()
        self.port = h.free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.rules_path = os.path.join(self.workdir, "rules.yml")
        self.write_rules(RULES)
        with open(os.path.join(self.workdir, "tocsin.yml"), "w") as f:
            f.write("""global:
  evaluation_interval: 1s
  external_labels: {replica: a}
datasource:
  url: %s
  timeout: %s
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - url: %s
      timeout: 5s
""" % (self.ds.url, timeout, self.cap.url))
        self.proc = None
        self.runs = 0

    def write_rules(self, text):
        tmp = self.rules_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.rules_path)

    def start(self):
        self.runs += 1
        self.proc = h.Proc("tocsin-%d" % self.runs, [
            self.tocsin, "run",
            "--config.file=" + os.path.join(self.workdir, "tocsin.yml"),
            "--web.listen-address=127.0.0.1:%d" % self.port,
            "--storage.path=" + os.path.join(self.workdir, "data"),
            "--log.level=debug"], self.workdir)
        if not h.wait_ready(self.url, self.proc, 30):
            raise Failed("tocsin run did not become ready within 30s "
                         "(alive: %s, exit code %s)"
                         % (self.proc.alive(), self.proc.p.returncode))

    def alerts(self):
        a = h.alerts_of(self.url)
        check(a is not None, "GET /api/v1/alerts failed (tocsin alive: %s)"
              % self.proc.alive())
        return {x["labels"]["alertname"]: x for x in a}

    def group(self):
        groups = h.rules_of(self.url)
        check(groups is not None, "GET /api/v1/rules failed")
        for g in groups:
            if g.get("name") == "faults":
                return g
        raise Failed("no group 'faults' in /api/v1/rules: %s" % groups)

    def wait_states(self, want, timeout=15):
        """Waits until the alerts named in `want` have those states."""
        got = h.wait_until(lambda: self._states_are(want), timeout, 0.2)
        if not got:
            now = h.alerts_of(self.url)
            raise Failed("alerts did not reach %s within %ds; they are %s" % (
                want, timeout, None if now is None else
                {x["labels"].get("alertname"): x.get("state") for x in now}))
        return self.alerts()

    def _states_are(self, want):
        a = h.alerts_of(self.url)
        if a is None:
            return False
        states = {x["labels"]["alertname"]: x["state"] for x in a}
        return all(states.get(n) == s for n, s in want.items())

    def metrics(self):
        return h.get_text(self.url + "/metrics") or ""

    def close(self, keep=False):
        if self.proc is not None:
            self.proc.stop(timeout=15)
        self.ds.close()
        self.cap.close()
        if not keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def snapshot(alerts, names=("Firing", "Pending")):
    return {n: (alerts[n]["state"], alerts[n]["activeAt"]) for n in names
            if n in alerts}


def assert_same(before, alerts, when):
    now = snapshot(alerts, tuple(before))
    for n, (state, active) in before.items():
        check(n in now, "%s: alert %s disappeared (it was %s)" % (when, n, state))
        check(now[n][0] == state, "%s: alert %s is %s, was %s" % (
            when, n, now[n][0], state))
        check(h.parse_time_ns(now[n][1]) == h.parse_time_ns(active),
              "%s: alert %s's activeAt changed from %s to %s" % (
                  when, n, active, now[n][1]))


def rule_health(group):
    return {r.get("name"): (r.get("health"), r.get("lastError", ""))
            for r in group.get("rules", [])}


def resolved_posts(cap, name, since):
    out = []
    for recv, path, a in cap.alerts():
        if recv < since or a.get("labels", {}).get("alertname") != name:
            continue
        ends = a.get("endsAt")
        if ends and h.parse_time(ends) <= recv + 1:
            out.append(a)
    return out


def failure_counter(metrics_text):
    """The /metrics sample that counts failed rule evaluations with a value
    above 0 (Prometheus's prometheus_rule_evaluation_failures_total, or any
    *fail* counter about rules, groups or evaluations), or None."""
    for line in metrics_text.splitlines():
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not m:
            continue
        name = m.group(1).lower()
        if "fail" in name and re.search(r"rule|group|eval", name) and \
                float(m.group(3)) > 0:
            return m.group(0)
    return None


def rule_metric_lines(metrics_text):
    return [l for l in metrics_text.splitlines()
            if re.match(r"^\w*(rule|eval)\w*", l)]


def reload_failure_metric(metrics_text):
    """The /metrics sample that tells that the last reload failed, or
    None: a *reload*success* gauge at 0 or a *reload*fail* counter > 0."""
    for line in metrics_text.splitlines():
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not m or "reload" not in m.group(1).lower():
            continue
        name, v = m.group(1).lower(), float(m.group(3))
        if ("success" in name and v == 0) or ("fail" in name and v > 0):
            return m.group(0)
    return None


# --- the tests ---------------------------------------------------------------

def datasource_fault(env, mode):
    env.start()
    alerts = env.wait_states({"Firing": "firing", "Pending": "pending"})
    before = snapshot(alerts)
    g = env.group()
    check(all(hl == "ok" for hl, _ in rule_health(g).values()),
          "health before the fault is not ok: %s" % rule_health(g))
    t_fault = time.time()
    env.ds.set_mode(mode, delay=5.0)
    # Every rule of the group fails.
    wait = 10 if mode == "slow" else 6

    def all_err():
        hl = rule_health(env.group())
        return hl if all(x == "err" for x, _ in hl.values()) else None
    health = h.wait_until(all_err, wait, 0.25)
    check(health, "with the datasource %s, the rules' health did not turn "
          "\"err\" within %ds: %s" % (mode, wait, rule_health(env.group())))
    for name, (hl, err) in health.items():
        expect(err, "rule %s: health err but lastError is empty" % name)
        expect(re.search(CAUSE[mode], err or "", re.I),
               "rule %s: lastError %r does not name the cause (datasource "
               "%s; expected /%s/)" % (name, err, mode, CAUSE[mode]))
    print("    lastError: %s" % next(iter(health.values()))[1])
    g = env.group()
    if "health" in g:  # a group-level field, where offered
        expect(g["health"] == "err", "group health is %r during the fault"
               % g["health"])
    # States stay as they were, for a while; the process keeps serving.
    for _ in range(3):
        time.sleep(1)
        check(env.proc.alive(), "tocsin exited during the fault (code %s)"
              % env.proc.p.returncode)
        assert_same(before, env.alerts(), "during the fault (%s)" % mode)
    status, _ = h.http_json(env.url + "/-/healthy")
    check(status == 200, "/-/healthy answered %s during the fault" % status)
    text = env.metrics()
    expect(failure_counter(text), "/metrics counts no failed rule "
           "evaluations during the fault (no "
           "prometheus_rule_evaluation_failures_total above 0); its rule "
           "metrics: %s" % rule_metric_lines(text))
    res = resolved_posts(env.cap, "Firing", t_fault)
    check(not res, "Firing was sent as resolved during the fault: %s" % res)
    # Back to normal.
    t_back = time.time()
    env.ds.set_mode("ok")

    def all_ok():
        hl = rule_health(env.group())
        return hl if all(x == "ok" and not e for x, e in hl.values()) else None
    check(h.wait_until(all_ok, 10, 0.25),
          "health did not return to ok (with an empty lastError) within 10s "
          "of the datasource coming back: %s" % rule_health(env.group()))
    assert_same(before, env.alerts(), "after the fault")
    g1 = env.group()
    time.sleep(2.5)
    g2 = env.group()
    check(g2.get("lastEvaluation") != g1.get("lastEvaluation"),
          "evaluation does not go on after the fault (lastEvaluation stays %s)"
          % g2.get("lastEvaluation"))
    check(any(t >= t_back for t, *_ in env.ds.requests),
          "no queries reached the datasource after it came back")


def t_datasource_down(env):
    datasource_fault(env, "down")


def t_datasource_slow(env):
    datasource_fault(env, "slow")


def t_datasource_500(env):
    datasource_fault(env, "500")


def t_datasource_garbage(env):
    datasource_fault(env, "garbage")


def t_restart_mid_for(env):
    env.start()
    env.wait_states({"Firing": "firing", "Pending": "pending"})
    env.ds.set({"__name__": "fault_gauge", "kind": "mid"}, 1)
    a = env.wait_states({"Mid": "pending"}, 10)
    active = h.parse_time(a["Mid"]["activeAt"])
    active_text = a["Mid"]["activeAt"]
    print("    Mid pending since %s" % active_text)
    time.sleep(max(0.0, active + 8 - time.time()))
    env.proc.signal(signal.SIGKILL)
    env.proc.kill()
    t_kill = time.time()
    env.start()
    print("    killed at +%.1fs, ready again at +%.1fs" % (
        t_kill - active, time.time() - active))
    a = env.alerts()
    check("Mid" in a, "after the restart Mid is gone (alerts: %s)" % list(a))
    check(a["Mid"]["state"] == "pending" or time.time() >= active + 20,
          "after the restart Mid is %s, want pending" % a["Mid"]["state"])
    check(h.parse_time_ns(a["Mid"]["activeAt"]) ==
          h.parse_time_ns(active_text),
          "after the restart Mid's activeAt is %s, was %s (the `for` period "
          "started over)" % (a["Mid"]["activeAt"], active_text))
    # Pending until activeAt + 20s, firing from then on.
    while time.time() < active + 19.5:
        st = env.alerts().get("Mid", {}).get("state")
        check(st == "pending", "Mid is %s at activeAt + %.1fs, before its "
              "20s `for` ran out" % (st, time.time() - active))
        time.sleep(0.5)
    env.wait_states({"Mid": "firing"}, 5)
    sent = h.wait_until(lambda: [x for _, _, x in env.cap.alerts()
                                 if x["labels"].get("alertname") == "Mid"],
                        5, 0.2)
    check(sent, "Mid fired but was not sent to the Alertmanager")
    starts = h.parse_time(sent[0]["startsAt"])
    check(abs(starts - (active + 20)) < 0.0015,
          "Mid fired at %s = activeAt + %.3fs; without the restart it fires "
          "at activeAt + 20s" % (sent[0]["startsAt"], starts - active))


def t_restart_firing(env):
    env.start()
    a = env.wait_states({"Firing": "firing", "Pending": "pending"})
    before = snapshot(a)
    sent = h.wait_until(lambda: [x for _, _, x in env.cap.alerts()
                                 if x["labels"].get("alertname") == "Firing"],
                        5, 0.2)
    check(sent, "Firing fired but was not sent")
    starts = sent[0]["startsAt"]
    time.sleep(1.5)
    env.proc.signal(signal.SIGKILL)
    env.proc.kill()
    t_restart = time.time()
    env.start()
    a = env.alerts()
    assert_same(before, a, "right after the restart")
    end = time.time() + 5
    while time.time() < end:
        st = env.alerts().get("Firing", {}).get("state")
        check(st == "firing", "after the restart Firing is %s" % st)
        time.sleep(0.3)
    for recv, _, x in env.cap.alerts():
        if recv < t_restart or x["labels"].get("alertname") != "Firing":
            continue
        check(x["startsAt"] == starts,
              "after the restart Firing was sent with startsAt %s, first "
              "sent with %s (a new alert)" % (x["startsAt"], starts))
        check(h.parse_time(x["endsAt"]) > recv + 1,
              "after the restart Firing was sent as resolved: %s" % x)


def reload_broken(env, how):
    env.start()
    a = env.wait_states({"Firing": "firing", "Pending": "pending"})
    before = snapshot(a)
    queries = {r["name"]: r.get("query") for r in env.group()["rules"]}
    log_before = len(env.proc.log_text())
    env.write_rules(RULES_BAD_PROMQL if how == "sighup" else RULES_BAD_YAML)
    if how == "sighup":
        env.proc.signal(signal.SIGHUP)
        time.sleep(2.5)
    else:
        status, body = h.http_json(env.url + "/-/reload", data=b"",
                                   method="POST", timeout=10)
        print("    POST /-/reload (broken): %s %s" % (status, body))
        check(status >= 400, "POST /-/reload with a broken rule file "
              "answered %s, want an error status" % status)
        check("rules.yml" in str(body),
              "the reload answer does not name the broken file: %r" % body)
        time.sleep(1.5)
    check(env.proc.alive(), "tocsin exited after the broken reload (code %s)"
          % env.proc.p.returncode)
    g = env.group()
    now_q = {r["name"]: r.get("query") for r in g["rules"]}
    check(now_q == queries, "the rules changed although the new file is "
          "broken: %s, were %s" % (now_q, queries))
    assert_same(before, env.alerts(), "after the broken reload")
    t1 = env.group().get("lastEvaluation")
    time.sleep(2)
    check(env.group().get("lastEvaluation") != t1,
          "evaluation stopped after the broken reload")
    log = env.proc.log_text()[log_before:]
    expect("rules.yml" in log and re.search(r"error|fail|invalid", log, re.I),
           "the log does not report the broken rule file; it says:\n%s"
           % log[-1500:])
    m = reload_failure_metric(env.metrics())
    expect(m, "/metrics does not show the failed reload (no "
           "*reload*success* gauge at 0 nor *reload*fail* counter above 0)")
    print("    /metrics: %s" % m)
    # A fixed file loads, and unchanged rules keep their state.
    env.write_rules(RULES_ADDED)
    if how == "sighup":
        env.proc.signal(signal.SIGHUP)
    else:
        status, body = h.http_json(env.url + "/-/reload", data=b"",
                                   method="POST", timeout=10)
        check(status == 200, "POST /-/reload with a good file answered %s %s"
              % (status, body))

    def added():
        g = h.rules_of(env.url) or []
        return any(r.get("name") == "Added" for x in g
                   for r in x.get("rules", []))
    check(h.wait_until(added, 5, 0.2),
          "the fixed rule file was not loaded (no rule Added)")
    assert_same(before, env.alerts(), "after the good reload")
    m = reload_failure_metric(env.metrics())
    expect(not m, "/metrics still shows a failed reload after a good one: %s"
           % m)


def t_reload_sighup_broken(env):
    reload_broken(env, "sighup")


def t_reload_http_broken(env):
    reload_broken(env, "http")


def t_sigterm(env):
    env.start()
    a = env.wait_states({"Firing": "firing", "Pending": "pending"})
    before = snapshot(a)
    time.sleep(1.5)
    t0 = time.time()
    env.proc.signal(signal.SIGTERM)
    try:
        code = env.proc.p.wait(timeout=10)
    except Exception:
        raise Failed("tocsin did not exit within 10s of SIGTERM")
    print("    exited %s after %.2fs" % (code, time.time() - t0))
    check(code == 0, "exit code %s after SIGTERM, want 0" % code)
    env.proc.log.close()
    env.start()
    assert_same(before, env.alerts(), "after SIGTERM and a new start")


def t_sigterm_hung_datasource(env):
    env.start()
    env.wait_states({"Firing": "firing", "Pending": "pending"})
    env.ds.set_mode("slow", delay=120)
    time.sleep(2.5)  # evaluations now wait on the datasource
    t0 = time.time()
    env.proc.signal(signal.SIGTERM)
    try:
        code = env.proc.p.wait(timeout=10)
    except Exception:
        raise Failed("tocsin did not exit within 10s of SIGTERM while an "
                     "evaluation waited on the datasource")
    print("    exited %s after %.2fs" % (code, time.time() - t0))
    check(code == 0, "exit code %s after SIGTERM, want 0" % code)
    env.ds.set_mode("ok")


TESTS = [
    ("datasource_down", t_datasource_down, "2s"),
    ("datasource_slow", t_datasource_slow, "2s"),
    ("datasource_500", t_datasource_500, "2s"),
    ("datasource_garbage", t_datasource_garbage, "2s"),
    ("restart_mid_for", t_restart_mid_for, "2s"),
    ("restart_firing", t_restart_firing, "2s"),
    ("reload_sighup_broken", t_reload_sighup_broken, "2s"),
    ("reload_http_broken", t_reload_http_broken, "2s"),
    ("sigterm", t_sigterm, "2s"),
    ("sigterm_hung_datasource", t_sigterm_hung_datasource, "60s"),
]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tocsin = os.path.abspath(sys.argv[1])
    wanted = sys.argv[2:]
    unknown = set(wanted) - {n for n, _, _ in TESTS}
    if unknown:
        print("unknown tests: %s" % sorted(unknown))
        return 2
    failed = []
    for name, fn, timeout in TESTS:
        if wanted and name not in wanted:
            continue
        env = Env(tocsin, name, timeout)
        t0 = time.time()
        print("run  %s" % name, flush=True)
        del PROBLEMS[:]
        try:
            fn(env)
            if PROBLEMS:
                raise Failed("\n     ".join(PROBLEMS))
        except Failed as e:
            failed.append(name)
            if PROBLEMS and str(e) != "\n     ".join(PROBLEMS):
                e = Failed("\n     ".join(PROBLEMS + [str(e)]))
            print("FAIL %s: %s" % (name, e))
            if env.proc is not None:
                print("     tocsin log (%s):\n%s" % (
                    env.proc.log_path, h.Proc.log_tail(env.proc, 30)))
            print("     workdir: %s" % env.workdir, flush=True)
            env.close(keep=True)
            continue
        except Exception:
            env.close(keep=True)
            raise
        env.close()
        print("ok   %s (%.1fs)" % (name, time.time() - t0), flush=True)
    if failed:
        print("FAIL: %s" % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
