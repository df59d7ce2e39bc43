#include "engine/group_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "engine/alert_state_store.h"
#include "engine/rule_output_store.h"
#include "promql/memory_storage.h"
#include "rules/alerting_rule.h"

namespace tocsin::engine {
namespace group_runner_test {

constexpr const char* kRules = R"(
groups:
  - name: errors
    interval: 30s
    rules:
      - record: job:errors:sum
        expr: sum by (job) (errors)
      - alert: Errors
        expr: job:errors:sum > 0
        for: 1m
        labels: {severity: page}
        annotations: {summary: "{{ $labels.job }}: {{ $value }} errors"}
      - alert: ErrorsAlertSeen
        expr: ALERTS{alertname="Errors"}
      - alert: RawErrors
        expr: errors > 0
        for: 1m
)";

// Minutes 0-4 without errors, then errors.
std::unique_ptr<promql::MemoryStorage> Recording() {
  auto s = std::make_unique<promql::MemoryStorage>();
  for (int64_t t = 0; t <= 3600; t += 15) {
    EXPECT_TRUE(s->Append({{"__name__", "errors"}, {"job", "api"}}, t * 1000,
                          t < 300 ? 0 : 3)
                    .ok());
  }
  s->Seal();
  return s;
}

class GroupRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tocsin_runner_test_" + std::to_string(::getpid()));
    recording_ = Recording();
    names_ = std::make_shared<LocalNames>(
        LocalNames{"job:errors:sum", "ALERTS", "ALERTS_FOR_STATE"});
    data_.recording = recording_.get();
    data_.outputs = &outputs_;
    data_.engine = &engine_;
    data_.local_names = [this] { return names_; };
    store_ = std::make_unique<AlertStateStore>(dir_.string());
    ASSERT_TRUE(store_->Open().ok());
    shared_.data = &data_;
    shared_.state_store = store_.get();
    shared_.engine = &engine_;
    shared_.appender = &outputs_;
    shared_.external_url = "http://tocsin:9099";
    shared_.notify = [this](const std::string& expr,
                            std::vector<rules::Alert> alerts) {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& a : alerts) sent_.emplace_back(expr, std::move(a));
    };
    auto parsed = rules::ParseRuleFile(kRules, "errors.yml");
    ASSERT_TRUE(parsed.ok()) << parsed.errors[0];
    spec_ = parsed.file.groups[0];
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<GroupRunner> NewRunner() {
    return std::make_unique<GroupRunner>(spec_, "errors.yml", 60000,
                                         rules::LoadOptions{}, &shared_);
  }

  static std::vector<rules::Alert> Alerts(const GroupRunner& r, size_t rule) {
    return r.WithGroup([&](const rules::Group& g) {
      return static_cast<const rules::AlertingRule&>(*g.rules()[rule])
          .ActiveAlerts();
    });
  }

  std::filesystem::path dir_;
  std::unique_ptr<promql::MemoryStorage> recording_;
  std::shared_ptr<const LocalNames> names_;
  RuleOutputStore outputs_{3600 * 1000};
  promql::Engine engine_;
  RuleDataShared data_;
  std::unique_ptr<AlertStateStore> store_;
  GroupRunnerShared shared_;
  rules::GroupSpec spec_;
  std::mutex mu_;
  std::vector<std::pair<std::string, rules::Alert>> sent_;
};

TEST_F(GroupRunnerTest, EvaluatesRulesInOrderOverDatasourceAndOwnOutputs) {
  auto runner = NewRunner();
  runner->EvaluateAt(270000);
  EXPECT_TRUE(Alerts(*runner, 1).empty());
  runner->EvaluateAt(300000);
  auto alerts = Alerts(*runner, 1);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state, rules::AlertState::kPending);
  EXPECT_EQ(alerts[0].labels.ToString(),
            "{alertname=\"Errors\", job=\"api\", severity=\"page\"}");
  EXPECT_EQ(alerts[0].annotations[0].value, "api: 3 errors");
  // ALERTS written by the alerting rule is read by the next rule at the
  // same evaluation.
  ASSERT_EQ(Alerts(*runner, 2).size(), 1u);
  for (const auto& [expr, a] : sent_) {
    EXPECT_NE(expr, "job:errors:sum > 0");  // pending alerts are not sent
  }
  runner->EvaluateAt(330000);
  runner->EvaluateAt(360000);
  alerts = Alerts(*runner, 1);
  EXPECT_EQ(alerts[0].state, rules::AlertState::kFiring);
  EXPECT_EQ(alerts[0].fired_at, 360000);
  auto sent = std::find_if(sent_.begin(), sent_.end(), [](const auto& s) {
    return s.first == "job:errors:sum > 0";
  });
  ASSERT_NE(sent, sent_.end());
  EXPECT_EQ(sent->second.fired_at, 360000);
  EXPECT_EQ(sent->second.valid_until, 360000 + 4 * 60000);
  EXPECT_EQ(runner->stats().evaluations, 16u);
  EXPECT_EQ(runner->stats().failures, 0u);
  EXPECT_EQ(runner->stats().last_evaluation_ms, 360000);
}

