// The notification pipeline on a fake clock: inhibition, silences, time
// intervals, dedup, retries with backoff, and failing receivers.

#include "notifiers/pipeline.h"

#include <gtest/gtest.h>

#include "tests/notifiers/router_fixture.h"

namespace tocsin::notifiers::testing {
namespace {

using PipelineTest = RouterFixture;

constexpr const char* kInhibit = R"(
global: {resolve_timeout: 1h}
route:
  receiver: r
  group_by: [alertname, severity]
  group_wait: 10s
  group_interval: 10s
  routes:
  - matchers: [severity="warning"]
    receiver: warn
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
- name: warn
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname, instance]
)";

TEST_F(PipelineTest, InhibitionWhileTheSourceFires) {
  Start(kInhibit);
  Post({MakeAlert(
            {{"alertname", "X"}, {"severity", "critical"}, {"instance", "1"}}),
        MakeAlert(
            {{"alertname", "X"}, {"severity", "warning"}, {"instance", "1"}}),
        MakeAlert(
            {{"alertname", "X"}, {"severity", "warning"}, {"instance", "2"}})});
  Advance(10);
  ASSERT_EQ(Times("warn"), (std::vector<double>{10}));
  EXPECT_EQ(Recorder("warn")->delivered()[0].Summary(),
            (std::vector<std::string>{
                "alertname=X,instance=2,severity=warning:firing"}))
      << "only the warning without a critical twin goes out";
  auto fp = LabelsFingerprint(promql::Labels{
      {"alertname", "X"}, {"severity", "warning"}, {"instance", "1"}});
  AlertStatus st = router_->marker().Status(fp);
  EXPECT_EQ(st.state, AlertState::kSuppressed);
  ASSERT_EQ(st.inhibited_by.size(), 1u);

  // The source resolves at 15s: at the next flush the warning goes out.
  Advance(5);
  Post({MakeAlert(
      {{"alertname", "X"}, {"severity", "critical"}, {"instance", "1"}},
      kZeroTime, T0() + Seconds(15))});
  Advance(5);
  ASSERT_EQ(Times("warn"), (std::vector<double>{10, 20}));
  EXPECT_EQ(Recorder("warn")->delivered()[1].Summary(),
            (std::vector<std::string>{
                "alertname=X,instance=1,severity=warning:firing",
                "alertname=X,instance=2,severity=warning:firing"}));
  EXPECT_EQ(router_->marker().Status(fp).state, AlertState::kActive);
}

TEST_F(PipelineTest, InhibitionEqualLabelsCompareMissingAsEmpty) {
  Start(kInhibit);
  Post({MakeAlert({{"alertname", "X"}, {"severity", "critical"}}),
        MakeAlert({{"alertname", "X"}, {"severity", "warning"}}),
        MakeAlert(
            {{"alertname", "Y"}, {"severity", "critical"}, {"instance", "1"}}),
        MakeAlert({{"alertname", "Y"}, {"severity", "warning"}})});
  Advance(10);
  // X: both lack `instance`, so they are equal and the warning is muted.
  // Y: "1" differs from missing, so its warning goes out.
  auto d = Recorder("warn")->delivered();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].Summary(),
            (std::vector<std::string>{"alertname=Y,severity=warning:firing"}));
}

TEST_F(PipelineTest, AlertsMatchingBothSidesDoNotInhibitEachOther) {
  Start(R"(
global: {resolve_timeout: 1h}
route:
  receiver: r
  group_wait: 10s
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
inhibit_rules:
- source_matchers: [team="a"]
  target_matchers: [team="a"]
)");
  Post({MakeAlert({{"alertname", "X"}, {"team", "a"}}),
        MakeAlert({{"alertname", "Y"}, {"team", "a"}})});
  Advance(10);
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].alerts.size(), 2u);
}

constexpr const char* kPlain = R"(
global: {resolve_timeout: 2h}
route:
  receiver: r
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)";

Silence MakeSilence(std::vector<SilenceMatcher> ms, Time start, Time end) {
  Silence s;
  s.matchers = std::move(ms);
  s.starts_at = start;
  s.ends_at = end;
  s.created_by = "test";
  s.comment = "maintenance";
  return s;
}

