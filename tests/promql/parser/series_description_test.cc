// promtool's series notation: labels, value expansion and errors (the
// messages are those promtool 2.42 prints for the same lines).

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "promql/parser/parser.h"
#include "promql/value.h"

namespace tocsin::promql {
namespace {

using Values = std::vector<std::optional<double>>;
constexpr std::nullopt_t _ = std::nullopt;

struct ValuesCase {
  const char* input;
  Values values;
};

TEST(SeriesDescriptionTest, ExpandsValues) {
  const double inf = INFINITY;
  const ValuesCase cases[] = {
      {"foo", {}},
      {"foo ", {}},
      {"foo 1 2 3", {1, 2, 3}},
      {"foo  1   2 ", {1, 2}},
      {"foo 0+10x3", {0, 10, 20, 30}},
      {"foo 5-2x3", {5, 3, 1, -1}},
      {"foo 1x5", {1, 1, 1, 1, 1, 1}},
      {"foo 1x0", {1}},
      {"foo _", {_}},
      {"foo _x3", {_, _, _}},
      {"foo 1 _x2 2", {1, _, _, 2}},
      {"foo -1 +2 -3", {-1, 2, -3}},
      {"foo -1+1x2", {-1, 0, 1}},
      {"foo 1e3 1.5e-1 .5 5.", {1000, 0.15, 0.5, 5}},
      {"foo 1e3+1e2x2", {1000, 1100, 1200}},
      {"foo Inf -Inf +Inf", {inf, -inf, inf}},
      {"foo 0x2", {0, 0, 0}},
      {"foo 010", {8}},
      {"foo 0.1+0.1x2", {0.1, 0.2, 0.30000000000000004}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto desc = ParseSeriesDescription(c.input);
    ASSERT_TRUE(desc.ok()) << desc.status().message();
    EXPECT_EQ(desc->values, c.values);
  }
}

TEST(SeriesDescriptionTest, SpecialValues) {
  auto desc = ParseSeriesDescription("foo NaN stale nan 1");
  ASSERT_TRUE(desc.ok()) << desc.status().message();
  ASSERT_EQ(desc->values.size(), 4u);
  EXPECT_TRUE(std::isnan(*desc->values[0]));
  EXPECT_FALSE(IsStaleNaN(*desc->values[0]));
  EXPECT_TRUE(IsStaleNaN(*desc->values[1]));
  EXPECT_TRUE(std::isnan(*desc->values[2]));
  EXPECT_EQ(*desc->values[3], 1);
  EXPECT_EQ(ParseSeriesDescription("foo stalex2").status().message(),
            "1:5: parse error: unexpected identifier \"stalex2\" in series "
            "values, expected number or \"stale\"");
  EXPECT_EQ(ParseSeriesDescription("foo stale x2").status().message(),
            "1:11: parse error: unexpected \"x\"");
}

TEST(SeriesDescriptionTest, Labels) {
  struct {
    const char* input;
    Labels labels;
  } cases[] = {
      {"foo 1", Labels{{"__name__", "foo"}}},
      {"foo{} 1", Labels{{"__name__", "foo"}}},
      {"foo{a=\"b\", c='d',} 1",
       Labels{{"__name__", "foo"}, {"a", "b"}, {"c", "d"}}},
      {"{a=\"b\"} 1", Labels{{"a", "b"}}},
      {"{__name__=\"x\", a=\"\\n\"} 1", Labels{{"__name__", "x"}, {"a", "\n"}}},
      {"foo{__name__=\"x\"} 1", Labels{{"__name__", "foo"}}},
      {"foo:bar{a=`b`}", Labels{{"__name__", "foo:bar"}, {"a", "b"}}},
      {"sum 1", Labels{{"__name__", "sum"}}},
      {"offset{by=\"x\"} 1", Labels{{"__name__", "offset"}, {"by", "x"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto desc = ParseSeriesDescription(c.input);
    ASSERT_TRUE(desc.ok()) << desc.status().message();
    EXPECT_EQ(desc->labels, c.labels);
  }
}

TEST(SeriesDescriptionTest, Errors) {
  struct {
    const char* input;
    const char* error;
  } cases[] = {
      {"foo 1 +", "1:8: parse error: unexpected end of input in series values"},
      {"foo 1+1", "1:8: parse error: unexpected end of input in series values"},
      {"foo _x", "1:7: parse error: unexpected end of input in series values"},
      {"foo -", "1:6: parse error: unexpected end of input in series values"},
      {"foo 1x1.5",
       "1:7: parse error: invalid repetition in series values: "
       "strconv.ParseUint: parsing \"1.5\": invalid syntax"},
      {"foo abc",
       "1:5: parse error: unexpected identifier \"abc\" in series values, "
       "expected number or \"stale\""},
      {"foo sum", "1:5: parse error: unexpected <aggr:sum>"},
      {"foo{a=\"b\" 1",
       "1:11: parse error: unexpected character inside braces: '1'"},
      {"foo{a=~\"b\"} 1",
       "1:6: parse error: unexpected <op:=~> in label set, expected \"=\""},
      {"foo{a} 1",
       "1:6: parse error: unexpected \"}\" in label set, expected \"=\""},
      {"foo{a=1} 1",
       "1:7: parse error: unexpected character inside braces: '1'"},
      {"foo{a=\"b\" c=\"d\"} 1",
       "1:11: parse error: unexpected identifier \"c\" in label set, expected "
       "\",\" or \"}\""},
      {"foo{,} 1",
       "1:5: parse error: unexpected \",\" in label set, expected identifier "
       "or \"}\""},
      {"foo 1 x", "1:7: parse error: unexpected \"x\""},
      {"foo 1, 2",
       "1:6: parse error: unexpected character in series sequence: ','"},
      {"foo{a=\"b\"} x 1", "1:12: parse error: unexpected \"x\""},
      {"foo{a=\"b\"}x 1",
       "1:11: parse error: unexpected \"x\" in series values"},
      {"on 1", "1:1: parse error: unexpected <on> in series values"},
      {"foo 1x99999999999999999999",
       "1:7: parse error: invalid repetition in series values: "
       "strconv.ParseUint: parsing \"99999999999999999999\": value out of "
       "range"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto desc = ParseSeriesDescription(c.input);
    ASSERT_FALSE(desc.ok());
    EXPECT_EQ(desc.status().message(), c.error);
  }
}

TEST(SeriesDescriptionTest, HugeRepetitionIsAnErrorNotAnAllocation) {
  EXPECT_FALSE(ParseSeriesDescription("foo 1x9999999999999").ok());
  EXPECT_FALSE(ParseSeriesDescription("foo _x9999999999999").ok());
}

}  // namespace
}  // namespace tocsin::promql
