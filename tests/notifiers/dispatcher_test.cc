// Dispatcher and pipeline timing on a fake clock: group_wait,
// group_interval, repeat_interval, resolving, resolve_timeout, continue,
// and the group keys, as Alertmanager 0.25 behaves.

#include "notifiers/dispatcher.h"

#include <gtest/gtest.h>

#include "tests/notifiers/router_fixture.h"

namespace tocsin::notifiers::testing {
namespace {

constexpr const char* kSimple = R"(
global:
  resolve_timeout: 1h
route:
  receiver: r
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 1h
receivers:
- name: r
  webhook_configs:
  - url: http://127.0.0.1:1/hook
- name: quiet
  webhook_configs:
  - url: http://127.0.0.1:1/hook
    send_resolved: false
)";

using DispatcherTest = RouterFixture;

TEST_F(DispatcherTest, GroupWaitThenGroupInterval) {
  Start(kSimple);
  Post({MakeAlert({{"alertname", "A"}, {"instance", "1"}})});
  Advance(29.9);
  EXPECT_TRUE(Times("r").empty());
  Advance(0.1);
  ASSERT_EQ(Times("r"), (std::vector<double>{30}));
  auto first = Recorder("r")->delivered()[0];
  EXPECT_EQ(first.request.group_key, R"({}:{alertname="A"})");
  EXPECT_EQ(first.request.receiver, "r");
  EXPECT_EQ(first.Summary(),
            (std::vector<std::string>{"alertname=A,instance=1:firing"}));
  EXPECT_TRUE(IsZero(first.alerts[0]->ends_at))
      << "a firing alert goes out without its end";

  Advance(10);  // t=40: a second alert joins the group
  Post({MakeAlert({{"alertname", "A"}, {"instance", "2"}})});
  AdvanceTo(T0() + Seconds(329));
  EXPECT_EQ(Times("r").size(), 1u) << "changes wait for the group_interval";
  AdvanceTo(T0() + Seconds(330));
  ASSERT_EQ(Times("r"), (std::vector<double>{30, 330}));
  EXPECT_EQ(Recorder("r")->delivered()[1].Summary(),
            (std::vector<std::string>{"alertname=A,instance=1:firing",
                                      "alertname=A,instance=2:firing"}));
  AdvanceTo(T0() + Seconds(1000));
  EXPECT_EQ(Times("r").size(), 2u) << "nothing new: deduplicated";
}

// The store can hand the dispatcher the versions of an alert out of order
// when alerts are posted on several connections at once.
TEST_F(DispatcherTest, AGroupKeepsTheNewerVersionOfAnAlert) {
  Start(kSimple);
  auto version = [](uint64_t v, Time ends) {
    Alert a = MakeAlert({{"alertname", "A"}}, T0(), ends);
    a.ComputeFingerprint();
    a.version = v;
    return std::make_shared<const Alert>(std::move(a));
  };
  auto dispatcher = router_->dispatcher();
  dispatcher->OnAlerts({version(2, T0() + Seconds(600))});
  dispatcher->OnAlerts({version(1, T0() + Seconds(60))});
  auto groups = dispatcher->Groups();
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].alerts.size(), 1u);
  EXPECT_EQ(groups[0].alerts[0]->version, 2u);
  dispatcher->OnAlerts({version(3, T0() + Seconds(60))});
  EXPECT_EQ(dispatcher->Groups()[0].alerts[0]->version, 3u);
}

TEST_F(DispatcherTest, OldAlertFlushesAtOnce) {
  Start(kSimple);
  Post({MakeAlert({{"alertname", "A"}}, T0() - Seconds(3600))});
  scheduler_.RunDue();
  EXPECT_EQ(Times("r"), (std::vector<double>{0}));
}

TEST_F(DispatcherTest, RepeatIntervalResendsUnchangedGroups) {
  Start(R"(
global: {resolve_timeout: 1h}
route:
  receiver: r
  group_wait: 30s
  group_interval: 1m
  repeat_interval: 3m
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)");
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(600));
  // Sent at 30; an entry older than repeat_interval (strictly) is re-sent:
  // at 270 (30 < 270-180), then 510.
  EXPECT_EQ(Times("r"), (std::vector<double>{30, 270, 510}));
}

TEST_F(DispatcherTest, ResolvedAlertsAreSentThenLeaveTheGroup) {
  Start(kSimple);
  Post({MakeAlert({{"alertname", "A"}})});
  Advance(60);
  Post({MakeAlert({{"alertname", "A"}}, kZeroTime, T0() + Seconds(60))});
  AdvanceTo(T0() + Seconds(330));
  ASSERT_EQ(Times("r"), (std::vector<double>{30, 330}));
  EXPECT_EQ(Recorder("r")->delivered()[1].Summary(),
            (std::vector<std::string>{"alertname=A:resolved"}));
  auto groups = router_->dispatcher()->Groups();
  EXPECT_TRUE(groups.empty()) << "the resolved alert left the group";
  AdvanceTo(T0() + Seconds(360));  // the 30s cleanup removes the group
  EXPECT_EQ(router_->dispatcher()->group_count(), 0u);
  AdvanceTo(T0() + Seconds(2000));
  EXPECT_EQ(Times("r").size(), 2u);
}