TEST_F(PipelineTest, SilencesMuteUntilTheyEnd) {
  Start(kPlain);
  auto id = router_->silences().Set(MakeSilence(
      {{MatchType::kEqual, "alertname", "A"}}, T0(), T0() + Seconds(3600)));
  ASSERT_TRUE(id.ok()) << id.status().message();
  Post({MakeAlert({{"alertname", "A"}}), MakeAlert({{"alertname", "B"}})});
  AdvanceTo(T0() + Seconds(30));
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].request.group_key, R"({}:{alertname="B"})");
  AlertStatus st = router_->marker().Status(
      LabelsFingerprint(promql::Labels{{"alertname", "A"}}));
  EXPECT_EQ(st.state, AlertState::kSuppressed);
  EXPECT_EQ(st.silenced_by, (std::vector<std::string>{*id}));
  // The silence ends at 3600; the next flush after it (3630) sends A.
  AdvanceTo(T0() + Seconds(3629));
  EXPECT_EQ(Recorder("r")->delivered().size(), 1u);
  AdvanceTo(T0() + Seconds(3630));
  d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].request.group_key, R"({}:{alertname="A"})");
}

TEST_F(PipelineTest, ExpiringASilenceUnmutesAtTheNextFlush) {
  Start(kPlain);
  auto id = router_->silences().Set(
      MakeSilence({{MatchType::kRegexMatch, "alertname", "A|C"}}, T0(),
                  T0() + Seconds(86400)));
  ASSERT_TRUE(id.ok());
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(100));
  EXPECT_TRUE(Times("r").empty());
  ASSERT_TRUE(router_->silences().Expire(*id).ok());
  AdvanceTo(T0() + Seconds(330));
  EXPECT_EQ(Times("r"), (std::vector<double>{330}));
}

TEST_F(PipelineTest, PendingSilencesDoNotMute) {
  Start(kPlain);
  auto id = router_->silences().Set(
      MakeSilence({{MatchType::kEqual, "alertname", "A"}}, T0() + Seconds(600),
                  T0() + Seconds(7200)));
  ASSERT_TRUE(id.ok());
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(30));
  EXPECT_EQ(Times("r"), (std::vector<double>{30}));
  AlertStatus st = router_->marker().Status(
      LabelsFingerprint(promql::Labels{{"alertname", "A"}}));
  EXPECT_EQ(st.state, AlertState::kActive);
  EXPECT_EQ(st.pending_silences, (std::vector<std::string>{*id}));
}

TEST_F(PipelineTest, MuteAndActiveTimeIntervals) {
  // T0 is Wednesday 12:00 UTC.
  Start(R"(
global: {resolve_timeout: 2h}
route:
  receiver: r
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  routes:
  - matchers: [alertname="Lunch"]
    receiver: r
    mute_time_intervals: [lunch]
  - matchers: [alertname="Office"]
    receiver: r
    active_time_intervals: [afternoon]
  - matchers: [alertname="Weekend"]
    receiver: r
    mute_time_intervals: [weekdays]
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
time_intervals:
- name: lunch
  time_intervals:
  - times: [{start_time: '12:00', end_time: '13:00'}]
- name: afternoon
  time_intervals:
  - times: [{start_time: '13:00', end_time: '18:00'}]
    weekdays: ['monday:friday']
mute_time_intervals:
- name: weekdays
  time_intervals:
  - weekdays: ['monday:friday']
)");
  Post({MakeAlert({{"alertname", "Lunch"}}),
        MakeAlert({{"alertname", "Office"}}),
        MakeAlert({{"alertname", "Weekend"}})});
  AdvanceTo(T0() + Seconds(3330));  // 12:55:30
  EXPECT_TRUE(Times("r").empty());
  AdvanceTo(T0() + Seconds(3630));  // 13:00:30
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 2u);
  std::vector<std::string> keys = {d[0].request.group_key,
                                   d[1].request.group_key};
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys[0], R"({}/{alertname="Lunch"}:{alertname="Lunch"})");
  EXPECT_EQ(keys[1], R"({}/{alertname="Office"}:{alertname="Office"})");
}

TEST_F(PipelineTest, DedupSendsOnlyWhatChanged) {
  Start(kPlain);
  Post({MakeAlert({{"alertname", "A"}, {"i", "1"}})});
  AdvanceTo(T0() + Seconds(30));
  // The same alert re-posted: nothing new at the next flush.
  Post({MakeAlert({{"alertname", "A"}, {"i", "1"}})});
  AdvanceTo(T0() + Seconds(330));
  EXPECT_EQ(Times("r"), (std::vector<double>{30}));
  // A new firing alert is news.
  Post({MakeAlert({{"alertname", "A"}, {"i", "2"}})});
  AdvanceTo(T0() + Seconds(630));
  EXPECT_EQ(Times("r"), (std::vector<double>{30, 630}));
  // One of them resolves: news for a receiver that sends resolved alerts.
  Post({MakeAlert({{"alertname", "A"}, {"i", "1"}}, kZeroTime,
                  T0() + Seconds(700))});
  AdvanceTo(T0() + Seconds(930));
  EXPECT_EQ(Times("r"), (std::vector<double>{30, 630, 930}));
  auto last = Recorder("r")->delivered().back();
  EXPECT_EQ(last.Summary(),
            (std::vector<std::string>{"alertname=A,i=1:resolved",
                                      "alertname=A,i=2:firing"}));
  AdvanceTo(T0() + Seconds(1230));
  EXPECT_EQ(Times("r").size(), 3u);
  auto entry =
      router_->nflog().Query(R"({}:{alertname="A"})", {"r", "webhook", 0});
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->firing_alerts.size(), 1u);
  // The entry is what was last delivered: i=2 firing, i=1 resolved.
  EXPECT_EQ(entry->resolved_alerts.size(), 1u);
}

