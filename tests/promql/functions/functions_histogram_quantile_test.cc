// histogram_quantile over classic buckets. Expected values are Prometheus
// 2.42's results (promtool) for the same buckets: missing +Inf bucket,
// non-monotonic counts, duplicate bounds ("1" and "1.0"), negative bounds,
// malformed and out-of-range `le` values, NaN and Inf counts, and q
// outside [0, 1] or NaN.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace functions_histogram_quantile_test {

const Vector kA = {S({{"__name__", "a_bucket"}, {"le", "0.1"}}, 1),
                   S({{"__name__", "a_bucket"}, {"le", "0.5"}}, 3),
                   S({{"__name__", "a_bucket"}, {"le", "1"}}, 4),
                   S({{"__name__", "a_bucket"}, {"le", "+Inf"}}, 5)};
const Vector kB = {S({{"__name__", "b_bucket"}, {"le", "1"}}, 1),
                   S({{"__name__", "b_bucket"}, {"le", "2"}}, 2)};
const Vector kC = {S({{"__name__", "c_bucket"}, {"le", "1"}}, 5),
                   S({{"__name__", "c_bucket"}, {"le", "2"}}, 3),
                   S({{"__name__", "c_bucket"}, {"le", "5"}}, 8),
                   S({{"__name__", "c_bucket"}, {"le", "+Inf"}}, 8)};
const Vector kD = {S({{"__name__", "d_bucket"}, {"le", "+Inf"}}, 7)};
const Vector kE = {S({{"__name__", "e_bucket"}, {"le", "1"}}, 0),
                   S({{"__name__", "e_bucket"}, {"le", "+Inf"}}, 0)};
const Vector kF = {S({{"__name__", "f_bucket"}, {"le", "-1"}}, 2),
                   S({{"__name__", "f_bucket"}, {"le", "0"}}, 4),
                   S({{"__name__", "f_bucket"}, {"le", "+Inf"}}, 5)};
const Vector kG = {S({{"__name__", "g_bucket"}, {"le", "1"}}, 2),
                   S({{"__name__", "g_bucket"}, {"le", "1.0"}}, 3),
                   S({{"__name__", "g_bucket"}, {"le", "2"}}, 6),
                   S({{"__name__", "g_bucket"}, {"le", "Inf"}}, 8)};
const Vector kH = {S({{"__name__", "h_bucket"}, {"le", "abc"}}, 100),
                   S({{"__name__", "h_bucket"}, {"le", "3"}}, 4),
                   S({{"__name__", "h_bucket"}, {"le", "0x1p3"}}, 6),
                   S({{"__name__", "h_bucket"}, {"le", "1_0"}}, 7),
                   S({{"__name__", "h_bucket"}, {"le", "+inf"}}, 8),
                   S({{"__name__", "h_bucket"}, {"x", "nole"}}, 50)};
const Vector kI = {
    S({{"__name__", "i_bucket"}, {"le", "1"}, {"job", "x"}}, 1),
    S({{"__name__", "i_bucket"}, {"le", "+Inf"}, {"job", "x"}}, 2),
    S({{"__name__", "i_bucket"}, {"le", "1"}, {"job", "y"}}, 3),
    S({{"__name__", "i_bucket"}, {"le", "+Inf"}, {"job", "y"}}, 4)};
const Vector kJ = {S({{"__name__", "j_bucket"}, {"le", "1"}}, 2),
                   S({{"__name__", "j_bucket"}, {"le", "5"}}, 2),
                   S({{"__name__", "j_bucket"}, {"le", "+Inf"}}, 10)};
const Vector kK = {S({{"__name__", "k_bucket"}, {"le", "1e400"}}, 3),
                   S({{"__name__", "k_bucket"}, {"le", "2"}}, 1),
                   S({{"__name__", "k_bucket"}, {"le", "+Inf"}}, 3)};
const Vector kL = {S({{"__name__", "l_bucket"}, {"le", "0.5"}}, kNaN),
                   S({{"__name__", "l_bucket"}, {"le", "1"}}, 3),
                   S({{"__name__", "l_bucket"}, {"le", "+Inf"}}, 4)};
const Vector kM = {S({{"__name__", "m_bucket"}, {"le", "1"}}, kInf),
                   S({{"__name__", "m_bucket"}, {"le", "+Inf"}}, kInf)};

struct Want {
  const char* job;  // the job label of the output sample ("" for none)
  double v;
};

struct Case {
  const Vector* buckets;
  double q;
  std::vector<Want> want;
};

class HistogramQuantileTest : public ::testing::TestWithParam<Case> {};

