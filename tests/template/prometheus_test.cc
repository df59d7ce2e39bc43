// Prometheus template functions and rule expansion beyond the golden cases:
// the evaluation-bound functions, error wrapping and the plain-text path.

#include "template/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>

#include "template/humanize.h"

namespace tocsin::tmpl {
namespace {

Value Data(double value = 2) {
  return AlertTemplateData(promql::Labels{{"job", "j"}},
                           promql::Labels{{"cluster", "c"}},
                           "http://prom:9090/p", value);
}

TEST(RuleTemplateTest, PlainTextNeedsNoParsing) {
  RuleTemplate t = RuleTemplate::Parse("A", "100% plain {{ no");
  EXPECT_FALSE(t.parse_status().ok());
  RuleTemplate p = RuleTemplate::Parse("A", "100% plain");
  EXPECT_TRUE(p.parse_status().ok());
  EXPECT_EQ(p.Expand(Data(), PrometheusContext()), "100% plain");
}

TEST(RuleTemplateTest, ParseErrorsAreReportedOnEveryExpansion) {
  RuleTemplate t = RuleTemplate::Parse("HighLoad", "{{ if }}");
  EXPECT_EQ(t.parse_status().message(),
            "template: __alert_HighLoad:1: missing value for if");
  Status err;
  EXPECT_EQ(t.Expand(Data(), PrometheusContext(), &err),
            "<error expanding template: error parsing template "
            "__alert_HighLoad: template: __alert_HighLoad:1: missing value "
            "for if>");
  EXPECT_FALSE(err.ok());
  EXPECT_TRUE(CheckRuleTemplate("A", "{{ $labels.job }}").ok());
}

TEST(RuleTemplateTest, ContextBoundFunctions) {
  PrometheusContext ctx;
  ctx.external_url = "https://prom.example.com/sub/path?x=1";
  ctx.timestamp_ms = 123000;
  int calls = 0;
  ctx.query = [&calls](std::string_view q,
                       int64_t ts) -> Result<promql::Vector> {
    ++calls;
    EXPECT_EQ(ts, 123000);
    if (q == "bad") return Status::InvalidArgument("parse error at char 1");
    return promql::Vector{
        {promql::Labels{{"__name__", "up"}, {"job", "b"}}, ts, 1},
        {promql::Labels{{"__name__", "up"}, {"job", "a"}}, ts, 0}};
  };
  RuleTemplate t = RuleTemplate::Parse(
      "A",
      "{{ externalURL }} {{ pathPrefix }} "
      "{{ range query \"up\" | sortByLabel \"job\" }}{{ .Labels.job }}{{ end }}"
      " {{ $value | humanize }}");
  EXPECT_EQ(t.Expand(Data(1234), ctx),
            "https://prom.example.com/sub/path?x=1 /sub/path ab 1.234k");
  EXPECT_EQ(calls, 1);
  RuleTemplate bad = RuleTemplate::Parse("A", "{{ query \"bad\" }}");
  EXPECT_EQ(bad.Expand(Data(), ctx),
            "<error expanding template: error executing template __alert_A: "
            "template: __alert_A:1:115: executing \"__alert_A\" at <query "
            "\"bad\">: error calling query: parse error at char 1>");
  RuleTemplate no_query = RuleTemplate::Parse("A", "{{ query \"up\" }}");
  EXPECT_NE(
      no_query.Expand(Data(), PrometheusContext()).find("no query function"),
      std::string::npos);
}

TEST(RuleTemplateTest, WithoutExternalURLTheURLFunctionsFail) {
  PrometheusContext ctx;
  ctx.has_external_url = false;
  RuleTemplate t =
      RuleTemplate::Parse("A", "{{ $externalURL }}|{{ pathPrefix }}");
  EXPECT_EQ(t.Expand(Data(), ctx),
            "<error expanding template: error executing template __alert_A: "
            "template: __alert_A:1:134: executing \"__alert_A\" at "
            "<pathPrefix>: error calling pathPrefix: runtime error: invalid "
            "memory address or nil pointer dereference>");
  RuleTemplate u = RuleTemplate::Parse("A", "{{ externalURL }}");
  EXPECT_NE(u.Expand(Data(), ctx)
                .find("error calling externalURL: runtime "
                      "error: invalid memory address"),
            std::string::npos);
  ctx.has_external_url = true;
  ctx.external_url = "http://x/y";
  EXPECT_EQ(t.Expand(Data(), ctx), "http://prom:9090/p|/y");
}

TEST(ExpandTemplateTest, WrapsErrorsLikePrometheus) {
  PrometheusContext ctx;
  Result<std::string> r = ExpandTemplate("n", "{{ .Labels.job }}", Data(), ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "j");
  r = ExpandTemplate("n", "{{ nope }}", Data(), ctx);
  EXPECT_EQ(r.status().message(),
            "error parsing template n: template: n:1: function \"nope\" not "
            "defined");
  r = ExpandTemplate("n", "{{ .Nope }}", Data(), ctx);
  EXPECT_EQ(r.status().message(),
            "error executing template n: template: n:1:3: executing \"n\" "
            "at <.Nope>: can't evaluate field Nope in type struct { Labels "
            "map[string]string; ExternalLabels map[string]string; "
            "ExternalURL string; Value float64 }");
}

TEST(PrometheusFuncsTest, BoundToAContextCopy) {
  PrometheusContext ctx;
  ctx.external_url = "http://a/b";
  FuncMap funcs = PrometheusFuncs(ctx);
  ctx.external_url = "changed";
  Template t("t");
  t.AddFuncs(funcs);
  ASSERT_TRUE(
      t.Parse("{{ externalURL }} {{ pathPrefix }} {{ graphLink \"a b\" }}")
          .ok());
  EXPECT_EQ(*t.Execute(Value()), "http://a/b /b /graph?g0.expr=a+b&g0.tab=0");
}

TEST(HumanizeTest, Functions) {
  EXPECT_EQ(Humanize(1234567), "1.235M");
  EXPECT_EQ(Humanize(0.00012), "120u");
  EXPECT_EQ(Humanize(-0.5), "-500m");
  EXPECT_EQ(Humanize1024(1536), "1.5ki");
  EXPECT_EQ(HumanizeDuration(3661), "1h 1m 1s");
  EXPECT_EQ(HumanizeDuration(90061.5), "1d 1h 1m 1s");
  EXPECT_EQ(HumanizeDuration(-0.25), "-250ms");
  EXPECT_EQ(HumanizePercentage(0.1234567), "12.35%");
  EXPECT_EQ(*HumanizeTimestamp(1234567890.123),
            "2009-02-13 23:31:30.122 +0000 UTC");
  EXPECT_EQ(*HumanizeTimestamp(std::nan("")), "NaN");
  EXPECT_FALSE(HumanizeTimestamp(1e20).ok());
  EXPECT_EQ(*ConvertToFloat(Value::String("1e3")), 1000);
  EXPECT_EQ(*ConvertToFloat(Value::Int(7)), 7);
  EXPECT_EQ(ConvertToFloat(Value::Bool(true)).status().message(),
            "can't convert bool to float");
  EXPECT_EQ(ConvertToFloat(Value()).status().message(),
            "can't convert <nil> to float");
}

}  // namespace
}  // namespace tocsin::tmpl
