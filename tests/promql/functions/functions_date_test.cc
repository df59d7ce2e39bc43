// The calendar functions and time(), timestamp(), vector(), scalar().
// Expected values are Prometheus 2.42's (promtool) or from the 2.42 test
// scripts, including month and leap-year boundaries, negative times, and
// NaN, ±Inf and out-of-range seconds (which Go turns into math.MinInt64).

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace {

constexpr std::array<const char*, 8> kFuncs = {
    "year",        "month", "day_of_month", "day_of_year",
    "day_of_week", "hour",  "minute",       "days_in_month"};

struct Case {
  double seconds;
  std::array<double, 8> want;  // in kFuncs order
};

class DateTest : public ::testing::TestWithParam<Case> {};

TEST_P(DateTest, MatchesPrometheus) {
  const Case& c = GetParam();
  for (size_t i = 0; i < kFuncs.size(); ++i) {
    CallFixture f;
    Vector out = f.Run(kFuncs[i],
                       {Vector{S({{"__name__", "x"}, {"c", "1"}}, c.seconds)}});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].metric, (Labels{{"c", "1"}}));
    EXPECT_TRUE(SameFloat(c.want[i], out[0].v))
        << kFuncs[i] << "(" << c.seconds << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Times, DateTest,
    ::testing::Values(
        Case{kNaN, {292277026596, 12, 4, 339, 0, 15, 30, 31}},
        Case{kInf, {292277026596, 12, 4, 339, 0, 15, 30, 31}},
        Case{-kInf, {292277026596, 12, 4, 339, 0, 15, 30, 31}},
        Case{-1, {1969, 12, 31, 365, 3, 23, 59, 31}},
        Case{-0.5, {1970, 1, 1, 1, 4, 0, 0, 31}},  // truncated towards 0
        Case{-86401.5, {1969, 12, 30, 364, 2, 23, 59, 31}},
        Case{951782400, {2000, 2, 29, 60, 2, 0, 0, 29}},
        Case{951868799, {2000, 2, 29, 60, 2, 23, 59, 29}},
        Case{4107542400, {2100, 3, 1, 60, 1, 0, 0, 31}},
        Case{-2203891200, {1900, 3, 1, 60, 4, 0, 0, 31}},
        Case{1e18, {31688740476, 10, 23, 297, 5, 1, 46, 31}},
        Case{1e19, {292277026596, 12, 4, 339, 0, 15, 30, 31}},
        Case{-9.2233720368547758e18, {292277026596, 12, 4, 339, 0, 15, 30, 31}},
        Case{-62135596801, {0, 12, 31, 366, 0, 23, 59, 31}},
        Case{1704067199, {2023, 12, 31, 365, 0, 23, 59, 31}},
        Case{1704067200, {2024, 1, 1, 1, 1, 0, 0, 31}},
        Case{1136239445.999, {2006, 1, 2, 2, 1, 22, 4, 31}},
        // functions.test
        Case{1136239445, {2006, 1, 2, 2, 1, 22, 4, 31}},
        Case{1230767999, {2008, 12, 31, 366, 3, 23, 59, 31}},
        Case{1230768000, {2009, 1, 1, 1, 4, 0, 0, 31}},
        Case{1456790399, {2016, 2, 29, 60, 1, 23, 59, 29}},
        Case{1456790400, {2016, 3, 1, 61, 2, 0, 0, 31}},
        Case{1483191420, {2016, 12, 31, 366, 6, 13, 37, 31}},
        Case{1672493820, {2022, 12, 31, 365, 6, 13, 37, 31}},
        Case{1454284800, {2016, 2, 1, 32, 1, 0, 0, 29}},
        Case{1485907200, {2017, 2, 1, 32, 3, 0, 0, 28}}));

// days_in_month over the months of 2100 (not a leap year).
TEST(DateTest, DaysInMonthOf2100) {
  const double starts[] = {4103654400, 4106332800, 4108752000, 4111430400,
                           4114022400, 4116700800, 4119292800, 4121971200,
                           4124649600, 4127241600, 4129920000, 4132512000};
  const double want[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 0; m < 12; ++m) {
    CallFixture f;
    Vector out = f.Run("days_in_month", {Vector{S({}, starts[m])}});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(want[m], out[0].v) << m + 1;
  }
}

// Without an argument the functions read the evaluation time, here
// 100000s = 1970-01-02T03:46:40Z.
TEST(DateTest, DefaultsToEvaluationTime) {
  const double want[] = {1970, 1, 2, 2, 5, 3, 46, 31};
  for (size_t i = 0; i < kFuncs.size(); ++i) {
    CallFixture f;
    Vector out = f.Run(kFuncs[i], {}, 100000000);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].metric, Labels());
    EXPECT_EQ(want[i], out[0].v) << kFuncs[i];
  }
  // functions.test: at 0 the epoch is a Thursday.
  CallFixture f;
  EXPECT_EQ(4, f.Run("day_of_week", {}, 0)[0].v);
}

TEST(TimeTest, TimeIsEvaluationTimeInSeconds) {
  CallFixture f;
  EXPECT_EQ(0.001, f.Run("time", {}, 1)[0].v);
  EXPECT_EQ(3000, f.Run("time", {}, 3000000)[0].v);
  EXPECT_EQ(-1.5, f.Run("time", {}, -1500)[0].v);
}

TEST(TimeTest, TimestampUsesSampleTimesAndDropsName) {
  CallFixture f;
  Vector in = {S({{"__name__", "m"}, {"a", "1"}}, 7, 10000),
               S({{"a", "2"}}, 8, -1)};
  Vector out = f.Run("timestamp", {in}, 50000);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].metric, (Labels{{"a", "1"}}));
  EXPECT_EQ(10, out[0].v);
  EXPECT_EQ(-0.001, out[1].v);
}

TEST(TimeTest, VectorAndScalar) {
  CallFixture f;
  Vector out = f.Run("vector", {Scalar{0, 2.5}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric, Labels());
  EXPECT_EQ(2.5, out[0].v);

  EXPECT_EQ(4, f.Run("scalar", {Vector{S({{"a", "b"}}, 4)}})[0].v);
  EXPECT_TRUE(std::isnan(f.Run("scalar", {Vector{}})[0].v));
  EXPECT_TRUE(
      std::isnan(f.Run("scalar", {Vector{S({{"a", "b"}}, 1), S({}, 2)}})[0].v));
}

}  // namespace
}  // namespace tocsin::promql::testing
