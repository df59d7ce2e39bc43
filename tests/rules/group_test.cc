// Group: evaluation order, writes, staleness markers, health and the
// evaluation slot, against a real engine and storage.

#include "rules/group.h"

#include <gtest/gtest.h>

#include <cmath>

#include "promql/engine.h"
#include "promql/series_file.h"
#include "promql/xxhash64.h"
#include "rules/loader.h"
#include "rules/rule_file.h"
#include "rules/unit_test_storage.h"

namespace tocsin::rules {
namespace group_test {

constexpr int64_t kMin = 60 * 1000;

class GroupTest : public ::testing::Test {
 protected:
  void Load(std::string_view series, std::string_view rules) {
    auto input = std::make_unique<promql::MemoryStorage>();
    ASSERT_TRUE(promql::LoadSeriesText(series, "series", input.get()).ok());
    storage_ = std::make_unique<UnitTestStorage>(std::move(input));
    options_.query = EngineQueryFunc(engine_, *storage_);
    options_.appender = storage_.get();
    options_.notify = [this](const std::string& expr, std::vector<Alert> a) {
      notified_.emplace_back(expr, std::move(a));
    };
    RuleFileResult f = ParseRuleFile(rules, "rules.yml");
    ASSERT_TRUE(f.ok()) << f.errors[0];
    groups_ = BuildGroups(f.file, LoadOptions(), &options_);
  }

  void EvalAll(int64_t ts) {
    storage_->SetVisibleUntil(ts);
    for (auto& g : groups_) g->Eval(ts);
  }

  // The value of `expr` at `ts`, as one number ("none" when empty).
  std::string Query(std::string_view expr, int64_t ts) {
    storage_->SetVisibleUntil(ts);
    auto r = engine_.Instant(*storage_, expr, ts);
    if (!r.ok()) return "error: " + r.status().message();
    const auto& v = std::get<promql::Vector>(*r);
    if (v.empty()) return "none";
    std::string out;
    for (const auto& s : v) {
      if (!out.empty()) out += " ";
      out += s.metric.ToString() + "=" + std::to_string(static_cast<int>(s.v));
    }
    return out;
  }