TEST_P(HistogramQuantileTest, MatchesPrometheus) {
  const Case& c = GetParam();
  CallFixture f;
  Vector out = f.Run("histogram_quantile", {Scalar{0, c.q}, *c.buckets});
  std::map<std::string, double> got;
  for (const Sample& s : out) {
    EXPECT_FALSE(s.metric.Has("le"));
    EXPECT_FALSE(s.metric.Has("__name__"));
    got[std::string(s.metric.Get("job"))] = s.v;
  }
  ASSERT_EQ(got.size(), out.size());
  ASSERT_EQ(got.size(), c.want.size());
  for (const Want& w : c.want) {
    ASSERT_TRUE(got.contains(w.job)) << w.job;
    EXPECT_TRUE(SameFloat(w.v, got[w.job])) << "job=" << w.job << " q=" << c.q;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Buckets, HistogramQuantileTest,
    ::testing::Values(
        Case{&kA, 0, {{"", 0e+00}}},
        Case{&kA, 0.25, {{"", 1.5000000000000002e-01}}},
        Case{&kA, 0.5, {{"", 4e-01}}}, Case{&kA, 0.8, {{"", 1e+00}}},
        Case{&kA, 0.9, {{"", 1e+00}}}, Case{&kA, 0.99, {{"", 1e+00}}},
        Case{&kA, 1, {{"", 1e+00}}}, Case{&kA, -1, {{"", -kInf}}},
        Case{&kA, 2, {{"", kInf}}}, Case{&kA, kNaN, {{"", kNaN}}},
        Case{&kB, 0, {{"", kNaN}}}, Case{&kB, 0.1, {{"", kNaN}}},
        Case{&kB, 0.3, {{"", kNaN}}}, Case{&kB, 0.5, {{"", kNaN}}},
        Case{&kB, 0.75, {{"", kNaN}}}, Case{&kB, 0.95, {{"", kNaN}}},
        Case{&kB, 1, {{"", kNaN}}}, Case{&kC, 0, {{"", 0e+00}}},
        Case{&kC, 0.1, {{"", 1.6e-01}}}, Case{&kC, 0.3, {{"", 4.8e-01}}},
        Case{&kC, 0.5, {{"", 8e-01}}}, Case{&kC, 0.75, {{"", 3e+00}}},
        Case{&kC, 0.95, {{"", 4.6e+00}}}, Case{&kC, 1, {{"", 5e+00}}},
        Case{&kD, 0, {{"", kNaN}}}, Case{&kD, 0.1, {{"", kNaN}}},
        Case{&kD, 0.3, {{"", kNaN}}}, Case{&kD, 0.5, {{"", kNaN}}},
        Case{&kD, 0.75, {{"", kNaN}}}, Case{&kD, 0.95, {{"", kNaN}}},
        Case{&kD, 1, {{"", kNaN}}}, Case{&kE, 0, {{"", kNaN}}},
        Case{&kE, 0.1, {{"", kNaN}}}, Case{&kE, 0.3, {{"", kNaN}}},
        Case{&kE, 0.5, {{"", kNaN}}}, Case{&kE, 0.75, {{"", kNaN}}},
        Case{&kE, 0.95, {{"", kNaN}}}, Case{&kE, 1, {{"", kNaN}}},
        Case{&kF, 0, {{"", -1e+00}}}, Case{&kF, 0.1, {{"", -1e+00}}},
        Case{&kF, 0.3, {{"", -1e+00}}}, Case{&kF, 0.5, {{"", -7.5e-01}}},
        Case{&kF, 0.75, {{"", -1.25e-01}}}, Case{&kF, 0.95, {{"", 0e+00}}},
        Case{&kF, 1, {{"", 0e+00}}}, Case{&kG, 0, {{"", 0e+00}}},
        Case{&kG, 0.1, {{"", 1.6e-01}}}, Case{&kG, 0.3, {{"", 4.8e-01}}},
        Case{&kG, 0.5, {{"", 8e-01}}}, Case{&kG, 0.75, {{"", 2e+00}}},
        Case{&kG, 0.95, {{"", 2e+00}}}, Case{&kG, 1, {{"", 2e+00}}},
        Case{&kH, 0, {{"", 0e+00}}},
        Case{&kH, 0.1, {{"", 6.000000000000001e-01}}},
        Case{&kH, 0.3, {{"", 1.7999999999999998e+00}}},
        Case{&kH, 0.5, {{"", 3e+00}}}, Case{&kH, 0.75, {{"", 8e+00}}},
        Case{&kH, 0.95, {{"", 1e+01}}}, Case{&kH, 1, {{"", 1e+01}}},
        Case{&kI, 0, {{"x", 0e+00}, {"y", 0e+00}}},
        Case{&kI, 0.1, {{"x", 2e-01}, {"y", 1.3333333333333333e-01}}},
        Case{&kI, 0.3, {{"x", 6e-01}, {"y", 3.9999999999999997e-01}}},
        Case{&kI, 0.5, {{"x", 1e+00}, {"y", 6.666666666666666e-01}}},
        Case{&kI, 0.75, {{"x", 1e+00}, {"y", 1e+00}}},
        Case{&kI, 0.95, {{"x", 1e+00}, {"y", 1e+00}}},
        Case{&kI, 1, {{"x", 1e+00}, {"y", 1e+00}}}, Case{&kJ, 0, {{"", 0e+00}}},
        Case{&kJ, 0.1, {{"", 5e-01}}}, Case{&kJ, 0.3, {{"", 5e+00}}},
        Case{&kJ, 0.5, {{"", 5e+00}}}, Case{&kJ, 0.75, {{"", 5e+00}}},
        Case{&kJ, 0.95, {{"", 5e+00}}}, Case{&kJ, 1, {{"", 5e+00}}},
        Case{&kK, 0, {{"", 0e+00}}},
        Case{&kK, 0.1, {{"", 6.000000000000001e-01}}},
        Case{&kK, 0.3, {{"", 1.7999999999999998e+00}}},
        Case{&kK, 0.5, {{"", 2e+00}}}, Case{&kK, 0.75, {{"", 2e+00}}},
        Case{&kK, 0.95, {{"", 2e+00}}}, Case{&kK, 1, {{"", 2e+00}}},
        Case{&kL, 0, {{"", kNaN}}}, Case{&kL, 0.1, {{"", kNaN}}},
        Case{&kL, 0.3, {{"", kNaN}}}, Case{&kL, 0.5, {{"", kNaN}}},
        Case{&kL, 0.75, {{"", kNaN}}}, Case{&kL, 0.95, {{"", 1e+00}}},
        Case{&kL, 1, {{"", 1e+00}}}, Case{&kM, 0, {{"", 1e+00}}},
        Case{&kM, 0.1, {{"", kNaN}}}, Case{&kM, 0.3, {{"", kNaN}}},
        Case{&kM, 0.5, {{"", kNaN}}}, Case{&kM, 0.75, {{"", kNaN}}},
        Case{&kM, 0.95, {{"", kNaN}}}, Case{&kM, 1, {{"", kNaN}}}));

TEST(HistogramQuantileTest, SamplesWithoutValidLeAreIgnored) {
  CallFixture f;
  Vector in = {S({{"__name__", "x"}, {"le", "abc"}}, 1),
               S({{"__name__", "x"}}, 2), S({{"le", ""}}, 3)};
  EXPECT_TRUE(f.Run("histogram_quantile", {Scalar{0, 0.5}, in}).empty());
  EXPECT_TRUE(f.Run("histogram_quantile", {Scalar{0, 0.5}, Vector{}}).empty());
}

// Buckets of different metric names form different histograms even though
// their outputs share a label set (the engine then reports the duplicate).
TEST(HistogramQuantileTest, MetricNameSeparatesHistograms) {
  CallFixture f;
  Vector in = {S({{"__name__", "a"}, {"le", "1"}}, 1),
               S({{"__name__", "a"}, {"le", "+Inf"}}, 2),
               S({{"__name__", "b"}, {"le", "1"}}, 3),
               S({{"__name__", "b"}, {"le", "+Inf"}}, 4)};
  Vector out = f.Run("histogram_quantile", {Scalar{0, 0.5}, in});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].metric, Labels());
  EXPECT_EQ(out[1].metric, Labels());
}

// The node keeps its groups across steps: a histogram that has no buckets
// at a later step gives no sample there, and values do not carry over.
TEST(HistogramQuantileTest, StateAcrossSteps) {
  CallFixture f;
  Vector step1 = {
      S({{"job", "x"}, {"le", "1"}}, 1), S({{"job", "x"}, {"le", "+Inf"}}, 2),
      S({{"job", "y"}, {"le", "1"}}, 2), S({{"job", "y"}, {"le", "+Inf"}}, 2)};
  Vector step2 = {S({{"job", "y"}, {"le", "1"}}, 0),
                  S({{"job", "y"}, {"le", "+Inf"}}, 4)};
  Vector out = f.Run("histogram_quantile", {Scalar{0, 0.5}, step1});
  ASSERT_EQ(out.size(), 2u);
  out = f.Run("histogram_quantile", {Scalar{0, 0.5}, step2});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric.Get("job"), "y");
  // rank 2 of 4 falls in the +Inf bucket: the second highest bound.
  EXPECT_TRUE(SameFloat(1, out[0].v));
}

}  // namespace functions_histogram_quantile_test
}  // namespace tocsin::promql::testing
