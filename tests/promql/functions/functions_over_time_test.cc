// The *_over_time functions, changes() and resets(). Expected values are
// Prometheus 2.42's results for the same windows (promtool, samples 15s
// apart, all inside the window), including NaN and ±Inf samples, sums that
// need compensation (1e16 + 1 - 1e16) and overflowing sums.

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace functions_over_time_test {

struct Case {
  const char* func;
  std::vector<double> values;
  std::optional<double> q;  // quantile_over_time's φ
  double want;
};

class OverTimeTest : public ::testing::TestWithParam<Case> {};

TEST_P(OverTimeTest, MatchesPrometheus) {
  const Case& c = GetParam();
  Window w = Evenly(0, 15000, c.values);
  std::vector<Value> before;
  if (c.q) before.push_back(Scalar{0, *c.q});
  std::optional<double> got = RunRange(c.func, w, 0, 120000, before);
  ASSERT_TRUE(got.has_value()) << c.func;
  EXPECT_TRUE(SameFloat(c.want, *got)) << c.func;
}

INSTANTIATE_TEST_SUITE_P(
    Windows, OverTimeTest,
    ::testing::Values(
        Case{"avg_over_time", {0, 8, 8, 2, 3}, std::nullopt, 4.2e+00},
        Case{"sum_over_time", {0, 8, 8, 2, 3}, std::nullopt, 2.1e+01},
        Case{"min_over_time", {0, 8, 8, 2, 3}, std::nullopt, 0e+00},
        Case{"max_over_time", {0, 8, 8, 2, 3}, std::nullopt, 8e+00},
        Case{"stddev_over_time",
             {0, 8, 8, 2, 3},
             std::nullopt,
             3.249615361854384e+00},
        Case{"stdvar_over_time",
             {0, 8, 8, 2, 3},
             std::nullopt,
             1.0559999999999999e+01},
        Case{"last_over_time", {0, 8, 8, 2, 3}, std::nullopt, 3e+00},
        Case{"count_over_time", {0, 8, 8, 2, 3}, std::nullopt, 5e+00},
        Case{"changes", {0, 8, 8, 2, 3}, std::nullopt, 3e+00},
        Case{"resets", {0, 8, 8, 2, 3}, std::nullopt, 1e+00},
        Case{"avg_over_time", {1e16, 1, -1e16}, std::nullopt, 0e+00},
        Case{"sum_over_time", {1e16, 1, -1e16}, std::nullopt, 1e+00},
        Case{"min_over_time", {1e16, 1, -1e16}, std::nullopt, -1e+16},
        Case{"max_over_time", {1e16, 1, -1e16}, std::nullopt, 1e+16},
        Case{"stddev_over_time",
             {1e16, 1, -1e16},
             std::nullopt,
             8.16496580927726e+15},
        Case{"stdvar_over_time",
             {1e16, 1, -1e16},
             std::nullopt,
             6.666666666666666e+31},
        Case{"last_over_time", {1e16, 1, -1e16}, std::nullopt, -1e+16},
        Case{"count_over_time", {1e16, 1, -1e16}, std::nullopt, 3e+00},
        Case{"changes", {1e16, 1, -1e16}, std::nullopt, 2e+00},
        Case{"resets", {1e16, 1, -1e16}, std::nullopt, 2e+00},
        Case{"avg_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             3.9999999999999997e-01},
        Case{"sum_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             2.8e+00},
        Case{"min_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             1e-01},
        Case{"max_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             7e-01},
        Case{"stddev_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             1.9999999999999998e-01},
        Case{"stdvar_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             3.9999999999999994e-02},
        Case{"last_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             7e-01},
        Case{"count_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             7e+00},
        Case{"changes",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             std::nullopt,
             6e+00},
        Case{
            "resets", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, std::nullopt, 0e+00},
        Case{"avg_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             9.98846567431158e+307},
        Case{"sum_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             kInf},
        Case{"min_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             9.98846567431158e+307},
        Case{"max_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             9.98846567431158e+307},
        Case{"stddev_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             0e+00},
        Case{"stdvar_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             0e+00},
        Case{"last_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             9.98846567431158e+307},
        Case{"count_over_time",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             2e+00},
        Case{"changes",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             0e+00},
        Case{"resets",
             {9.988465674311579e+307, 9.988465674311579e+307},
             std::nullopt,
             0e+00},
        Case{"avg_over_time", {1, 2, kInf, -kInf}, std::nullopt, kNaN},
        Case{"sum_over_time", {1, 2, kInf, -kInf}, std::nullopt, kNaN},
        Case{"min_over_time", {1, 2, kInf, -kInf}, std::nullopt, -kInf},
        Case{"max_over_time", {1, 2, kInf, -kInf}, std::nullopt, kInf},
        Case{"stddev_over_time", {1, 2, kInf, -kInf}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {1, 2, kInf, -kInf}, std::nullopt, kNaN},
        Case{"last_over_time", {1, 2, kInf, -kInf}, std::nullopt, -kInf},
        Case{"count_over_time", {1, 2, kInf, -kInf}, std::nullopt, 4e+00},
        Case{"changes", {1, 2, kInf, -kInf}, std::nullopt, 3e+00},
        Case{"resets", {1, 2, kInf, -kInf}, std::nullopt, 1e+00},
        Case{"avg_over_time", {kNaN, 1, 2}, std::nullopt, kNaN},
        Case{"sum_over_time", {kNaN, 1, 2}, std::nullopt, kNaN},
        Case{"min_over_time", {kNaN, 1, 2}, std::nullopt, 1e+00},
        Case{"max_over_time", {kNaN, 1, 2}, std::nullopt, 2e+00},
        Case{"stddev_over_time", {kNaN, 1, 2}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {kNaN, 1, 2}, std::nullopt, kNaN},
        Case{"last_over_time", {kNaN, 1, 2}, std::nullopt, 2e+00},
        Case{"count_over_time", {kNaN, 1, 2}, std::nullopt, 3e+00},
        Case{"changes", {kNaN, 1, 2}, std::nullopt, 2e+00},
        Case{"resets", {kNaN, 1, 2}, std::nullopt, 0e+00},
        Case{"avg_over_time", {1, kNaN, 2}, std::nullopt, kNaN},
        Case{"sum_over_time", {1, kNaN, 2}, std::nullopt, kNaN},
        Case{"min_over_time", {1, kNaN, 2}, std::nullopt, 1e+00},
        Case{"max_over_time", {1, kNaN, 2}, std::nullopt, 2e+00},
        Case{"stddev_over_time", {1, kNaN, 2}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {1, kNaN, 2}, std::nullopt, kNaN},
        Case{"last_over_time", {1, kNaN, 2}, std::nullopt, 2e+00},
        Case{"count_over_time", {1, kNaN, 2}, std::nullopt, 3e+00},
        Case{"changes", {1, kNaN, 2}, std::nullopt, 2e+00},
        Case{"resets", {1, kNaN, 2}, std::nullopt, 0e+00},
        Case{"avg_over_time", {kInf, kInf}, std::nullopt, kInf},
        Case{"sum_over_time", {kInf, kInf}, std::nullopt, kInf},
        Case{"min_over_time", {kInf, kInf}, std::nullopt, kInf},
        Case{"max_over_time", {kInf, kInf}, std::nullopt, kInf},
        Case{"stddev_over_time", {kInf, kInf}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {kInf, kInf}, std::nullopt, kNaN},
        Case{"last_over_time", {kInf, kInf}, std::nullopt, kInf},
        Case{"count_over_time", {kInf, kInf}, std::nullopt, 2e+00},
        Case{"changes", {kInf, kInf}, std::nullopt, 0e+00},
        Case{"resets", {kInf, kInf}, std::nullopt, 0e+00},
        Case{"avg_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             1.5990505637277868e+00},
        Case{"sum_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             4.797151691183361e+00},
        Case{"min_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             1.5990505637277868e+00},
        Case{"max_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             1.5990505637277868e+00},
        Case{"stddev_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             0e+00},
        Case{"stdvar_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             0e+00},
        Case{"last_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             1.5990505637277868e+00},
        Case{"count_over_time",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             3e+00},
        Case{"changes",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             0e+00},
        Case{"resets",
             {1.5990505637277868, 1.5990505637277868, 1.5990505637277868},
             std::nullopt,
             0e+00},
        Case{"avg_over_time", {3, kNaN, kNaN, 1}, std::nullopt, kNaN},
        Case{"sum_over_time", {3, kNaN, kNaN, 1}, std::nullopt, kNaN},
        Case{"min_over_time", {3, kNaN, kNaN, 1}, std::nullopt, 1e+00},
        Case{"max_over_time", {3, kNaN, kNaN, 1}, std::nullopt, 3e+00},
        Case{"stddev_over_time", {3, kNaN, kNaN, 1}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {3, kNaN, kNaN, 1}, std::nullopt, kNaN},
        Case{"last_over_time", {3, kNaN, kNaN, 1}, std::nullopt, 1e+00},
        Case{"count_over_time", {3, kNaN, kNaN, 1}, std::nullopt, 4e+00},
        Case{"changes", {3, kNaN, kNaN, 1}, std::nullopt, 2e+00},
        Case{"resets", {3, kNaN, kNaN, 1}, std::nullopt, 0e+00},
        Case{"avg_over_time", {-kInf, 5}, std::nullopt, -kInf},
        Case{"sum_over_time", {-kInf, 5}, std::nullopt, -kInf},
        Case{"min_over_time", {-kInf, 5}, std::nullopt, -kInf},
        Case{"max_over_time", {-kInf, 5}, std::nullopt, 5e+00},
        Case{"stddev_over_time", {-kInf, 5}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {-kInf, 5}, std::nullopt, kNaN},
        Case{"last_over_time", {-kInf, 5}, std::nullopt, 5e+00},
        Case{"count_over_time", {-kInf, 5}, std::nullopt, 2e+00},
        Case{"changes", {-kInf, 5}, std::nullopt, 1e+00},
        Case{"resets", {-kInf, 5}, std::nullopt, 0e+00},
        Case{"avg_over_time",
             {1e308, 1e308, -1e308},
             std::nullopt,
             3.3333333333333337e+307},
        Case{"sum_over_time", {1e308, 1e308, -1e308}, std::nullopt, kInf},
        Case{"min_over_time", {1e308, 1e308, -1e308}, std::nullopt, -1e+308},
        Case{"max_over_time", {1e308, 1e308, -1e308}, std::nullopt, 1e+308},
        Case{"stddev_over_time", {1e308, 1e308, -1e308}, std::nullopt, kNaN},
        Case{"stdvar_over_time", {1e308, 1e308, -1e308}, std::nullopt, kNaN},
        Case{"last_over_time", {1e308, 1e308, -1e308}, std::nullopt, -1e+308},
        Case{"count_over_time", {1e308, 1e308, -1e308}, std::nullopt, 3e+00},
        Case{"changes", {1e308, 1e308, -1e308}, std::nullopt, 1e+00},
        Case{"resets", {1e308, 1e308, -1e308}, std::nullopt, 1e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 0, 0e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 0.25, 2e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 0.5, 3e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 0.9, 8e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 1, 8e+00},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, kNaN, kNaN},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, -0.5, -kInf},
        Case{"quantile_over_time", {0, 8, 8, 2, 3}, 1.5, kInf},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             0,
             1e-01},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             0.25,
             2.5e-01},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             0.5,
             4e-01},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             0.9,
             6.4e-01},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             1,
             7e-01},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             kNaN,
             kNaN},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             -0.5,
             -kInf},
        Case{"quantile_over_time",
             {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
             1.5,
             kInf},
        Case{"quantile_over_time", {kNaN, 1, 2}, 0, kNaN},
        Case{"quantile_over_time", {kNaN, 1, 2}, 0.25, kNaN},
        Case{"quantile_over_time", {kNaN, 1, 2}, 0.5, 1e+00},
        Case{"quantile_over_time", {kNaN, 1, 2}, 0.9, 1.8e+00},
        Case{"quantile_over_time", {kNaN, 1, 2}, 1, 2e+00},
        Case{"quantile_over_time", {kNaN, 1, 2}, kNaN, kNaN},
        Case{"quantile_over_time", {kNaN, 1, 2}, -0.5, -kInf},
        Case{"quantile_over_time", {kNaN, 1, 2}, 1.5, kInf},
        Case{"quantile_over_time", {1, kNaN, 2}, 0, kNaN},
        Case{"quantile_over_time", {1, kNaN, 2}, 0.25, kNaN},
        Case{"quantile_over_time", {1, kNaN, 2}, 0.5, 1e+00},
        Case{"quantile_over_time", {1, kNaN, 2}, 0.9, 1.8e+00},
        Case{"quantile_over_time", {1, kNaN, 2}, 1, 2e+00},
        Case{"quantile_over_time", {1, kNaN, 2}, kNaN, kNaN},
        Case{"quantile_over_time", {1, kNaN, 2}, -0.5, -kInf},
        Case{"quantile_over_time", {1, kNaN, 2}, 1.5, kInf},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, 0, kNaN},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, 0.25, kNaN},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, 0.5, kNaN},
        Case{"quantile_over_time",
             {3, kNaN, kNaN, 1},
             0.9,
             2.4000000000000004e+00},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, 1, 3e+00},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, kNaN, kNaN},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, -0.5, -kInf},
        Case{"quantile_over_time", {3, kNaN, kNaN, 1}, 1.5, kInf}));

// functions.test: avg_over_time keeps an infinite mean when finite values
// follow, and gives NaN for infinities of both signs.
TEST(OverTimeTest, AverageOfInfinitiesFromTestScript) {
  struct A {
    std::vector<double> values;
    double want;
  };
  const A cases[] = {
      {{1, 2, 3, 4, 5}, 3},
      {{1, 2, 3, 4, kInf}, kInf},
      {{1, 2, 3, 4, -kInf}, -kInf},
      {{1, 2, 3, kInf, -kInf}, kNaN},
      {{kInf, 0, kInf}, kInf},
      {{kInf, kInf, kInf, -kInf}, kNaN},
      {{1, 2, 3, -kInf, -kInf}, -kInf},
      {{-kInf, 0, -kInf}, -kInf},
      {{-kInf, -kInf, -kInf, kInf}, kNaN},
      {{1, 2, -kInf, -kInf, kInf}, kNaN},
      {{-9.988465674311579e+307, -9.988465674311579e+307,
        -9.988465674311579e+307},
       -9.988465674311579e+307},
      {{-9.988465674311579e+307, 9.988465674311579e+307}, 0},
  };
  for (const A& a : cases) {
    auto got = RunRange("avg_over_time", Evenly(0, 10000, a.values), 0, 60000);
    ASSERT_TRUE(got.has_value());
    EXPECT_TRUE(SameFloat(a.want, *got)) << a.values.size();
  }
}

// functions.test: min/max skip NaN unless all values are NaN.
TEST(OverTimeTest, MinMaxWithNaNFromTestScript) {
  struct M {
    std::vector<double> values;
    double min, max;
  };
  const M cases[] = {{{2, 0, 3}, 0, 3},
                     {{2, 0, kNaN}, 0, 2},
                     {{2, kNaN, 1}, 1, 2},
                     {{kNaN, 0, 1}, 0, 1},
                     {{kNaN, kNaN, kNaN}, kNaN, kNaN}};
  for (const M& m : cases) {
    Window w = Evenly(0, 10000, m.values);
    EXPECT_TRUE(SameFloat(m.min, *RunRange("min_over_time", w, 0, 60000)));
    EXPECT_TRUE(SameFloat(m.max, *RunRange("max_over_time", w, 0, 60000)));
  }
}

TEST(OverTimeTest, PresentAndAbsentOverTimeMarkNonEmptyWindows) {
  Window w = Evenly(0, 10000, {kNaN});
  EXPECT_TRUE(SameFloat(1, *RunRange("present_over_time", w, 0, 60000)));
  EXPECT_TRUE(SameFloat(1, *RunRange("absent_over_time", w, 0, 60000)));
}

// The scratch buffer kept in the node's helper must not leak values from
// one call into the next.
TEST(OverTimeTest, QuantileReusesNodeStateSafely) {
  CallFixture f;
  Window long_window = Evenly(0, 1000, {5, 1, 4, 2, 3});
  Window short_window = Evenly(0, 1000, {10, 20});
  Vector out = f.Run("quantile_over_time",
                     {Scalar{0, 0.5}, long_window.AsValue()}, 0, 0, 5000);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(SameFloat(3, out[0].v));
  out = f.Run("quantile_over_time", {Scalar{0, 1}, short_window.AsValue()}, 0,
              0, 5000);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(SameFloat(20, out[0].v));
}

}  // namespace functions_over_time_test
}  // namespace tocsin::promql::testing
