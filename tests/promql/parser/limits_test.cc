// Hostile inputs: deep nesting is a parse error, never a stack overflow;
// long flat inputs still parse.

#include <gtest/gtest.h>

#include <string>

#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

namespace tocsin::promql {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

void ExpectDepthError(const std::string& input) {
  auto parsed = ParseExpr(input);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nesting"), std::string::npos)
      << parsed.status().message();
}

TEST(LimitsTest, DeepNestingIsAnError) {
  ExpectDepthError(Repeat("(", 10000) + "1" + Repeat(")", 10000));
  ExpectDepthError(Repeat("-(", 10000) + "1" + Repeat(")", 10000));
  ExpectDepthError(Repeat("-", 100000) + "foo");
  ExpectDepthError(Repeat("sum(", 5000) + "foo" + Repeat(")", 5000));
  ExpectDepthError(Repeat("abs(", 5000) + "foo" + Repeat(")", 5000));
  ExpectDepthError("1" + Repeat(" ^ 1", 10000));
  ExpectDepthError("foo" + Repeat(" + foo", 100000));
  ExpectDepthError("foo" + Repeat(" or foo", 5000));
  ExpectDepthError("1" + Repeat(" + 1", 5000));
  // Unclosed: still bounded.
  ExpectDepthError(Repeat("(", 100000));
}

TEST(LimitsTest, ModerateNestingParses) {
  for (const std::string& input :
       {Repeat("(", 200) + "1" + Repeat(")", 200),
        Repeat("-(", 100) + "foo" + Repeat(")", 100),
        Repeat("sum(", 100) + "foo" + Repeat(")", 100),
        "foo" + Repeat(" + foo", 300), "1" + Repeat(" ^ 1", 300)}) {
    auto parsed = ParseExpr(input);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    std::string printed = Print(**parsed);
    auto again = ParseExpr(printed);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(Print(**again), printed);
  }
}

TEST(LimitsTest, LongFlatInputs) {
  std::string many_matchers = "foo{";
  for (int i = 0; i < 2000; ++i) {
    many_matchers += "l" + std::to_string(i) + "=\"v\",";
  }
  many_matchers += "}";
  ASSERT_TRUE(ParseExpr(many_matchers).ok());
  std::string args = "label_join(foo, \"a\", \",\"";
  for (int i = 0; i < 2000; ++i) args += ", \"l" + std::to_string(i) + "\"";
  args += ")";
  ASSERT_TRUE(ParseExpr(args).ok());
  std::string long_string = "\"" + std::string(1 << 20, 'x') + "\"";
  ASSERT_TRUE(ParseExpr(long_string).ok());
}

}  // namespace
}  // namespace tocsin::promql
