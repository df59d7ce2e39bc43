// The function table, EvalNodeHelper, Go's ParseFloat (for `le`) and the
// quantile helpers the engine reuses.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"
#include "promql/functions/quantile.h"
#include "promql/parser/functions.h"

namespace tocsin::promql::testing {
namespace {

// The keys of Prometheus 2.42's FunctionCalls.
const char* const kPrometheusFunctions[] = {"abs",
                                            "absent",
                                            "absent_over_time",
                                            "acos",
                                            "acosh",
                                            "asin",
                                            "asinh",
                                            "atan",
                                            "atanh",
                                            "avg_over_time",
                                            "ceil",
                                            "changes",
                                            "clamp",
                                            "clamp_max",
                                            "clamp_min",
                                            "cos",
                                            "cosh",
                                            "count_over_time",
                                            "days_in_month",
                                            "day_of_month",
                                            "day_of_week",
                                            "day_of_year",
                                            "deg",
                                            "delta",
                                            "deriv",
                                            "exp",
                                            "floor",
                                            "histogram_count",
                                            "histogram_fraction",
                                            "histogram_quantile",
                                            "histogram_sum",
                                            "holt_winters",
                                            "hour",
                                            "idelta",
                                            "increase",
                                            "irate",
                                            "label_replace",
                                            "label_join",
                                            "ln",
                                            "log10",
                                            "log2",
                                            "last_over_time",
                                            "max_over_time",
                                            "min_over_time",
                                            "minute",
                                            "month",
                                            "pi",
                                            "predict_linear",
                                            "present_over_time",
                                            "quantile_over_time",
                                            "rad",
                                            "rate",
                                            "resets",
                                            "round",
                                            "scalar",
                                            "sgn",
                                            "sin",
                                            "sinh",
                                            "sort",
                                            "sort_desc",
                                            "sqrt",
                                            "stddev_over_time",
                                            "stdvar_over_time",
                                            "sum_over_time",
                                            "tan",
                                            "tanh",
                                            "time",
                                            "timestamp",
                                            "vector",
                                            "year"};

TEST(RegistryTest, EveryPrometheusFunctionResolves) {
  EXPECT_EQ(std::size(kPrometheusFunctions), 70u);
  for (const char* name : kPrometheusFunctions) {
    EXPECT_NE(LookupFunctionImpl(name), nullptr) << name;
  }
}

// The parser's function table and the implementations agree.
TEST(RegistryTest, EveryParserFunctionHasAnImplementation) {
  EXPECT_EQ(AllFunctions().size(), std::size(kPrometheusFunctions));
  for (const FunctionDef* def : AllFunctions()) {
    EXPECT_NE(LookupFunctionImpl(def->name), nullptr) << def->name;
  }
}

TEST(RegistryTest, UnknownNamesDoNotResolve) {
  for (const char* name :
       {"", "Rate", "rate ", "nonexistent", "quantile", "sum", "zzz", "aaa"}) {
    EXPECT_EQ(LookupFunctionImpl(name), nullptr) << name;
  }
}

TEST(EvalNodeHelperTest, DropMetricName) {
  EvalNodeHelper h;
  Labels named = {{"__name__", "m"}, {"a", "1"}};
  const Labels& dropped = h.DropMetricName(named);
  EXPECT_EQ(dropped, (Labels{{"a", "1"}}));
  // Cached: the same object comes back.
  EXPECT_EQ(&h.DropMetricName(named), &dropped);
  Labels plain = {{"b", "2"}};
  EXPECT_EQ(h.DropMetricName(plain), plain);
  EXPECT_EQ(h.DropMetricName(Labels{{"__name__", "x"}}), Labels());
}

TEST(ArgumentsTest, WrongArgumentTypeIsAnEvalError) {
  CallFixture f;
  EXPECT_THROW(f.Run("abs", {Scalar{0, 1}}), EvalError);
  EXPECT_THROW(f.Run("rate", {Vector{}}), EvalError);
  EXPECT_THROW(f.Run("label_join", {Vector{}, Scalar{0, 1}, String{0, "-"}}),
               EvalError);
}

// Quantile() as the engine's `quantile` aggregation uses it: NaN sorts
// first, then linear interpolation at rank q*(n-1).
TEST(QuantileTest, ValuesAndEdgeCases) {
  struct Q {
    double q;
    std::vector<double> values;
    double want;
  };
  const Q cases[] = {
      {0.5, {}, kNaN},
      {kNaN, {1, 2}, kNaN},
      {-0.1, {1, 2}, -kInf},
      {1.1, {1, 2}, kInf},
      {0.5, {3, 1, 2}, 2},
      {0.75, {0, 1, 4}, 2.5},
      {0.8, {1, 0}, 0.8},
      {0, {kNaN, 5, 1}, kNaN},
      {1, {kNaN, 5, 1}, 5},
      {0.9, {3, kNaN, kNaN, 1}, 2.4000000000000004},
      // An infinite neighbour times a zero weight is NaN (Prometheus 2.42
      // gives NaN, +Inf, NaN for q = 0, 0.5, 1 over {1, +Inf}).
      {0, {kInf, 1}, kNaN},
      {0.5, {kInf, 1}, kInf},
      {1, {kInf, 1}, kNaN},
  };
  for (const Q& c : cases) {
    std::vector<double> v = c.values;
    EXPECT_TRUE(SameFloat(c.want, Quantile(c.q, &v))) << c.q;
  }
}

TEST(QuantileTest, BucketQuantileInterpolates) {
  std::vector<Bucket> b = {{kInf, 5}, {0.5, 3}, {0.1, 1}, {1, 4}};
  EXPECT_TRUE(SameFloat(0.4, BucketQuantile(0.5, &b)));
  b = {{1, 1}, {2, 2}};
  EXPECT_TRUE(std::isnan(BucketQuantile(0.5, &b)));  // no +Inf bucket
}

}  // namespace
}  // namespace tocsin::promql::testing
