// rate, increase, delta, irate, idelta. Expected values are Prometheus
// 2.42's results for the same series and expressions (promtool, series
// loaded at a 15s interval), or from the 2.42 test scripts.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace functions_rate_test {

struct Case {
  const char* func;
  std::vector<double> values;  // at 0s, 15s, 30s, ...
  int64_t t_ms;
  int64_t range_ms;
  std::optional<double> want;
};

const std::vector<double> kA = {0, 10, 20, 30, 40};
const std::vector<double> kB = {0, 10, 20, 5, 15};  // reset after 20
const std::vector<double> kC = {100, 110, 120};
const std::vector<double> kD = {5, 15, 25};
const std::vector<double> kE = {-10, 0, 10};  // starts below zero
const std::vector<double> kG = {3, 2, 1, 0};  // reset at every step
const std::vector<double> kH = {1, 1, kNaN, 2};
const std::vector<double> kI = {10, 8, 3};

class RateTest : public ::testing::TestWithParam<Case> {};

TEST_P(RateTest, MatchesPrometheus) {
  const Case& c = GetParam();
  Window series = Evenly(0, 15000, c.values);
  std::optional<double> got = EvalRange(c.func, series, c.t_ms, c.range_ms);
  ASSERT_EQ(got.has_value(), c.want.has_value())
      << c.func << " at " << c.t_ms << " range " << c.range_ms;
  if (got) {
    EXPECT_TRUE(SameFloat(*c.want, *got))
        << c.func << " at " << c.t_ms << " range " << c.range_ms;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Extrapolation, RateTest,
    ::testing::Values(
        // Samples cover the whole window.
        Case{"rate", kA, 60000, 60000, 0.6666666666666666},
        Case{"increase", kA, 60000, 60000, 40},
        // Window partly covered at both ends: extrapolated to the bounds.
        Case{"rate", kA, 70000, 60000, 0.6666666666666666},
        Case{"increase", kA, 70000, 60000, 40},
        Case{"delta", kA, 70000, 60000, 40},
        // Last sample far from the end: half an interval only.
        Case{"increase", kA, 100000, 60000, 18.333333333333332},
        // Counter reset adds the value before the drop.
        Case{"increase", kB, 60000, 60000, 35},
        Case{"delta", kB, 60000, 60000, 15},
        Case{"increase", kB, 60000, 50000, 27.77777777777778},
        Case{"rate", kB, 60000, 90000, 0.3888888888888889},
        // Start far from the window's start: half an interval.
        Case{"increase", kC, 60000, 60000, 25},
        Case{"increase", kC, 30000, 60000, 25},
        // Zero-valued start: extrapolated only down to zero.
        Case{"increase", kD, 45000, 45000, 30},
        Case{"increase", kD, 60000, 60000, 25},
        Case{"increase", kD, 60000, 120000, 30},
        // A negative first value disables the zero cut-off.
        Case{"increase", kE, 30000, 60000, 25},
        Case{"increase", kE, 30000, 31000, 20.666666666666668},
        // Only drops: every drop is a reset.
        Case{"rate", kG, 45000, 60000, 0.06666666666666665},
        Case{"delta", kG, 45000, 60000, -4},
        Case{"increase", kG, 45000, 60000, 4},
        // NaN in the middle does not count as a reset.
        Case{"increase", kH, 45000, 60000, 1.3333333333333333},
        Case{"delta", kH, 45000, 60000, 1.3333333333333333},
        Case{"increase", kI, 30000, 60000, 13.75},
        // Fewer than two samples: no result.
        Case{"rate", kI, 30000, 1500, std::nullopt},
        Case{"increase", {7}, 15000, 60000, std::nullopt},
        // A range in whole and fractional seconds.
        Case{"rate", {0, 5}, 15000, 17000, 0.29411764705882354},
        Case{"rate", {1e20, 1e20, 2e20}, 30000, 60000, 2.0833333333333332e18}));

INSTANTIATE_TEST_SUITE_P(
    LastTwoSamples, RateTest,
    ::testing::Values(Case{"irate", kA, 45000, 60000, 0.6666666666666666},
                      Case{"irate", kB, 60000, 60000, 0.6666666666666666},
                      Case{"idelta", kB, 60000, 60000, 10},
                      // A drop is a reset for irate, not for idelta.
                      Case{"irate", kG, 45000, 60000, 0},
                      Case{"idelta", kG, 45000, 60000, -1},
                      Case{"irate", kH, 45000, 60000, kNaN},
                      Case{"irate", kA, 60000, 10000, std::nullopt}));

// functions.test: "Zero cutoff for left-side extrapolation" (load 4m,
// rate(testcounter_zero_cutoff[20m]) at 10m and 50m).
TEST(RateTest, ZeroCutoffFromTestScript) {
  struct Z {
    double start;
    double at10m;
  };
  const Z cases[] = {{0, 0.5},    {60, 0.55}, {120, 0.6},
                     {180, 0.65}, {240, 0.7}, {300, 0.6}};
  for (const Z& z : cases) {
    std::vector<double> values;
    for (int i = 0; i <= 10; ++i) values.push_back(z.start + 240 * i);
    Window series = Evenly(0, 240000, values);
    auto at10 = EvalRange("rate", series, 600000, 1200000);
    ASSERT_TRUE(at10.has_value());
    EXPECT_NEAR(z.at10m, *at10, 1e-12) << z.start;
    auto at50 = EvalRange("rate", series, 3000000, 1200000);
    ASSERT_TRUE(at50.has_value());
    EXPECT_NEAR(0.6, *at50, 1e-12) << z.start;
  }
}

// functions.test: counter resets in the middle and at the end.
TEST(RateTest, ResetsFromTestScript) {
  std::vector<double> middle, end;
  for (int i = 0; i <= 4; ++i) middle.push_back(10 * i);
  for (int i = 0; i <= 5; ++i) middle.push_back(10 * i);
  for (int i = 0; i <= 9; ++i) end.push_back(10 * i);
  end.push_back(0);
  end.push_back(10);
  auto r = EvalRange("rate", Evenly(0, 300000, middle), 3000000, 3000000);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(0.03, *r, 1e-15);
  r = EvalRange("rate", Evenly(0, 300000, end), 3000000, 300000);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(SameFloat(0, *r));
}

TEST(RateTest, SameTimestampsGiveNoInstantRate) {
  Window w{{1000, 1000}, {1, 2}, Labels()};
  EXPECT_FALSE(RunRange("irate", w, 0, 1000).has_value());
  EXPECT_FALSE(RunRange("idelta", w, 0, 1000).has_value());
}

}  // namespace functions_rate_test
}  // namespace tocsin::promql::testing
