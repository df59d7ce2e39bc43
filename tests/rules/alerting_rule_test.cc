// AlertingRule: alert states over evaluations, as Prometheus 2.42's
// rules/alerting.go keeps them. Each case scripts the expression's result
// at each evaluation and the states expected afterwards.

#include "rules/alerting_rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "promql/parser/parser.h"

namespace tocsin::rules {
namespace {

constexpr int64_t kMin = 60 * 1000;

std::shared_ptr<const promql::Expr> Expr(std::string_view text) {
  auto e = promql::ParseExpr(text);
  EXPECT_TRUE(e.ok()) << e.status().message();
  return std::shared_ptr<const promql::Expr>(std::move(*e));
}

// One evaluation: the instances the expression returns (value 1 each) and
// the expected state of each instance's alert afterwards ("pending",
// "firing", "inactive"; missing: no alert kept).
struct Step {
  int64_t ts;
  std::vector<std::string> returned;
  std::map<std::string, std::string> states;
  std::string error;  // expected evaluation error
};

struct Case {
  const char* name;
  int64_t hold_ms;
  int64_t keep_firing_for_ms;
  int64_t limit;
  std::vector<Step> steps;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class AlertStates : public ::testing::TestWithParam<Case> {};

TEST_P(AlertStates, FollowPrometheus) {
  const Case& c = GetParam();
  AlertingRuleOptions o;
  o.name = "A";
  o.expr = Expr("up == 0");
  o.hold_ms = c.hold_ms;
  o.keep_firing_for_ms = c.keep_firing_for_ms;
  AlertingRule rule(std::move(o));
  for (const Step& s : c.steps) {
    QueryFunc q = [&](const promql::Expr&, int64_t t) {
      promql::Vector v;
      for (const auto& inst : s.returned) {
        v.push_back(
            {promql::Labels{{"__name__", "up"}, {"instance", inst}}, t, 1});
      }
      return Result<promql::Vector>(std::move(v));
    };
    EvalContext ctx;
    ctx.ts = s.ts;
    ctx.query = &q;
    ctx.limit = c.limit;
    auto r = rule.Eval(ctx);
    if (!s.error.empty()) {
      ASSERT_FALSE(r.ok()) << "at " << s.ts;
      EXPECT_EQ(r.status().message(), s.error);
    } else {
      ASSERT_TRUE(r.ok()) << r.status().message();
    }
    std::map<std::string, std::string> got;
    rule.ForEachAlert([&](const Alert& a) {
      got[std::string(a.labels.Get("instance"))] = AlertStateName(a.state);
    });
    EXPECT_EQ(got, s.states)
        << "after the evaluation at " << s.ts / 1000 << "s";
  }
}

const Case kCases[] = {
    {"for 0 fires at once",
     0,
     0,
     0,
     {{0, {"a"}, {{"a", "firing"}}}, {kMin, {}, {{"a", "inactive"}}}}},
    {"for 2m fires at its boundary",
     2 * kMin,
     0,
     0,
     {{0, {"a"}, {{"a", "pending"}}},
      {kMin, {"a"}, {{"a", "pending"}}},
      {2 * kMin, {"a"}, {{"a", "firing"}}}}},
    {"for shorter than the interval fires at the next evaluation",
     90000,
     0,
     0,
     {{0, {"a"}, {{"a", "pending"}}},
      {kMin, {"a"}, {{"a", "pending"}}},
      {2 * kMin, {"a"}, {{"a", "firing"}}}}},
    {"a pending alert that disappears is dropped",
     5 * kMin,
     0,
     0,
     {{0, {"a", "b"}, {{"a", "pending"}, {"b", "pending"}}},
      {kMin, {"b"}, {{"b", "pending"}}},
      {2 * kMin, {}, {}}}},
    {"resolved alerts are kept 15 minutes",
     0,
     0,
     0,
     {{0, {"a"}, {{"a", "firing"}}},
      {3 * kMin, {}, {{"a", "inactive"}}},
      {18 * kMin, {}, {{"a", "inactive"}}},
      {19 * kMin, {}, {}}}},
    {"a resolved alert that comes back starts over",
     kMin,
     0,
     0,
     {{0, {"a"}, {{"a", "pending"}}},
      {kMin, {"a"}, {{"a", "firing"}}},
      {2 * kMin, {}, {{"a", "inactive"}}},
      {3 * kMin, {"a"}, {{"a", "pending"}}},
      {4 * kMin, {"a"}, {{"a", "firing"}}}}},
    {"keep_firing_for holds a vanished firing alert",
     0,
     2 * kMin,
     0,
     {{0, {"a"}, {{"a", "firing"}}},
      {kMin, {}, {{"a", "firing"}}},
      {2 * kMin, {}, {{"a", "firing"}}},
      {3 * kMin, {}, {{"a", "inactive"}}}}},
    {"keep_firing_for restarts when the alert returns",
     0,
     2 * kMin,
     0,
     {{0, {"a"}, {{"a", "firing"}}},
      {kMin, {}, {{"a", "firing"}}},
      {2 * kMin, {"a"}, {{"a", "firing"}}},
      {3 * kMin, {}, {{"a", "firing"}}},
      {4 * kMin, {}, {{"a", "firing"}}},
      {5 * kMin, {}, {{"a", "inactive"}}}}},
    {"keep_firing_for does not hold pending alerts",
     5 * kMin,
     10 * kMin,
     0,
     {{0, {"a"}, {{"a", "pending"}}}, {kMin, {}, {}}}},
    {"more alerts than the limit clear the rule",
     0,
     0,
     2,
     {{0, {"a", "b"}, {{"a", "firing"}, {"b", "firing"}}},
      {kMin, {"a", "b", "c"}, {}, "exceeded limit of 2 with 3 alerts"},
      {2 * kMin, {"a"}, {{"a", "firing"}}}}},
    {"kept-firing alerts count against the limit",
     0,
     5 * kMin,
     1,
     {{0, {"a"}, {{"a", "firing"}}},
      {kMin, {"b"}, {}, "exceeded limit of 1 with 2 alerts"}}},
};

INSTANTIATE_TEST_SUITE_P(All, AlertStates, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           std::string n = p.param.name;
                           for (char& c : n) {
                             if (!isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           }
                           return n;
                         });

// A rule evaluated against a fixed result.
struct Fixture {
  explicit Fixture(AlertingRuleOptions o) : rule(std::move(o)) {}
  Result<promql::Vector> Eval(int64_t ts, promql::Vector result) {
    QueryFunc q = [&](const promql::Expr&, int64_t) {
      return Result<promql::Vector>(result);
    };
    EvalContext ctx;
    ctx.ts = ts;
    ctx.query = &q;
    return rule.Eval(ctx);
  }
  AlertingRule rule;
};

AlertingRuleOptions Options(int64_t hold_ms) {
  AlertingRuleOptions o;
  o.name = "HighLatency";
  o.expr = Expr("latency > 1");
  o.hold_ms = hold_ms;
  o.labels = {{"severity", "page"}};
  o.annotations = {{"empty", ""}, {"summary", "slow"}};
  return o;
}

TEST(AlertingRule, LabelsAnnotationsAndSeries) {
  Fixture f(Options(kMin));
  promql::Labels in{
      {"__name__", "latency"}, {"job", "api"}, {"alertname", "x"}};
  auto r = f.Eval(2 * kMin, {{in, 2 * kMin, 3.5}});
  ASSERT_TRUE(r.ok());
  auto alerts = f.rule.ActiveAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.labels.ToString(),
            "{alertname=\"HighLatency\", job=\"api\", severity=\"page\"}");
  EXPECT_EQ(AnnotationsString(a.annotations), "{empty=\"\", summary=\"slow\"}");
  EXPECT_EQ(a.state, AlertState::kPending);
  EXPECT_EQ(a.active_at, 2 * kMin);
  EXPECT_EQ(a.value, 3.5);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].metric.ToString(),
            "{__name__=\"ALERTS\", alertname=\"HighLatency\", "
            "alertstate=\"pending\", job=\"api\", severity=\"page\"}");
  EXPECT_EQ((*r)[0].v, 1);
  EXPECT_EQ((*r)[1].metric.ToString(),
            "{__name__=\"ALERTS_FOR_STATE\", alertname=\"HighLatency\", "
            "job=\"api\", severity=\"page\"}");
  EXPECT_EQ((*r)[1].v, 120);  // ActiveAt in seconds