TEST_F(GroupRunnerTest, StateSurvivesARestart) {
  {
    auto runner = NewRunner();
    runner->EvaluateAt(300000);
    runner->EvaluateAt(330000);  // pending since 300s
  }
  auto saved = store_->Load("errors.yml", "errors");
  ASSERT_TRUE(saved.ok());
  ASSERT_TRUE(saved->has_value());
  EXPECT_EQ((*saved)->evaluated_at_ms, 330000);

  // A new process: the alert fires at 360s, as without the restart.
  auto restarted = NewRunner();
  // The replay clock is far from 330s here: a generous tolerance.
  EXPECT_EQ(restarted->Restore(INT64_MAX / 2), 3u);
  auto alerts = Alerts(*restarted, 1);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].active_at, 300000);
  restarted->EvaluateAt(360000);
  alerts = Alerts(*restarted, 1);
  EXPECT_EQ(alerts[0].state, rules::AlertState::kFiring);
  EXPECT_EQ(alerts[0].fired_at, 360000);

  // A state older than the outage tolerance is not restored.
  auto late = NewRunner();
  EXPECT_EQ(late->Restore(1000), 0u);
  EXPECT_TRUE(Alerts(*late, 1).empty());
}

TEST_F(GroupRunnerTest, AFailingDatasourceKeepsAlertStates) {
  auto runner = NewRunner();
  runner->EvaluateAt(300000);
  runner->EvaluateAt(330000);
  // A selector the recording cannot serve: the datasource fails.
  struct Failing : promql::Queryable {
    Result<promql::SeriesSet> Select(std::span<const promql::Matcher>, int64_t,
                                     int64_t) override {
      return Status::Unavailable("connection refused");
    }
  } failing;
  data_.recording = &failing;
  runner->EvaluateAt(360000);
  runner->WithGroup([](const rules::Group& g) {
    EXPECT_EQ(g.rules()[0]->health(), rules::RuleHealth::kBad);
    EXPECT_EQ(g.rules()[0]->last_error().message(),
              "expanding series: connection refused");
    EXPECT_EQ(g.rules()[3]->health(), rules::RuleHealth::kBad);
  });
  // The alert that reads the datasource stays pending as it was.
  auto alerts = Alerts(*runner, 3);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state, rules::AlertState::kPending);
  EXPECT_EQ(alerts[0].active_at, 300000);
  EXPECT_GE(runner->stats().failures, 1u);
  data_.recording = recording_.get();
  runner->EvaluateAt(390000);
  EXPECT_EQ(Alerts(*runner, 3)[0].state, rules::AlertState::kFiring);
}

TEST_F(GroupRunnerTest, RunsAtPrometheusSlotTimesOnTheReplayClock) {
  // 30s groups replayed 600 times faster: a slot every 50 ms.
  shared_.clock = EvalClock::Replay(600000, 600);
  auto runner = NewRunner();
  runner->Start();
  for (int i = 0; i < 200 && runner->stats().iterations < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  runner->Stop();
  ASSERT_GE(runner->stats().iterations, 6u);
  const int64_t last = runner->stats().last_evaluation_ms;
  const int64_t slot = runner->WithGroup([&](const rules::Group& g) {
    // The slot in nanoseconds, truncated to milliseconds as evaluated.
    return g.EvalTimestampNs(last * 1000000 + 999999) / 1000000;
  });
  EXPECT_EQ(last, slot);  // evaluated exactly at a slot
  EXPECT_GT(last, 600000);
  EXPECT_EQ(runner->stats().iterations,
            runner->stats().evaluations / 4 + runner->stats().missed);
}

}  // namespace group_runner_test
}  // namespace tocsin::engine