TEST_F(DispatcherTest, SendResolvedFalseSendsNothingOnResolve) {
  Start(R"(
global: {resolve_timeout: 1h}
route:
  receiver: quiet
  group_wait: 30s
  group_interval: 5m
receivers:
- name: quiet
  slack_configs: [{api_url: 'http://127.0.0.1:1/'}]
)");
  Post({MakeAlert({{"alertname", "A"}})});
  Advance(60);
  Post({MakeAlert({{"alertname", "A"}}, kZeroTime, T0() + Seconds(60))});
  AdvanceTo(T0() + Seconds(1000));
  EXPECT_EQ(Times("quiet"), (std::vector<double>{30}));
  // The resolution was still logged, so the group is settled.
  auto entries = router_->nflog().List();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].firing_alerts.empty());
  EXPECT_EQ(entries[0].resolved_alerts.size(), 1u);
}

TEST_F(DispatcherTest, ResolveTimeoutResolvesAlertsWithoutEnd) {
  Start(R"(
global: {resolve_timeout: 5m}
route:
  receiver: r
  group_wait: 30s
  group_interval: 5m
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)");
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(330));
  ASSERT_EQ(Times("r"), (std::vector<double>{30, 330}));
  auto resolved = Recorder("r")->delivered()[1];
  EXPECT_EQ(resolved.Summary(),
            (std::vector<std::string>{"alertname=A:resolved"}));
  EXPECT_EQ(resolved.alerts[0]->ends_at, T0() + Seconds(300));
}

TEST_F(DispatcherTest, ReSentAlertsStayFiring) {
  Start(R"(
global: {resolve_timeout: 5m}
route:
  receiver: r
  group_wait: 30s
  group_interval: 5m
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)");
  // Prometheus re-sends every minute with a fresh endsAt.
  for (int t = 0; t <= 900; t += 60) {
    AdvanceTo(T0() + Seconds(t));
    Alert a = MakeAlert({{"alertname", "A"}}, T0(), T0() + Seconds(t + 240));
    Post({a});
  }
  AdvanceTo(T0() + Seconds(960));
  EXPECT_EQ(Times("r"), (std::vector<double>{30}));
}

constexpr const char* kSeed = R"(
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
    slack_configs: [{channel: '#sergas-alerts'}]
  - name: 'pagerduty-critical'
    pagerduty_configs: [{service_key: 'KEY'}]
  - name: 'slack-critical'
    slack_configs: [{channel: '#sergas-critical'}]
  - name: 'slack-warning'
    slack_configs: [{channel: '#sergas-warnings'}]
inhibit_rules:
  - source_match:
      severity: 'critical'
    target_match:
      severity: 'warning'
    equal: ['alertname', 'instance']
)";

TEST_F(DispatcherTest, ContinueSendsToEveryMatchingRoute) {
  Start(kSeed);
  Post({MakeAlert({{"alertname", "HighErrorRate"},
                   {"severity", "critical"},
                   {"team", "backend"}})});
  Advance(10);
  EXPECT_EQ(Times("pagerduty-critical"), (std::vector<double>{10}));
  EXPECT_EQ(Times("slack-critical"), (std::vector<double>{10}));
  EXPECT_TRUE(Times("slack-warning").empty());
  EXPECT_TRUE(Times("default").empty());
  EXPECT_EQ(Recorder("pagerduty-critical")->delivered()[0].request.group_key,
            R"({}/{severity="critical"}:{alertname="HighErrorRate", )"
            R"(severity="critical"})");
  EXPECT_EQ(router_->dispatcher()->group_count(), 2u);
  Post({MakeAlert({{"alertname", "Other"}})});
  Advance(10);
  EXPECT_EQ(Times("default"), (std::vector<double>{20}));
  EXPECT_EQ(Recorder("default")->delivered()[0].request.group_key,
            R"({}:{alertname="Other"})");
}

TEST_F(DispatcherTest, GroupByAllAndGroupKeysSortAsFormatted) {
  Start(R"(
route:
  receiver: r
  group_by: ['...']
  group_wait: 1s
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)");
  Post({MakeAlert({{"a", "x"}, {"a1", "y"}, {"b", "q\"uote"}})});
  Post({MakeAlert({{"a", "x"}, {"a1", "z"}})});
  Advance(1);
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 2u);
  std::vector<std::string> keys = {d[0].request.group_key,
                                   d[1].request.group_key};
  std::sort(keys.begin(), keys.end());
  // Pairs sort as formatted strings: a1="..." before a="...".
  EXPECT_EQ(keys[0], R"({}:{a1="y", a="x", b="q\"uote"})");
  EXPECT_EQ(keys[1], R"({}:{a1="z", a="x"})");
}

}  // namespace
}  // namespace tocsin::notifiers::testing
