// Expands the annotation templates of
// testdata/prometheus_template_golden.jsonl as an alerting rule does and
// compares with what Prometheus 2.42 produced for them
// (scripts/gen_prometheus_template_golden.py).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "template/prometheus.h"

namespace tocsin::tmpl {
namespace {

struct PromCase {
  std::string name;
  std::string text;
  bool parse_error = false;
  std::string want;
};

std::vector<PromCase> LoadCases() {
  std::vector<PromCase> cases;
  std::ifstream in(std::string(TOCSIN_SOURCE_DIR) +
                   "/tests/template/testdata/prometheus_template_golden.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    boost::json::object o = boost::json::parse(line).as_object();
    PromCase c;
    c.name = o.at("name").as_string();
    c.text = o.at("template").as_string();
    if (o.contains("parse_error")) {
      c.parse_error = true;
      c.want = o.at("parse_error").as_string();
    } else {
      c.want = o.at("output").as_string();
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

promql::Sample Up(std::string instance, std::string job, double v) {
  return promql::Sample{
      promql::Labels{{"__name__", "up"}, {"instance", instance}, {"job", job}},
      0, v};
}

// The queries the cases run, answered as Prometheus answers them on the
// generator's series.
Result<promql::Vector> FakeQuery(std::string_view q, int64_t ts) {
  EXPECT_EQ(ts, 0);
  if (q == "up") return promql::Vector{Up("x:1", "a", 1), Up("y:2", "b", 0)};
  if (q == "up == 0") return promql::Vector{Up("y:2", "b", 0)};
  if (q == "up == 5") return promql::Vector{};
  return Status::InvalidArgument("unexpected query " + std::string(q));
}

class PrometheusGoldenTest : public testing::TestWithParam<PromCase> {};

TEST_P(PrometheusGoldenTest, ExpandsLikePrometheus) {
  const PromCase& c = GetParam();
  RuleTemplate t = RuleTemplate::Parse("T", c.text);
  if (c.parse_error) {
    EXPECT_EQ(t.parse_status().message(), c.want);
    EXPECT_EQ(CheckRuleTemplate("T", c.text).message(), c.want);
    return;
  }
  EXPECT_TRUE(t.parse_status().ok()) << t.parse_status().message();
  Value data =
      AlertTemplateData(promql::Labels{{"__name__", "m"},
                                       {"instance", "host1.example.com:9100"},
                                       {"job", "node"}},
                        promql::Labels{{"cluster", "c1"}},
                        "http://prom.example:9090/prefix", 1234.5678);
  PrometheusContext ctx;
  ctx.query = FakeQuery;
  ctx.timestamp_ms = 0;
  ctx.external_url = "http://prom.example:9090/prefix";
  Status error;
  EXPECT_EQ(t.Expand(data, ctx, &error), c.want) << c.text;
  EXPECT_EQ(error.ok(),
            c.want.find("<error expanding template") == std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Prometheus, PrometheusGoldenTest,
                         testing::ValuesIn(LoadCases()),
                         [](const testing::TestParamInfo<PromCase>& p) {
                           return p.param.name;
                         });

TEST(PrometheusGoldenFile, HasCases) { EXPECT_GT(LoadCases().size(), 40u); }

}  // namespace
}  // namespace tocsin::tmpl