  r = f.Eval(3 * kMin, {{in, 3 * kMin, 4}});
  ASSERT_TRUE(r.ok());
  alerts = f.rule.ActiveAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state, AlertState::kFiring);
  EXPECT_EQ(alerts[0].fired_at, 3 * kMin);
  EXPECT_EQ(alerts[0].active_at, 2 * kMin);
  EXPECT_EQ(alerts[0].value, 4);
  EXPECT_EQ(f.rule.State(), AlertState::kFiring);
}

TEST(AlertingRule, TemplatesSeeLabelsValueExternalDataAndQueries) {
  AlertingRuleOptions o = Options(0);
  o.labels = {
      {"severity", "{{ if gt $value 3.0 }}page{{ else }}ticket{{ end }}"}};
  o.annotations = {
      {"summary", "{{ $labels.job }} at {{ $value | humanize }}"},
      {"external", "{{ $externalLabels.region }} {{ $externalURL }}"},
      {"query", "{{ with query \"up\" }}{{ . | first | value }}{{ end }}"},
      {"prefix", "{{ pathPrefix }}"},
      {"broken", "{{ index $labels }}{{ nope }}"}};
  o.external_labels = {{"region", "eu"}};
  o.external_url = "http://rules.example/";
  Fixture f(std::move(o));
  promql::Labels in{{"__name__", "latency"}, {"job", "api"}};
  int64_t query_ts = -1;
  TemplateQueryFunc tq = [&](std::string_view q, int64_t ts) {
    query_ts = ts;
    EXPECT_EQ(q, "up");
    return Result<promql::Vector>(
        promql::Vector{{promql::Labels{{"__name__", "up"}}, ts, 7}});
  };
  QueryFunc q = [&](const promql::Expr&, int64_t ts) {
    return Result<promql::Vector>(promql::Vector{{in, ts, 1234.5}});
  };
  const std::string url = "http://daemon.example/sub";
  for (const std::string* function_url : {&url, (const std::string*)nullptr}) {
    EvalContext ctx;
    ctx.ts = 5 * kMin;
    ctx.query = &q;
    ctx.template_query = &tq;
    ctx.external_url = function_url;
    ASSERT_TRUE(f.rule.Eval(ctx).ok());
    auto alerts = f.rule.ActiveAlerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(query_ts, 5 * kMin);
    EXPECT_EQ(alerts[0].labels.Get("severity"), "page");
    auto get = [&](std::string_view name) {
      for (const auto& [n, v] : alerts[0].annotations) {
        if (n == name) return v;
      }
      return std::string("(none)");
    };
    EXPECT_EQ(get("summary"), "api at 1.234k");
    EXPECT_EQ(get("external"), "eu http://rules.example/");
    EXPECT_EQ(get("query"), "7");
    EXPECT_EQ(get("broken"),
              "<error expanding template: error parsing template "
              "__alert_HighLatency: template: __alert_HighLatency:1: "
              "function \"nope\" not defined>");
    if (function_url != nullptr) {
      EXPECT_EQ(get("prefix"), "/sub");
    } else {
      EXPECT_NE(get("prefix").find("nil pointer dereference"),
                std::string::npos);
    }
  }
}

