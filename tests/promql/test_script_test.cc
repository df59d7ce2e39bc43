#include "promql/test_script.h"

#include <gtest/gtest.h>

#include "promql/test_script_at.h"
#include "promql/test_script_parser.h"

namespace tocsin::promql {
namespace {

constexpr char kLoad[] =
    "load 5m\n"
    "  http_requests{job=\"api\", instance=\"0\"} 0+10x10\n"
    "  http_requests{job=\"api\", instance=\"1\"} 0+20x10\n"
    "  odd{job=\"x\"} NaN\n"
    "\n";  // lines 1-5

constexpr char kReq0[] =
    R"({__name__="http_requests", instance="0", job="api"})";
constexpr char kReq1[] =
    R"({__name__="http_requests", instance="1", job="api"})";

struct Case {
  const char* name;
  const char* script;  // appended to kLoad
  int passed;
  int failed;
  const char* message;  // the first failure's message contains this
  int line = 0;         // and is reported at this line (when not 0)
};

class RunnerTest : public ::testing::TestWithParam<Case> {};

TEST_P(RunnerTest, ReportsWhatWasExpectedAndWhatCameBack) {
  const Case& c = GetParam();
  std::string script = std::string(kLoad) + c.script;
  ScriptResult r = RunTestScript(script, "x.test");
  std::string failures;
  for (const auto& f : r.failures) {
    failures +=
        std::to_string(f.line) + ": " + f.expr + ": " + f.message + "\n";
  }
  EXPECT_EQ(r.passed, c.passed) << failures;
  EXPECT_EQ(r.failed, c.failed) << failures;
  ASSERT_EQ(r.failures.size(), static_cast<size_t>(r.failed));
  if (c.message[0] != '\0') {
    ASSERT_FALSE(r.failures.empty());
    EXPECT_NE(r.failures[0].message.find(c.message), std::string::npos)
        << "got: " << r.failures[0].message << "\nwant: " << c.message;
    if (c.line != 0) {
      EXPECT_EQ(r.failures[0].line, c.line);
    }
  }
}

const Case kCases[] = {
    {"correct instant",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n"
     "  http_requests{job=\"api\", instance=\"1\"} 200\n",
     1, 0, ""},
    {"within tolerance",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100.00001\n"
     "  http_requests{job=\"api\", instance=\"1\"} 199.99999\n",
     1, 0, ""},
    {"wrong value",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100.001\n"
     "  http_requests{job=\"api\", instance=\"1\"} 200\n",
     0, 1,
     "expected 100.001 for {__name__=\"http_requests\", instance=\"0\", "
     "job=\"api\"} but got 100",
     6},
    {"missing series",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n"
     "  http_requests{job=\"api\", instance=\"1\"} 200\n"
     "  http_requests{job=\"api\", instance=\"2\"} 300\n",
     0, 1,
     "expected metric {__name__=\"http_requests\", instance=\"2\", "
     "job=\"api\"} with [300] not found",
     6},
    {"extra series",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n",
     0, 1,
     "unexpected metric {__name__=\"http_requests\", instance=\"1\", "
     "job=\"api\"} in result, has value 200"},
    {"labels must match exactly",
     "eval instant at 50m http_requests{instance=\"0\"}\n"
     "  http_requests{job=\"api\", instance=\"0\", extra=\"1\"} 100\n",
     0, 1, "unexpected metric"},
    {"no expectation means an empty result",
     "eval instant at 50m http_requests{job=\"none\"}\n", 1, 0, ""},
    {"nan equals nan", "eval instant at 1m odd\n  odd{job=\"x\"} NaN\n", 1, 0,
     ""},
    {"nan is not a number", "eval instant at 1m odd\n  odd{job=\"x\"} 1\n", 0,
     1, "expected 1 for {__name__=\"odd\", job=\"x\"} but got NaN"},
    {"eval_fail that fails",
     "eval_fail instant at 50m http_requests + on() http_requests\n", 1, 0, ""},
    {"eval_fail that succeeds", "eval_fail instant at 50m http_requests\n", 0,
     1, "expected error evaluating query but got none", 6},
    {"unexpected error",
     "eval instant at 50m http_requests + on() http_requests\n", 0, 1,
     "error evaluating query: "},
    {"eval_ordered in order",
     "eval_ordered instant at 50m sort_desc(http_requests)\n"
     "  http_requests{job=\"api\", instance=\"1\"} 200\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n",
     1, 0, ""},
    {"eval_ordered out of order",
     "eval_ordered instant at 50m sort_desc(http_requests)\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n"
     "  http_requests{job=\"api\", instance=\"1\"} 200\n",
     0, 1,
     "expected metric {__name__=\"http_requests\", instance=\"1\", "
     "job=\"api\"} with [200] at position 2 but was at 1"},
    {"scalar", "eval instant at 50m 1\n  1\n", 1, 0, ""},
    {"wrong scalar", "eval instant at 50m 1\n  2\n", 0, 1,
     "expected scalar 2 but got 1"},
    {"scalar expected, vector returned",
     "eval instant at 50m http_requests\n  2\n", 0, 1,
     "expected scalar 2 but got vector"},
    {"time() is not pinned by @", "eval instant at 50m time()\n  3000\n", 1, 0,
     ""},
    {"clear empties the storage",
     "clear\n\neval instant at 50m http_requests\n", 1, 0, ""},
    {"clear, then a stale expectation",
     "clear\n\neval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 100\n",
     0, 1, "not found", 8},
    {"range eval",
     "eval range from 0 to 10m step 5m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 0 10 20\n"
     "  http_requests{job=\"api\", instance=\"1\"} 0+20x2\n",
     1, 0, ""},
    {"range eval with a missing step",
     "eval range from 0 to 10m step 5m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 0 _ 20\n"
     "  http_requests{job=\"api\", instance=\"1\"} 0+20x2\n",
     0, 1,
     "expected 2 float points for {__name__=\"http_requests\", "
     "instance=\"0\", job=\"api\"}, but got 3 float points [0 @[0] 10 "
     "@[300000] 20 @[600000]]"},
    {"range eval with a wrong value",
     "eval range from 0 to 10m step 5m http_requests{instance=\"1\"}\n"
     "  http_requests{job=\"api\", instance=\"1\"} 0 20 41\n",
     0, 1,
     "expected float value at index 2 (t=600000) for "
     "{__name__=\"http_requests\", instance=\"1\", job=\"api\"} to be 41, "
     "but got 40"},
    {"range eval with too many values",
     "eval range from 0 to 10m step 5m http_requests{instance=\"1\"}\n"
     "  http_requests{job=\"api\", instance=\"1\"} 0 20 40 60\n",
     0, 1, "but query time range cannot return this many points"},
    {"range eval with an extra series",
     "eval range from 0 to 10m step 5m http_requests\n"
     "  http_requests{job=\"api\", instance=\"1\"} 0 20 40\n",
     0, 1, "unexpected metric {__name__=\"http_requests\", instance=\"0\""},
    {"range eval_fail that succeeds",
     "eval_fail range from 0 to 10m step 5m http_requests\n", 0, 1,
     "expected error evaluating query but got none"},
    {"invalid command", "foo bar\n", 0, 1, "invalid command \"foo bar\"", 6},
    {"instant eval with several values",
     "eval instant at 50m http_requests\n"
     "  http_requests{job=\"api\", instance=\"0\"} 1 2\n",
     0, 1, "expecting multiple values in instant evaluation not allowed", 7},
    {"eval without a time", "eval instant http_requests\n", 0, 1,
     "invalid evaluation command"},
    {"bad time", "eval instant at 5x http_requests\n", 0, 1,
     "invalid timestamp definition \"5x\""},
    {"end before start", "eval range from 10m to 5m step 1m up\n", 0, 1,
     "invalid test definition, end timestamp (5m) is before start timestamp "
     "(10m)"},
    {"expression that does not parse", "eval instant at 50m sum(\n", 0, 1,
     "x.test:6:", 6},
    {"failed load", "load 1m\n  http_requests{job=\"api\", instance=\"0\"} 1\n",
     0, 1, "load: out of order sample for series", 6},
    {"one failure does not stop the script",
     "eval instant at 50m http_requests{instance=\"9\"}\n  x 1\n\n"
     "eval instant at 50m 1\n  1\n",
     1, 1, "expected metric {__name__=\"x\"} with [1] not found", 6},
};

INSTANTIATE_TEST_SUITE_P(Scripts, RunnerTest, ::testing::ValuesIn(kCases),
                         [](const auto& test_info) {
                           std::string n = test_info.param.name;
                           for (char& ch : n) {
                             if (!isalnum(static_cast<unsigned char>(ch))) {
                               ch = '_';
                             }
                           }
                           return n;
                         });

TEST(TestScriptParser, ReadsCommandsTimesAndExpectations) {
  auto cmds = ParseTestScript(
      "# comment\n"
      "load 1m\n"
      "  a{x=\"1\"} 1 2 3\n"
      "  a{x=\"1\"} 4\n"
      "\n"
      "clear\n"
      "eval_ordered instant at 1h30m sort(a)\n"
      "  a{x=\"1\"} 4\n"
      "  b 5\n"
      "\n"
      "eval_fail range from 1m to 2m step 30s a\n"
      "  a _ 1 _x2\n",
      "s.test");
  ASSERT_EQ(cmds.size(), 4u);
  const auto& load = std::get<LoadCommand>(cmds[0]);
  EXPECT_EQ(load.line, 2);
  ASSERT_EQ(load.series.size(), 1u);  // the later definition wins
  EXPECT_EQ(load.series[0].v, std::vector<double>{4});
  EXPECT_EQ(std::get<ClearCommand>(cmds[1]).line, 6);
  const auto& inst = std::get<EvalCommand>(cmds[2]);
  EXPECT_EQ(inst.line, 7);
  EXPECT_TRUE(inst.ordered);
  EXPECT_FALSE(inst.fail);
  EXPECT_FALSE(inst.range);
  EXPECT_EQ(inst.start_ms, 5'400'000);
  EXPECT_EQ(inst.expr, "sort(a)");
  ASSERT_EQ(inst.expected.size(), 2u);
  EXPECT_EQ(inst.expected[1].labels.ToString(), "{__name__=\"b\"}");
  EXPECT_EQ(inst.expected[1].pos, 2);
  const auto& range = std::get<EvalCommand>(cmds[3]);
  EXPECT_TRUE(range.range);
  EXPECT_TRUE(range.fail);
  EXPECT_EQ(range.start_ms, 60'000);
  EXPECT_EQ(range.end_ms, 120'000);
  EXPECT_EQ(range.step_ms, 30'000);
  ASSERT_EQ(range.expected.size(), 1u);
  ASSERT_EQ(range.expected[0].values.size(), 4u);
  EXPECT_FALSE(range.expected[0].values[0]);
  EXPECT_EQ(range.expected[0].values[1], 1);
}

TEST(TestScriptParser, ABareNumberEndsTheExpectations) {
  auto cmds = ParseTestScript("eval instant at 0 1\n  0x10\n  2\n", "s");
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(std::get<EvalCommand>(cmds[0]).scalar, 16);
  // As in Prometheus, the next line is read as a command.
  EXPECT_EQ(std::get<BadCommand>(cmds[1]).message, "invalid command \"2\"");
  EXPECT_EQ(std::get<BadCommand>(cmds[1]).line, 3);
}

TEST(TestScriptParser, PositionsOfBadSeriesLines) {
  auto cmds = ParseTestScript("load 1m\n    a{x=\"1\" 1\n", "s.test");
  ASSERT_EQ(cmds.size(), 1u);
  const auto& bad = std::get<BadCommand>(cmds[0]);
  EXPECT_EQ(bad.line, 2);
  EXPECT_EQ(bad.message.rfind("s.test:2:", 0), 0u) << bad.message;
}

TEST(AtModifierVariants, PinSelectorsOutsideSubqueries) {
  struct VariantCase {
    const char* expr;
    int64_t t;
    const char* pinned;  // "" when no variants are made
    std::vector<int64_t> times;
  };
  const VariantCase cases[] = {
      {"rate(x[5m])",
       3'000'000,
       "rate(x[5m] @ 3000.000)",
       {-30'000'000, 0, 600'000, 3'000'000, 30'000'000}},
      {"x @ 100 + y offset 1m",
       60'000,
       "x @ 100.000 + y @ 60.000 offset 1m",
       {-600'000, 0, 12'000, 60'000, 600'000}},
      {"x", 0, "x @ 0.000", {-1000, 0, 1000}},
      {"sum_over_time(x[5m:1m])",
       60'000,
       "sum_over_time(x[5m:1m] @ 60.000)",
       {-600'000, 0, 12'000, 60'000, 600'000}},
      {"x @ start()",
       60'000,
       "x @ 60.000",
       {-600'000, 0, 12'000, 60'000, 600'000}},
      {"time()", 60'000, "", {}},
      {"timestamp(x)", 60'000, "", {}},
      {"sum_over_time(timestamp(x)[5m:1m])",
       60'000,
       "sum_over_time(timestamp(x)[5m:1m] @ 60.000)",
       {-600'000, 0, 12'000, 60'000, 600'000}},
  };
  for (const auto& c : cases) {
    auto qs = InstantQueries(c.expr, c.t);
    ASSERT_GE(qs.size(), 1u);
    EXPECT_EQ(qs[0].expr, c.expr);
    EXPECT_EQ(qs[0].t, c.t);
    ASSERT_EQ(qs.size(), c.times.size() + 1) << c.expr;
    for (size_t i = 0; i < c.times.size(); ++i) {
      EXPECT_EQ(qs[i + 1].expr, c.pinned) << c.expr;
      EXPECT_EQ(qs[i + 1].t, c.times[i]) << c.expr;
    }
  }
}

}  // namespace
}  // namespace tocsin::promql
