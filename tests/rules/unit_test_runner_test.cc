// The rule unit-test runner: verdicts and messages on small files, the
// tocsin-only input_series_files, --run, and the rule-by-rule evaluation
// checked against the time-by-time one on random rules and data.

#include "rules/unit_test_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace tocsin::rules {
namespace {

namespace fs = std::filesystem;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tocsin_runner_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  fs::path dir_;
};

constexpr char kRules[] = R"(groups:
  - name: g
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: Down
        expr: up == 0
        for: 1m
        labels: {severity: page}
)";

TEST_F(RunnerTest, PassingAndFailingTests) {
  Write("rules.yml", kRules);
  std::string t = Write("t.yml", R"(rule_files: [rules.yml]
tests:
  - name: passes
    interval: 1m
    input_series:
      - series: 'up{job="a", instance="1"}'
        values: '1 0 0 0'
    alert_rule_test:
      - eval_time: 2m
        alertname: Down
        exp_alerts: [{exp_labels: {job: a, instance: "1", severity: page}}]
  - name: fails
    interval: 1m
    input_series:
      - series: 'up{job="a", instance="1"}'
        values: '1 0 0 0'
    alert_rule_test:
      - eval_time: 1m
        alertname: Down
        exp_alerts: [{exp_labels: {job: a, instance: "1", severity: page}}]
    promql_expr_test:
      - expr: job:up:sum
        eval_time: 3m
        exp_samples: [{labels: 'job:up:sum{job="a"}', value: 1}]
)");
  UnitTestFileResult r = RunUnitTestFile(t, {});
  EXPECT_EQ(r.tests_run, 2);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0],
            "    name: fails,\n"
            "    alertname: Down, time: 1m, \n"
            "        exp:[\n"
            "            0:\n"
            "              Labels:{alertname=\"Down\", instance=\"1\", "
            "job=\"a\", severity=\"page\"}\n"
            "              Annotations:{}\n"
            "            ], \n"
            "        got:[]");
  EXPECT_EQ(r.errors[1],
            "    expr: \"job:up:sum\", time: 3m,\n"
            "        exp: {__name__=\"job:up:sum\", job=\"a\"} 1E+00\n"
            "        got: {__name__=\"job:up:sum\", job=\"a\"} 0E+00");

  UnitTestOptions only;
  only.run = "^pass";
  r = RunUnitTestFile(t, only);
  EXPECT_EQ(r.tests_run, 1);
  EXPECT_TRUE(r.passed());
}

TEST_F(RunnerTest, RuleErrorsStopTheTest) {
  Write("rules.yml", R"(groups:
  - name: g
    rules:
      - record: bad
        expr: a * on(job) group_left b
)");
  std::string t = Write("t.yml", R"(rule_files: [rules.yml]
tests:
  - interval: 1m
    input_series:
      - {series: 'a{job="x"}', values: '1x5'}
      - {series: 'b{job="x", i="1"}', values: '1x5'}
      - {series: 'b{job="x", i="2"}', values: '_ _ 1x3'}
    promql_expr_test:
      - {expr: bad, eval_time: 4m, exp_samples: []}
)");
  UnitTestFileResult r = RunUnitTestFile(t, {});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0],
              ::testing::StartsWith("    rule: bad, time: 2m0s, err: "));
}

TEST_F(RunnerTest, InputSeriesFiles) {
  Write("rules.yml", kRules);
  Write("recording.om",
        "# TYPE up gauge\n"
        "up{job=\"rec\",instance=\"9\"} 1 0\n"
        "up{job=\"rec\",instance=\"9\"} 0 60\n"
        "up{job=\"rec\",instance=\"9\"} 0 120\n"
        "# EOF\n");
  std::string t = Write("t.yml", R"(rule_files: [rules.yml]
tests:
  - interval: 1m
    input_series_files: [recording.om]
    alert_rule_test:
      - eval_time: 2m
        alertname: Down
        exp_alerts: [{exp_labels: {job: rec, instance: "9", severity: page}}]
)");
  UnitTestFileResult r = RunUnitTestFile(t, {});
  EXPECT_TRUE(r.passed()) << (r.errors.empty() ? "" : r.errors[0]);

  std::string missing = Write("m.yml", R"(tests:
  - interval: 1m
    input_series_files: [nope.om]
)");
  r = RunUnitTestFile(missing, {});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0], ::testing::HasSubstr("nope.om"));
}

