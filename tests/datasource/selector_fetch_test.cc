#include "datasource/selector_fetch.h"

#include <gtest/gtest.h>

#include "promql/parser/parser.h"
#include "promql/value.h"

namespace tocsin::datasource {
namespace {

using promql::SelectHints;

std::vector<promql::Matcher> Sel(std::string_view text) {
  auto m = promql::ParseMetricSelector(text);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : std::vector<promql::Matcher>{};
}

SelectHints Hints(int64_t first, int64_t last, int64_t step, int64_t range = 0,
                  bool ts = false) {
  SelectHints h;
  h.first_ref = first;
  h.last_ref = last;
  h.step = step;
  h.range = range;
  h.lookback = range == 0 ? 300000 : 0;
  h.sample_timestamps = ts;
  return h;
}

TEST(SelectorFetchTest, PrintSelector) {
  EXPECT_EQ(PrintSelector(Sel(R"(up{job="api",a=~"x|y"})")),
            R"({__name__="up",a=~"x|y",job="api"})");
  EXPECT_EQ(PrintSelector(Sel(R"({job!="a\"b\n"})")), R"({job!="a\"b\n"})");
  EXPECT_EQ(PrintSelector(Sel(R"(x{b!~"1",b="2"})")),
            R"({__name__="x",b="2",b!~"1"})");
}

TEST(SelectorFetchTest, Plans) {
  struct Case {
    SelectHints hints;
    std::vector<ApiQuery> queries;
    std::vector<ApiQuery> timestamp_queries;
    bool raw;
  } cases[] = {
      // One reference time: an instant query there.
      {Hints(600000, 600000, 0), {{"{__name__=\"up\"}", false, 600000}}, {},
       false},
      // Several: a range query over exactly the reference times.
      {Hints(180000, 480000, 60000),
       {{"{__name__=\"up\"}", true, 0, 180000, 480000, 60000}}, {}, false},
      // timestamp(): the values and timestamp(<selector>) alike.
      {Hints(600000, 600000, 0, 0, true),
       {{"{__name__=\"up\"}", false, 600000}},
       {{"timestamp({__name__=\"up\"})", false, 600000}}, false},
      // A range selector: raw samples of the whole span, read at last_ref.
      {Hints(300000, 600000, 60000, 180000),
       {{"{__name__=\"up\"}[8m]", false, 600000}}, {}, true},
      {Hints(600000, 600000, 0, 300001),
       {{"{__name__=\"up\"}[5m1ms]", false, 600000}}, {}, true},
      // More steps than one range query may have: split.
      {Hints(0, 25000 * 1000, 1000),
       {{"{__name__=\"up\"}", true, 0, 0, 9999000, 1000},
        {"{__name__=\"up\"}", true, 0, 10000000, 19999000, 1000},
        {"{__name__=\"up\"}", true, 0, 20000000, 25000000, 1000}},
       {}, false},
  };
  for (const Case& c : cases) {
    SelectPlan plan = PlanSelect(Sel("up"), c.hints);
    EXPECT_EQ(plan.raw, c.raw);
    ASSERT_EQ(plan.queries.size(), c.queries.size());
    for (size_t i = 0; i < c.queries.size(); ++i) {
      EXPECT_EQ(plan.queries[i], c.queries[i]) << plan.queries[i].expr << " "
                                               << plan.queries[i].start << " "
                                               << plan.queries[i].end;
    }
    EXPECT_EQ(plan.timestamp_queries, c.timestamp_queries);
  }
  SelectPlan raw = PlanRawSelect(Sel("up"), 1000, 61000);
  ASSERT_EQ(raw.queries.size(), 1u);
  EXPECT_EQ(raw.queries[0], (ApiQuery{"{__name__=\"up\"}[1m]", false, 61000}));
}

TEST(SelectorFetchTest, ApiTimesAndRequests) {
  EXPECT_EQ(FormatApiTime(0), "0");
  EXPECT_EQ(FormatApiTime(1500), "1.5");
  EXPECT_EQ(FormatApiTime(1700000000001), "1700000000.001");
  EXPECT_EQ(FormatApiTime(-1250), "-1.25");
  HttpRequest r = MakeApiRequest(
      ApiQuery{"rate(x[5m]) > 1", true, 0, 1000, 61000, 15000}, 2048);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target,
            "/api/v1/query_range?query=rate%28x%5B5m%5D%29+%3E+1&start=1&end=61&"
            "step=15s");
  r = MakeApiRequest(ApiQuery{"up", false, 1000}, 10);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/api/v1/query");
  EXPECT_EQ(r.body, "query=up&time=1");
}

QueryData Matrix(std::vector<std::pair<promql::Labels,
                                       std::vector<std::pair<int64_t, double>>>>
                     series,
                 ResultType type = ResultType::kMatrix) {
  QueryData d;
  d.type = type;
  for (auto& [labels, points] : series) {
    d.labels.push_back(labels);
    for (auto [t, v] : points) {
      d.t.push_back(t);
      d.v.push_back(v);
    }
    d.offsets.push_back(d.t.size());
  }
  return d;
}

std::string Dump(const promql::SeriesSet& set) {
  std::string out;
  for (const auto& s : set.series) {
    out += s.labels.ToString() + ":";
    for (size_t i = 0; i < s.t.size(); ++i) {
      out += " " + std::to_string(s.t[i]) + "=" +
             (promql::IsStaleNaN(s.v[i]) ? "stale" : std::to_string(int(s.v[i])));
    }
    out += "\n";
  }
  return out;
}

TEST(SelectorFetchTest, InstantSelectorOverSeveralReferenceTimes) {
  // References 0, 10, ..., 60 (ms for brevity): a is absent at 20-30 and
  // from 60; b appears only at 40.
  SelectPlan plan = PlanSelect(Sel("x"), Hints(0, 60, 10));
  promql::Labels a{{"__name__", "x"}, {"i", "a"}};
  promql::Labels b{{"__name__", "x"}, {"i", "b"}};
  std::vector<QueryData> answers;
  answers.push_back(Matrix({{a, {{0, 1}, {10, 2}, {40, 5}, {50, 6}}},
                            {b, {{40, 7}}}}));
  auto set = AssembleSelect(plan, std::move(answers));
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(Dump(*set),
            "{__name__=\"x\", i=\"a\"}: 0=1 10=2 20=stale 40=5 50=6 60=stale\n"
            "{__name__=\"x\", i=\"b\"}: 40=7 50=stale\n");
}

TEST(SelectorFetchTest, ChunksAreMergedPerSeries) {
  SelectPlan plan = PlanSelect(Sel("x"), Hints(0, 30000 * 10, 10));
  ASSERT_EQ(plan.queries.size(), 4u);
  promql::Labels a{{"i", "a"}};
  promql::Labels b{{"i", "b"}};
  std::vector<QueryData> answers;
  answers.push_back(Matrix({{a, {{99990, 1}}}}));
  answers.push_back(Matrix({{b, {{100000, 2}}}, {a, {{100000, 3}}}}));
  answers.push_back(Matrix({}));
  answers.push_back(Matrix({{b, {{300000, 4}}}}));
  auto set = AssembleSelect(plan, std::move(answers));
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(Dump(*set),
            "{i=\"a\"}: 99990=1 100000=3 100010=stale\n"
            "{i=\"b\"}: 100000=2 100010=stale 300000=4\n");
}

TEST(SelectorFetchTest, TimestampsMoveSamplesToTheirTrueTime) {
  SelectPlan plan = PlanSelect(Sel("x"), Hints(100, 400, 100, 0, true));
  promql::Labels a{{"__name__", "x"}, {"i", "a"}};
  promql::Labels a_ts{{"i", "a"}};
  std::vector<QueryData> answers;
  // The sample at 95 is seen at 100 and 200, the one at 250 at 300; at 400
  // the series is stale.
  answers.push_back(Matrix({{a, {{100, 1}, {200, 1}, {300, 2}}}}));
  answers.push_back(Matrix({{a_ts, {{100, 0.095}, {200, 0.095}, {300, 0.25}}}}));
  auto set = AssembleSelect(plan, std::move(answers));
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(Dump(*set), "{__name__=\"x\", i=\"a\"}: 95=1 250=2 400=stale\n");
}

TEST(SelectorFetchTest, OneReferenceTimeKeepsTheAnswerColumns) {
  SelectPlan plan = PlanSelect(Sel("x"), Hints(100, 100, 0));
  std::vector<QueryData> answers;
  answers.push_back(Matrix({{promql::Labels{{"i", "a"}}, {{100, 4}}}},
                           ResultType::kVector));
  auto set = AssembleSelect(plan, std::move(answers));
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(Dump(*set), "{i=\"a\"}: 100=4\n");
}

TEST(SelectorFetchTest, WrongResultTypeIsAnError) {
  SelectPlan plan = PlanSelect(Sel("x"), Hints(100, 100, 0, 50));
  std::vector<QueryData> answers;
  answers.push_back(Matrix({}, ResultType::kVector));
  auto set = AssembleSelect(plan, std::move(answers));
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(set.status().message(),
            "datasource answered a selector query with a vector result");
}

}  // namespace
}  // namespace tocsin::datasource