TEST(AlertingRule, SameLabelsAfterDroppingTheNameFail) {
  Fixture f(Options(0));
  auto r = f.Eval(0, {{promql::Labels{{"__name__", "a"}, {"job", "x"}}, 0, 2},
                      {promql::Labels{{"__name__", "b"}, {"job", "x"}}, 0, 2}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "vector contains metrics with the same labelset after applying "
            "alert labels");
  EXPECT_TRUE(f.rule.CurrentAlerts().empty());
}

TEST(AlertingRule, NotRestoredWritesNoSeries) {
  AlertingRuleOptions o = Options(0);
  o.restored = false;
  Fixture f(std::move(o));
  auto r = f.Eval(0, {{promql::Labels{{"job", "x"}}, 0, 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(f.rule.ActiveAlerts().size(), 1u);
}

TEST(AlertingRule, ResendRules) {
  Fixture f(Options(0));
  const promql::Vector firing{{promql::Labels{{"job", "x"}}, 0, 2}};
  const int64_t delay = kMin;
  const int64_t interval = 30000;
  ASSERT_TRUE(f.Eval(0, firing).ok());
  auto sent = f.rule.AlertsToSend(0, delay, interval);
  ASSERT_EQ(sent.size(), 1u);  // first firing: sent at once
  EXPECT_EQ(sent[0].valid_until, 4 * delay);
  ASSERT_TRUE(f.Eval(30000, firing).ok());
  EXPECT_TRUE(f.rule.AlertsToSend(30000, delay, interval).empty());
  ASSERT_TRUE(f.Eval(60000, firing).ok());
  EXPECT_TRUE(f.rule.AlertsToSend(60000, delay, interval).empty());
  ASSERT_TRUE(f.Eval(90000, firing).ok());
  EXPECT_EQ(f.rule.AlertsToSend(90000, delay, interval).size(), 1u);
  ASSERT_TRUE(f.Eval(120000, {}).ok());  // resolved: sent at once
  sent = f.rule.AlertsToSend(120000, delay, interval);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].state, AlertState::kInactive);
  EXPECT_EQ(sent[0].resolved_at, 120000);
}

TEST(AlertingRule, PendingAlertsAreNotSent) {
  Fixture f(Options(5 * kMin));
  ASSERT_TRUE(f.Eval(0, {{promql::Labels{{"job", "x"}}, 0, 2}}).ok());
  EXPECT_TRUE(f.rule.AlertsToSend(0, kMin, kMin).empty());
}

}  // namespace
}  // namespace tocsin::rules