TEST_F(RunnerTest, FileProblems) {
  UnitTestFileResult r = RunUnitTestFile((dir_ / "none.yml").string(), {});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "open " + (dir_ / "none.yml").string() +
                             ": no such file or directory");

  std::string t = Write("t.yml", "rule_files: [x*.yml]\ntests: []\n");
  r = RunUnitTestFile(t, {});
  EXPECT_TRUE(r.passed());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "  WARNING: no file match pattern " + (dir_ / "x*.yml").string());
}

// Random rules over random data: evaluating rule by rule must give exactly
// the results of evaluating time by time.
TEST_F(RunnerTest, BatchedEqualsStepwise) {
  std::mt19937 rng(20240601);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const char* exprs[] = {
      "x > {T}",
      "sum by (job) (rate(c[2m])) > {T}",
      "max_over_time(x[3m]) < {T}",
      "rec:x:sum > {T}",
      "count(x > {T}) > 1",
      "avg without (i) (x) >= {T}",
      "delta(x[2m]) != 0",
      "absent(x{job=\"none\"})",
      "x offset 1m > {T}",
      "x and on(job) rec:x:sum > {T}",
  };
  int with_failures = 0;
  int with_rule_errors = 0;
  for (int scenario = 0; scenario < 25; ++scenario) {
    std::string rules =
        "groups:\n  - name: rec\n    rules:\n"
        "      - record: rec:x:sum\n"
        "        expr: sum by (job) (x)\n"
        "  - name: alerts\n";
    if (pick(3) == 0)
      rules += "    limit: " + std::to_string(2 + pick(3)) + "\n";
    rules += "    rules:\n";
    std::string tests;
    int nrules = 2 + pick(4);
    for (int k = 0; k < nrules; ++k) {
      std::string e = exprs[pick(std::size(exprs))];
      size_t p = e.find("{T}");
      if (p != std::string::npos) e.replace(p, 3, std::to_string(pick(6)));
      rules += "      - alert: A" + std::to_string(k) + "\n        expr: '" +
               e + "'\n";
      if (pick(2)) rules += "        for: " + std::to_string(pick(4)) + "m\n";
      if (pick(3) == 0) {
        rules +=
            "        keep_firing_for: " + std::to_string(1 + pick(3)) + "m\n";
      }
    }
    std::string series;
    for (int s = 0; s < 4; ++s) {
      std::string values;
      for (int v = 0; v < 20; ++v) {
        int r = pick(10);
        values += (r == 0   ? "_"
                   : r == 1 ? "stale"
                            : std::to_string(pick(8))) +
                  " ";
      }
      std::string labels = "job=\"j" + std::to_string(s % 2) + "\", i=\"" +
                           std::to_string(s) + "\"";
      series +=
          "      - {series: 'x{" + labels + "}', values: '" + values + "'}\n";
      series += "      - {series: 'c{" + labels + "}', values: '0+" +
                std::to_string(pick(5)) + "x10 0+3x9'}\n";
    }
    std::string checks;
    for (int t = 0; t <= 19; t += 1 + pick(3)) {
      for (int k = 0; k < nrules; ++k) {
        checks += "      - {eval_time: " + std::to_string(t) +
                  "m, alertname: A" + std::to_string(k) + ", exp_alerts: []}\n";
      }
    }
    Write("rules.yml", rules);
    std::string t = Write("t.yml",
                          "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n"
                          "    input_series:\n" +
                              series + "    alert_rule_test:\n" + checks +
                              "    promql_expr_test:\n"
                              "      - {expr: 'ALERTS', eval_time: 19m, "
                              "exp_samples: []}\n"
                              "      - {expr: 'ALERTS_FOR_STATE', eval_time: "
                              "19m, exp_samples: []}\n");
    UnitTestOptions stepwise;
    stepwise.stepwise = true;
    UnitTestFileResult a = RunUnitTestFile(t, {});
    UnitTestFileResult b = RunUnitTestFile(t, stepwise);
    EXPECT_EQ(a.errors, b.errors) << "scenario " << scenario << "\n" << rules;
    with_failures += !a.errors.empty();
    for (const auto& e : a.errors) {
      if (e.rfind("    rule: ", 0) == 0) {
        ++with_rule_errors;
        break;
      }
    }
  }
  // The scenarios exercise both comparisons and rule failures.
  EXPECT_GE(with_failures, 20);
  EXPECT_GE(with_rule_errors, 2);
}

}  // namespace
}  // namespace tocsin::rules
