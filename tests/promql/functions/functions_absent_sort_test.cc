// absent(), absent_over_time()'s labels, sort() and sort_desc(). Expected
// results are from the 2.42 test scripts or Prometheus 2.42 (promtool).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "function_test_util.h"
#include "promql/functions/absent.h"

namespace tocsin::promql::testing {
namespace {

Matcher M(MatchType type, std::string name, std::string value) {
  auto m = Matcher::Make(type, std::move(name), std::move(value));
  EXPECT_TRUE(m.ok());
  return std::move(m).value();
}

std::unique_ptr<VectorSelector> Selector(std::vector<Matcher> matchers) {
  auto vs = std::make_unique<VectorSelector>();
  vs->matchers = std::move(matchers);
  return vs;
}

constexpr MatchType kEq = MatchType::kEqual;
constexpr MatchType kRe = MatchType::kRegexMatch;

struct AbsentCase {
  std::vector<Matcher> matchers;
  Labels want;
};

class AbsentTest : public ::testing::TestWithParam<AbsentCase> {};

TEST_P(AbsentTest, LabelsFromEqualityMatchers) {
  const AbsentCase& c = GetParam();
  CallFixture f;
  f.expr.args.push_back(Selector(c.matchers));
  Vector out = f.Run("absent", {Vector{}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric, c.want);
  EXPECT_EQ(out[0].v, 1);

  // The same labels for a matrix selector (absent_over_time).
  auto ms = std::make_unique<MatrixSelector>();
  ms->vector_selector = Selector(c.matchers);
  EXPECT_EQ(LabelsForAbsent(*ms), c.want);
}

const Matcher kName = M(kEq, "__name__", "nonexistent");

// functions.test, "Test for absent()" and absent_over_time.
INSTANTIATE_TEST_SUITE_P(
    FromTestScript, AbsentTest,
    ::testing::Values(
        AbsentCase{{kName}, Labels()},
        AbsentCase{{kName, M(kEq, "job", "testjob"),
                    M(kEq, "instance", "testinstance"), M(kRe, "method", ".x")},
                   Labels{{"instance", "testinstance"}, {"job", "testjob"}}},
        AbsentCase{{kName, M(kEq, "job", "testjob"), M(kEq, "job", "testjob2"),
                    M(kEq, "foo", "bar")},
                   Labels{{"foo", "bar"}}},
        AbsentCase{{kName, M(kEq, "job", "testjob"), M(kEq, "job", "testjob2"),
                    M(kEq, "job", "three"), M(kEq, "foo", "bar")},
                   Labels{{"foo", "bar"}}},
        AbsentCase{{kName, M(kEq, "job", "testjob"), M(kRe, "job", "testjob2"),
                    M(kEq, "foo", "bar")},
                   Labels{{"foo", "bar"}}},
        AbsentCase{{M(kEq, "handler", "/foo")}, Labels{{"handler", "/foo"}}},
        AbsentCase{{M(MatchType::kNotEqual, "handler", "/foo")}, Labels()},
        AbsentCase{{M(kEq, "handler", "/foo"), M(kEq, "handler", "/bar"),
                    M(kEq, "instance", "127.0.0.1")},
                   Labels{{"instance", "127.0.0.1"}}},
        // An equality matcher with an empty value sets nothing.
        AbsentCase{{M(kEq, "job", ""), M(kEq, "a", "b")}, Labels{{"a", "b"}}}));

TEST(AbsentTest, NothingWhenTheArgumentHasSamples) {
  CallFixture f;
  f.expr.args.push_back(Selector({kName}));
  EXPECT_TRUE(f.Run("absent", {Vector{S({{"a", "b"}}, 1)}}).empty());
}

TEST(AbsentTest, ParenthesesAreLookedThrough) {
  auto inner = std::make_unique<ParenExpr>();
  inner->expr = Selector({M(kEq, "job", "x")});
  ParenExpr outer;
  outer.expr = std::move(inner);
  EXPECT_EQ(LabelsForAbsent(outer), (Labels{{"job", "x"}}));
}

// absent(sum(nonexistent{job="testjob"})) and other non-selectors: {}.
TEST(AbsentTest, OtherExpressionsGiveNoLabels) {
  AggregateExpr sum;
  sum.expr = Selector({M(kEq, "job", "testjob")});
  EXPECT_EQ(LabelsForAbsent(sum), Labels());
  SubqueryExpr subquery;
  subquery.expr = Selector({M(kEq, "job", "testjob")});
  EXPECT_EQ(LabelsForAbsent(subquery), Labels());
}

// sort and sort_desc keep metric names and put NaN last (functions.test).
TEST(SortTest, FromTestScript) {
  Vector in;
  const double values[] = {100, 200, 300, 400, kNaN, 500, 600, 700, 800};
  for (int i = 0; i < 9; ++i) {
    in.push_back(S({{"__name__", "http_requests"}, {"i", std::to_string(i)}},
                   values[i]));
  }
  CallFixture f;
  Vector asc = f.Run("sort", {in});
  ASSERT_EQ(asc.size(), 9u);
  const char* asc_order[] = {"0", "1", "2", "3", "5", "6", "7", "8", "4"};
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(asc[i].metric.Get("i"), asc_order[i]) << i;
    EXPECT_EQ(asc[i].metric.Get("__name__"), "http_requests");
  }
  Vector desc = f.Run("sort_desc", {in});
  const char* desc_order[] = {"8", "7", "6", "5", "3", "2", "1", "0", "4"};
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(desc[i].metric.Get("i"), desc_order[i]) << i;
  }
}

// Order of equal values and NaNs in vectors longer than 12 elements, where
// Go's sort is not an insertion sort. Expected orders are Prometheus
// 2.42's (promtool, series in label order s00, s01, ...).
TEST(SortTest, TiesAndNaNsInGoOrder) {
  const double values[] = {3, 1, kNaN, 2, 1, 3, kNaN, 2, 1, 3,
                           2, 1, kNaN, 3, 2, 1, 2,    3, 1, 2};
  Vector in;
  for (int i = 0; i < 20; ++i) {
    char name[8];
    std::snprintf(name, sizeof(name), "s%02d", i);
    in.push_back(S({{"n", name}}, values[i]));
  }
  auto order = [](const Vector& v) {
    std::string s;
    for (const Sample& x : v)
      s += std::string(x.metric.Get("n")).substr(1) + " ";
    return s;
  };
  CallFixture f;
  EXPECT_EQ(order(f.Run("sort", {in})),
            "08 01 18 15 04 11 10 14 19 16 07 03 00 13 05 09 17 06 02 12 ");
  EXPECT_EQ(order(f.Run("sort_desc", {in})),
            "05 17 13 00 09 10 14 07 19 16 03 15 11 04 01 18 08 06 02 12 ");
}

}  // namespace
}  // namespace tocsin::promql::testing
