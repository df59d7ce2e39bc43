// label_replace and label_join. Expected label sets and error texts are
// Prometheus 2.42's (promtool) for the series m{src="ab-12",dst="orig"}.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function_test_util.h"

namespace tocsin::promql::testing {
namespace functions_label_test {

const Labels kInput = {{"__name__", "m"}, {"src", "ab-12"}, {"dst", "orig"}};

Vector Input() { return {Sample{kInput, 0, 1}}; }

std::vector<Value> Args(std::vector<std::string> strings) {
  std::vector<Value> args;
  args.emplace_back(Input());
  for (auto& s : strings) args.emplace_back(String{0, std::move(s)});
  return args;
}

struct Case {
  const char* func;
  std::vector<std::string> args;  // the string arguments
  Labels want;
};

class LabelFunctionTest : public ::testing::TestWithParam<Case> {};

TEST_P(LabelFunctionTest, MatchesPrometheus) {
  const Case& c = GetParam();
  CallFixture f;
  Vector out = f.Run(c.func, Args(c.args));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric, c.want) << out[0].metric.ToString();
  EXPECT_EQ(out[0].v, 1);
}

Labels WithDst(const char* dst) {
  return {{"__name__", "m"}, {"src", "ab-12"}, {"dst", dst}};
}
const Labels kNoDst = {{"__name__", "m"}, {"src", "ab-12"}};
const char* kTwoGroups = "(\\w+)-(\\d+)";

INSTANTIATE_TEST_SUITE_P(
    Replace, LabelFunctionTest,
    ::testing::Values(
        Case{"label_replace", {"dst", "$1", "src", kTwoGroups}, WithDst("ab")},
        Case{"label_replace",
             {"dst", "$2$1", "src", kTwoGroups},
             WithDst("12ab")},
        Case{"label_replace",
             {"dst", "${1}x", "src", kTwoGroups},
             WithDst("abx")},
        // $1x names group "1x", which does not exist: empty, so dst goes.
        Case{"label_replace", {"dst", "$1x", "src", kTwoGroups}, kNoDst},
        Case{"label_replace",
             {"dst", "a$$b", "src", kTwoGroups},
             WithDst("a$b")},
        // Malformed references stay as text.
        Case{"label_replace", {"dst", "a$", "src", kTwoGroups}, WithDst("a$")},
        Case{"label_replace",
             {"dst", "a${1", "src", kTwoGroups},
             WithDst("a${1")},
        Case{"label_replace",
             {"dst", "a$-b", "src", kTwoGroups},
             WithDst("a$-b")},
        Case{"label_replace",
             {"dst", "<$name>", "src", "(?P<name>\\w+)-(\\d+)"},
             WithDst("<ab>")},
        Case{"label_replace",
             {"dst", "<${name}>", "src", "(?P<name>\\w+)-(\\d+)"},
             WithDst("<ab>")},
        // Leading zeros make a name, not a number.
        Case{"label_replace",
             {"dst", "<$01>", "src", kTwoGroups},
             WithDst("<>")},
        Case{"label_replace",
             {"dst", "<$10>", "src", kTwoGroups},
             WithDst("<>")},
        Case{"label_replace",
             {"dst", "<$0>", "src", kTwoGroups},
             WithDst("<ab-12>")},
        // A group that did not take part is empty.
        Case{"label_replace",
             {"dst", "<$2>", "src", "(ab)-12|(x)"},
             WithDst("<>")},
        // Names run over Unicode letters.
        Case{"label_replace",
             {"dst", "<$1\xc3\xa9>", "src", kTwoGroups},
             WithDst("<>")},
        Case{"label_replace",
             {"dst", "<${1}\xc3\xa9>", "src", kTwoGroups},
             WithDst("<ab\xc3\xa9>")},
        Case{"label_replace", {"dst", "$3", "src", kTwoGroups}, kNoDst},
        // The regex is anchored at both ends.
        Case{"label_replace", {"dst", "x", "src", "b-12"}, kInput},
        // A missing source label is the empty string.
        Case{"label_replace", {"dst", "x", "nope", ""}, WithDst("x")},
        Case{"label_replace", {"dst", "x", "nope", "y"}, kInput},
        Case{"label_replace",
             {"src", "$2", "src", kTwoGroups},
             Labels{{"__name__", "m"}, {"src", "12"}, {"dst", "orig"}}},
        Case{"label_replace",
             {"new", "$1", "src", "(a)b-12"},
             Labels{{"__name__", "m"},
                    {"src", "ab-12"},
                    {"dst", "orig"},
                    {"new", "a"}}},
        Case{
            "label_replace",
            {"__name__", "renamed", "src", ".*"},
            Labels{{"__name__", "renamed"}, {"src", "ab-12"}, {"dst", "orig"}}},
        Case{"label_replace",
             {"dst", "$1", "src", "(?i)(AB)-12"},
             WithDst("ab")}));

INSTANTIATE_TEST_SUITE_P(
    Join, LabelFunctionTest,
    ::testing::Values(Case{"label_join",
                           {"dst", "-", "src", "dst", "src"},
                           WithDst("ab-12-orig-ab-12")},
                      Case{"label_join", {"dst", "", "nope"}, kNoDst},
                      Case{"label_join", {"new", "+"}, kInput},
                      Case{"label_join",
                           {"__name__", "", "src"},
                           Labels{{"__name__", "ab-12"},
                                  {"src", "ab-12"},
                                  {"dst", "orig"}}}));

struct ErrorCase {
  const char* func;
  std::vector<std::string> args;
  const char* message;
};

class LabelFunctionErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LabelFunctionErrorTest, MatchesPrometheus) {
  const ErrorCase& c = GetParam();
  CallFixture f;
  try {
    f.Run(c.func, Args(c.args));
    ADD_FAILURE() << "no error";
  } catch (const EvalError& e) {
    EXPECT_EQ(std::string(e.what()), c.message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Errors, LabelFunctionErrorTest,
    ::testing::Values(
        ErrorCase{"label_replace",
                  {"dst", "x", "src", "(.*"},
                  "invalid regular expression in label_replace(): (.*"},
        ErrorCase{"label_replace",
                  {"1dst", "x", "src", ".*"},
                  "invalid destination label name in label_replace(): 1dst"},
        // The regex is checked before the destination.
        ErrorCase{"label_replace",
                  {"1dst", "x", "src", "a{2,1}"},
                  "invalid regular expression in label_replace(): a{2,1}"},
        ErrorCase{"label_replace",
                  {"dst", "x", "src", "\\p{Foo}"},
                  "invalid regular expression in label_replace(): \\p{Foo}"},
        ErrorCase{"label_join",
                  {"dst", "-", "src", "bad-name"},
                  "invalid source label name in label_join(): bad-name"},
        ErrorCase{"label_join",
                  {"bad-dst", "-", "src"},
                  "invalid destination label name in label_join(): bad-dst"},
        // Sources are checked before the destination.
        ErrorCase{"label_join",
                  {"bad-dst", "-", "bad-src"},
                  "invalid source label name in label_join(): bad-src"}));

// The regex is also checked when there is nothing to relabel.
TEST(LabelFunctionErrorTest, CheckedOnEmptyInput) {
  CallFixture f;
  std::vector<Value> args;
  args.emplace_back(Vector{});
  for (const char* s : {"dst", "x", "src", "("}) {
    args.emplace_back(String{0, s});
  }
  EXPECT_THROW(f.Run("label_replace", args), EvalError);
}

// The node's cache serves later steps and differing series correctly.
TEST(LabelFunctionTest, CacheAcrossSteps) {
  CallFixture f;
  Labels other = {{"src", "cd-34"}};
  for (int step = 0; step < 3; ++step) {
    std::vector<Value> args;
    args.emplace_back(Vector{Sample{kInput, 0, 1}, Sample{other, 0, 2}});
    for (const char* s : {"dst", "$2", "src", "(\\w+)-(\\d+)"}) {
      args.emplace_back(String{0, s});
    }
    Vector out = f.Run("label_replace", std::move(args), step * 1000);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].metric, WithDst("12"));
    EXPECT_EQ(out[1].metric, (Labels{{"src", "cd-34"}, {"dst", "34"}}));
    EXPECT_EQ(out[1].v, 2);
  }
}

}  // namespace functions_label_test
}  // namespace tocsin::promql::testing
