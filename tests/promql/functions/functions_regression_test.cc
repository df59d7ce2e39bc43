// deriv, predict_linear and holt_winters. Expected values are Prometheus
// 2.42's results (promtool, samples 15s apart) or from the 2.42 test
// scripts.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace {

struct Case {
  const char* func;
  std::vector<double> values;  // at 0s, 15s, ...
  int64_t t_ms;
  std::vector<double> params;  // scalar arguments after the range
  double want;
};

class RegressionTest : public ::testing::TestWithParam<Case> {};

TEST_P(RegressionTest, MatchesPrometheus) {
  const Case& c = GetParam();
  std::vector<Value> after;
  for (double p : c.params)
    after.emplace_back(std::in_place_type<Scalar>, 0, p);
  auto got =
      EvalRange(c.func, Evenly(0, 15000, c.values), c.t_ms, 60000, {}, after);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(SameFloat(c.want, *got)) << c.func;
}

const std::vector<double> kA = {1, 3, 2, 5, 4};

INSTANTIATE_TEST_SUITE_P(
    Windows, RegressionTest,
    ::testing::Values(
        Case{"deriv", kA, 60000, {}, 0.05333333333333334},
        Case{"predict_linear", kA, 60000, {60}, 7.8},
        Case{"predict_linear", kA, 60000, {-30}, 2.9999999999999996},
        // The intercept is at the evaluation time, past the last sample.
        Case{"predict_linear", kA, 90000, {0}, 6.666666666666666},
        // Constant series: slope 0; NaN when the constant is infinite.
        Case{"deriv", {7, 7, 7}, 60000, {}, 0},
        Case{"predict_linear", {7, 7, 7}, 60000, {100}, 7},
        Case{"deriv", {kInf, kInf}, 60000, {}, kNaN},
        Case{"predict_linear", {kInf, kInf}, 60000, {100}, kNaN},
        // Large values keep their precision.
        Case{"deriv", {1e9, 1e9 + 1, 1e9 + 3}, 60000, {}, 0.1},
        Case{"predict_linear",
             {1e9, 1e9 + 1, 1e9 + 3},
             60000,
             {10},
             1.0000000068333334e9},
        Case{"deriv", {0.5, 0.25, kNaN, 1}, 60000, {}, kNaN},
        Case{"deriv", {10, 20}, 60000, {}, 0.6666666666666666},
        Case{"predict_linear", {10, 20}, 60000, {15}, 60},
        Case{"holt_winters", kA, 60000, {0.5, 0.5}, 5.09375},
        Case{"holt_winters", kA, 60000, {0.1, 0.9}, 7.499470000000001},
        Case{"holt_winters", {10, 20}, 60000, {0.3, 0.6}, 20},
        Case{"holt_winters", {7, 7, 7}, 60000, {0.3, 0.6}, 7},
        Case{"holt_winters", {0.5, 0.25, kNaN, 1}, 60000, {0.3, 0.6}, kNaN},
        // A NaN factor passes the range check.
        Case{"holt_winters", kA, 60000, {kNaN, 0.5}, kNaN}));

TEST(RegressionTest, FewerThanTwoSamplesGiveNothing) {
  Window one = Evenly(0, 15000, {3});
  EXPECT_FALSE(RunRange("deriv", one, 0, 60000).has_value());
  EXPECT_FALSE(RunRange("predict_linear", one, 0, 60000, {}, {Scalar{0, 1}})
                   .has_value());
  EXPECT_FALSE(RunRange("holt_winters", one, 0, 60000, {},
                        {Scalar{0, 0.5}, Scalar{0, 0.5}})
                   .has_value());
}

// predict_linear(a[1m] @ 60, 60) at 2m: the window ends at 60s but the
// line is read at 120s + 60s.
TEST(RegressionTest, PredictLinearUsesEvaluationTimeUnderAt) {
  Window w = Evenly(0, 15000, kA);
  auto got = RunRange("predict_linear", w, 0, 60000, {}, {Scalar{0, 60}},
                      /*t=*/120000);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(SameFloat(11, *got));
}

// functions.test: deriv and predict_linear of testcounter_reset_middle
// (load 5m, 0+10x4 0+10x5) over [100m], including under @ 3000.
TEST(RegressionTest, FromTestScript) {
  std::vector<double> values;
  for (int i = 0; i <= 4; ++i) values.push_back(10 * i);
  for (int i = 0; i <= 5; ++i) values.push_back(10 * i);
  Window w = Evenly(0, 300000, values);
  Window at3000 = Slice(w, 3000000 - 6000000, 3000000);
  auto d = RunRange("deriv", at3000, -3000000, 3000000);
  EXPECT_NEAR(0.010606060606060607, *d, 1e-15);
  struct P {
    int64_t t;
    double want;
  };
  for (P p : {P{3000000, 76.81818181818181}, P{600000, 51.36363636363637},
              P{4200000, 89.54545454545455}}) {
    auto got = RunRange("predict_linear", at3000, -3000000, 3000000, {},
                        {Scalar{0, 3600}}, p.t);
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(p.want, *got, 1e-9) << p.t;
  }
}

TEST(RegressionTest, HoltWintersRejectsFactorsOutsideTheOpenUnitInterval) {
  struct E {
    double sf, tf;
    const char* message;
  };
  const E cases[] = {
      {1, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"},
      {0.5, 0, "invalid trend factor. Expected: 0 < tf < 1, got: 0.000000"},
      {-2.25, 0.5,
       "invalid smoothing factor. Expected: 0 < sf < 1, got: -2.250000"},
      {0.5, 1e20,
       "invalid trend factor. Expected: 0 < tf < 1, got: "
       "100000000000000000000.000000"},
      {0.5, -kInf, "invalid trend factor. Expected: 0 < tf < 1, got: -Inf"},
  };
  Window w = Evenly(0, 15000, kA);
  for (const E& e : cases) {
    try {
      RunRange("holt_winters", w, 0, 60000, {},
               {Scalar{0, e.sf}, Scalar{0, e.tf}});
      ADD_FAILURE() << "no error for " << e.sf << ", " << e.tf;
    } catch (const EvalError& err) {
      EXPECT_EQ(std::string(err.what()), e.message);
    }
  }
}

// functions.test: holt_winters(http_requests[1m], 0.01, 0.1) at 8000s for
// linear series sampled every 10s.
TEST(RegressionTest, HoltWintersOfLinearSeriesFromTestScript) {
  struct L {
    double slope;  // per 10s sample
    double want;
  };
  for (L l : {L{10, 8000}, L{20, 16000}, L{-20, -16000}}) {
    std::vector<double> values;
    for (int i = 0; i <= 800; ++i) values.push_back(l.slope * i);
    auto got = EvalRange("holt_winters", Evenly(0, 10000, values), 8000000,
                         60000, {}, {Scalar{0, 0.01}, Scalar{0, 0.1}});
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(l.want, *got, 1e-6 * std::abs(l.want));
  }
}

}  // namespace
}  // namespace tocsin::promql::testing