TEST_F(PipelineTest, RetriesWithExponentialBackoff) {
  Start(kPlain);
  Recorder("r")->Script({NotifyResult::Retry(Status::Unavailable("503")),
                         NotifyResult::Retry(Status::Unavailable("503")),
                         NotifyResult::Retry(Status::Unavailable("503"))});
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(40));
  auto calls = Recorder("r")->calls();
  ASSERT_EQ(calls.size(), 4u);
  // 0.5s, then 0.75s, then 1.125s between attempts.
  EXPECT_DOUBLE_EQ(At(calls[0]), 30);
  EXPECT_DOUBLE_EQ(At(calls[1]), 30.5);
  EXPECT_DOUBLE_EQ(At(calls[2]), 31.25);
  EXPECT_DOUBLE_EQ(At(calls[3]), 32.375);
  EXPECT_TRUE(calls[3].succeeded);
  EXPECT_EQ(router_->metrics().For("webhook").requests_failed, 3u);
  AdvanceTo(T0() + Seconds(330));
  EXPECT_EQ(Recorder("r")->calls().size(), 4u) << "delivered: deduplicated";
}

TEST_F(PipelineTest, UnrecoverableErrorsAreNotRetriedWithinAFlush) {
  Start(kPlain);
  Recorder("r")->Script({NotifyResult::Fail(Status::InvalidArgument("400"))});
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(329));
  EXPECT_EQ(Recorder("r")->calls().size(), 1u);
  AdvanceTo(T0() + Seconds(330));
  auto calls = Recorder("r")->calls();
  ASSERT_EQ(calls.size(), 2u) << "the next flush tries again";
  EXPECT_TRUE(calls[1].succeeded);
}

TEST_F(PipelineTest, AFailingReceiverDoesNotHoldOthersUp) {
  Start(R"(
global: {resolve_timeout: 2h}
route:
  receiver: ok
  group_wait: 30s
  group_interval: 1m
  routes:
  - receiver: broken
    continue: true
  - receiver: ok
receivers:
- name: ok
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
- name: broken
  webhook_configs: [{url: 'http://127.0.0.1:1/'}]
)");
  Recorder("broken")->FailAlways(true);
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(30));
  EXPECT_EQ(Times("ok"), (std::vector<double>{30}));
  AdvanceTo(T0() + Seconds(89));
  // Retries until the deadline (group_interval after the flush).
  auto calls = Recorder("broken")->calls();
  ASSERT_GT(calls.size(), 5u);
  EXPECT_LT(At(calls.back()), 90);
  for (const auto& c : calls) EXPECT_FALSE(c.succeeded);
  Recorder("broken")->FailAlways(false);
  AdvanceTo(T0() + Seconds(95));
  EXPECT_TRUE(Recorder("broken")->delivered().size() == 1u);
  EXPECT_EQ(Times("ok"), (std::vector<double>{30}));
}

TEST_F(PipelineTest, AFailedFlushKeepsResolvedAlertsForTheNextOne) {
  Start(kPlain);
  Post({MakeAlert({{"alertname", "A"}})});
  AdvanceTo(T0() + Seconds(30));
  Post({MakeAlert({{"alertname", "A"}}, kZeroTime, T0() + Seconds(40))});
  Recorder("r")->Script({NotifyResult::Fail(Status::InvalidArgument("400"))});
  AdvanceTo(T0() + Seconds(330));
  EXPECT_EQ(router_->dispatcher()->Groups().size(), 1u);
  AdvanceTo(T0() + Seconds(630));
  auto d = Recorder("r")->delivered();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].Summary(), (std::vector<std::string>{"alertname=A:resolved"}));
  EXPECT_TRUE(router_->dispatcher()->Groups().empty());
}

}  // namespace
}  // namespace tocsin::notifiers::testing