  promql::Engine engine_;
  std::unique_ptr<UnitTestStorage> storage_;
  GroupOptions options_;
  std::vector<std::unique_ptr<Group>> groups_;
  std::vector<std::pair<std::string, std::vector<Alert>>> notified_;
};

TEST_F(GroupTest, RecordedSeriesFeedLaterRulesAtTheSameTime) {
  Load(
      "load 1m\n  up{job=\"a\",instance=\"1\"} 0 0 1\n"
      "  up{job=\"a\",instance=\"2\"} 0 1 1\n",
      R"(groups:
  - name: g
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: JobDown
        expr: job:up:sum == 0
)");
  EvalAll(0);
  auto* alert = static_cast<AlertingRule*>(groups_[0]->rules()[1].get());
  ASSERT_EQ(alert->ActiveAlerts().size(), 1u);
  EXPECT_EQ(alert->ActiveAlerts()[0].labels.ToString(),
            "{alertname=\"JobDown\", job=\"a\"}");
  EXPECT_EQ(Query("job:up:sum", 0), "{__name__=\"job:up:sum\", job=\"a\"}=0");
  EXPECT_EQ(Query("ALERTS", 0),
            "{__name__=\"ALERTS\", alertname=\"JobDown\", "
            "alertstate=\"firing\", job=\"a\"}=1");
  EvalAll(kMin);
  EXPECT_TRUE(alert->ActiveAlerts().empty());
  EXPECT_EQ(alert->CurrentAlerts().size(), 1u);
  // The resolved alert's series got a staleness marker.
  EXPECT_EQ(Query("ALERTS", kMin), "none");
  EXPECT_EQ(Query("count_over_time(ALERTS[5m])", kMin),
            "{alertname=\"JobDown\", alertstate=\"firing\", job=\"a\"}=1");
  // Notifications: firing at 0, resolved at 1m.
  ASSERT_EQ(notified_.size(), 2u);
  EXPECT_EQ(notified_[0].first, "job:up:sum == 0");
  ASSERT_EQ(notified_[0].second.size(), 1u);
  EXPECT_EQ(notified_[0].second[0].state, AlertState::kFiring);
  ASSERT_EQ(notified_[1].second.size(), 1u);
  EXPECT_EQ(notified_[1].second[0].state, AlertState::kInactive);
}

TEST_F(GroupTest, VanishedRecordedSeriesAreMarkedStale) {
  Load("load 1m\n  x{a=\"1\"} 1\n  x{a=\"2\"} 1x10\n",
       R"(groups:
  - name: g
    rules:
      - record: y
        expr: x
)");
  for (int64_t ts = 0; ts <= 6 * kMin; ts += kMin) EvalAll(ts);
  // x{a="1"} left the lookback window at 6m: y{a="1"} got a marker then.
  EXPECT_EQ(Query("y", 6 * kMin), "{__name__=\"y\", a=\"2\"}=1");
  EXPECT_EQ(Query("y{a=\"1\"}", 6 * kMin - 1), "{__name__=\"y\", a=\"1\"}=1");
  EXPECT_EQ(Query("count_over_time(y{a=\"1\"}[10m])", 6 * kMin), "{a=\"1\"}=6");
}

TEST_F(GroupTest, HealthAndLastError) {
  Load("load 1m\n  x{a=\"1\",b=\"1\"} 1\n  x{a=\"1\",b=\"2\"} 1\n",
       R"(groups:
  - name: g
    rules:
      - record: bad
        expr: sum without (b) (x) + on(a) group_left x
      - record: good
        expr: count(x)
)");
  const Rule& bad = *groups_[0]->rules()[0];
  const Rule& good = *groups_[0]->rules()[1];
  EXPECT_EQ(bad.health(), RuleHealth::kUnknown);
  EvalAll(0);
  EXPECT_EQ(RuleHealthName(bad.health()), std::string("err"));
  EXPECT_FALSE(bad.last_error().ok());
  EXPECT_EQ(RuleHealthName(good.health()), std::string("ok"));
  EXPECT_TRUE(good.last_error().ok());
  EXPECT_EQ(Query("good", 0), "{__name__=\"good\"}=2");
}

TEST_F(GroupTest, RecordingLimit) {
  Load("load 1m\n  x{a=\"1\"} 1\n  x{a=\"2\"} 1\n  x{a=\"3\"} 1\n",
       R"(groups:
  - name: g
    limit: 2
    rules:
      - record: y
        expr: x
)");
  EvalAll(0);
  const Rule& r = *groups_[0]->rules()[0];
  EXPECT_EQ(r.last_error().message(), "exceeded limit of 2 with 3 series");
  EXPECT_EQ(Query("y", 0), "none");
}

TEST_F(GroupTest, DuplicateSeriesFromTwoRules) {
  Load("load 1m\n  x 1\n",
       R"(groups:
  - name: g
    rules:
      - record: y
        expr: x
      - record: y
        expr: x
      - record: y
        expr: x * 2
)");
  EvalAll(0);
  EXPECT_TRUE(groups_[0]->rules()[1]->last_error().ok());  // same value
  EXPECT_EQ(groups_[0]->rules()[2]->last_error().message(),
            "duplicate sample for timestamp");
}

TEST(GroupSlot, OffsetWithinTheInterval) {
  GroupOptions o;
  Group g("sergas_critical", "alerts.yml", 30000, 0, {}, &o);
  const int64_t interval_ns = 30000LL * 1000000;
  const uint64_t expected_offset =
      promql::XXHash64(std::string("file\xff") + "alerts.yml\xff" + "name\xff" +
                       "sergas_critical\xff") %
      static_cast<uint64_t>(interval_ns);
  EXPECT_EQ(g.Hash(),
            promql::PrometheusLabelsHash(promql::Labels{
                {"name", "sergas_critical"}, {"file", "alerts.yml"}}));
  for (int64_t now :
       {1700000000000000000LL, 1700000000123456789LL, 1700000029999999999LL}) {
    int64_t slot = g.EvalTimestampNs(now);
    EXPECT_LE(slot, now);
    EXPECT_GT(slot, now - interval_ns);
    EXPECT_EQ(static_cast<uint64_t>(slot % interval_ns), expected_offset);
  }
}

}  // namespace group_test
}  // namespace tocsin::rules
