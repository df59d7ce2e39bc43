#include "engine/rules_api.h"

#include "engine/api_json.h"
#include "engine/query_api.h"
#include "go/strconv.h"
#include "notifiers/clock.h"
#include "rules/alerting_rule.h"

namespace tocsin::engine {
namespace {

// time.Duration.Seconds().
double Seconds(int64_t ns) {
  return static_cast<double>(ns / 1000000000) +
         static_cast<double>(ns % 1000000000) / 1e9;
}

// A time.Time in milliseconds as Go marshals it.
void AppendTime(std::string* out, int64_t ms) {
  out->push_back('"');
  out->append(notifiers::FormatRfc3339(
      ms == rules::kZeroTime ? notifiers::kZeroTime
                             : notifiers::FromUnixMillis(ms)));
  out->push_back('"');
}

// An evaluation time of `group` (kept in milliseconds) as Prometheus shows
// it: the slot time, which has nanoseconds (the slot offset is a hash of
// the group modulo its interval in nanoseconds).
void AppendEvalTime(std::string* out, const rules::Group& group, int64_t ms) {
  if (ms == rules::kZeroTime) {
    AppendTime(out, ms);
    return;
  }
  int64_t ns = group.EvalTimestampNs(ms * 1000000 + 999999);
  if (ns / 1000000 != ms) ns = ms * 1000000;  // not one of its slots
  out->push_back('"');
  out->append(notifiers::FormatRfc3339(notifiers::FromUnixNanos(ns)));
  out->push_back('"');
}

void AppendAnnotations(std::string* out, const rules::Annotations& a) {
  out->push_back('{');
  for (size_t i = 0; i < a.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(out, a[i].name);
    out->push_back(':');
    AppendJsonString(out, a[i].value);
  }
  out->push_back('}');
}

// One element of "alerts": rulesAlertsToAPIAlerts.
void AppendAlert(std::string* out, const rules::Group& g, const rules::Alert& a) {
  out->append("{\"labels\":");
  AppendLabelsJson(out, a.labels);
  out->append(",\"annotations\":");
  AppendAnnotations(out, a.annotations);
  out->append(",\"state\":");
  AppendJsonString(out, rules::AlertStateName(a.state));
  out->append(",\"activeAt\":");
  AppendEvalTime(out, g, a.active_at);
  if (a.keep_firing_since != rules::kZeroTime) {
    out->append(",\"keepFiringSince\":");
    AppendEvalTime(out, g, a.keep_firing_since);
  }
  out->append(",\"value\":");
  AppendJsonString(out, go::FormatFloat(a.value, 'e', -1));
  out->push_back('}');
}

void AppendAlerts(std::string* out, const rules::Group& g,
                  const rules::AlertingRule& rule) {
  out->push_back('[');
  bool first = true;
  rule.ForEachAlert([&](const rules::Alert& a) {
    if (a.resolved_at != rules::kZeroTime) return;
    if (!first) out->push_back(',');
    first = false;
    AppendAlert(out, g, a);
  });
  out->push_back(']');
}

// The fields every rule has, from "health" on.
void AppendRuleTail(std::string* out, const rules::Rule& rule,
                    const char* type) {
  out->append(",\"health\":");
  AppendJsonString(out, rules::RuleHealthName(rule.health()));
  if (!rule.last_error().ok()) {
    out->append(",\"lastError\":");
    AppendJsonString(out, rule.last_error().message());
  }
  out->append(",\"evaluationTime\":");
  AppendJsonFloat(out, Seconds(rule.evaluation_duration_ns()));
  out->append(",\"lastEvaluation\":");
  AppendTime(out, rule.health() == rules::RuleHealth::kUnknown
                      ? rules::kZeroTime
                      : rule.evaluation_timestamp());
  out->append(",\"type\":\"");
  out->append(type);
  out->append("\"}");
}

void AppendAlertingRule(std::string* out, const rules::Group& g,
                        const rules::AlertingRule& r) {
  out->append("{\"state\":");
  AppendJsonString(out, rules::AlertStateName(r.State()));
  out->append(",\"name\":");
  AppendJsonString(out, r.name());
  out->append(",\"query\":");
  AppendJsonString(out, r.query());
  out->append(",\"duration\":");
  AppendJsonFloat(out, static_cast<double>(r.hold_ms()) / 1000);
  out->append(",\"keepFiringFor\":");
  AppendJsonFloat(out, static_cast<double>(r.keep_firing_for_ms()) / 1000);
  out->append(",\"labels\":");
  AppendLabelsJson(out, r.labels());
  out->append(",\"annotations\":");
  AppendAnnotations(out, r.annotations());
  out->append(",\"alerts\":");
  AppendAlerts(out, g, r);
  AppendRuleTail(out, r, "alerting");
}

void AppendRecordingRule(std::string* out, const rules::Rule& r) {
  out->append("{\"name\":");
  AppendJsonString(out, r.name());
  out->append(",\"query\":");
  AppendJsonString(out, r.query());
  if (!r.labels().empty()) {
    out->append(",\"labels\":");
    AppendLabelsJson(out, r.labels());
  }
  AppendRuleTail(out, r, "recording");
}

void AppendGroup(std::string* out, const rules::Group& g, bool alerting,
                 bool recording) {
  out->append("{\"name\":");
  AppendJsonString(out, g.name());
  out->append(",\"file\":");
  AppendJsonString(out, g.file());
  out->append(",\"rules\":[");
  bool first = true;
  for (const auto& rule : g.rules()) {
    if (rule->is_alerting() ? !alerting : !recording) continue;
    if (!first) out->push_back(',');
    first = false;
    if (rule->is_alerting()) {
      AppendAlertingRule(out, g,
                         static_cast<const rules::AlertingRule&>(*rule));
    } else {
      AppendRecordingRule(out, *rule);
    }
  }
  out->append("],\"interval\":");
  AppendJsonFloat(out, static_cast<double>(g.interval_ms()) / 1000);
  out->append(",\"limit\":");
  out->append(std::to_string(g.limit()));
  out->append(",\"evaluationTime\":");
  AppendJsonFloat(out, Seconds(g.evaluation_time_ns()));
  out->append(",\"lastEvaluation\":");
  AppendTime(out, g.last_evaluation() == 0 ? rules::kZeroTime
                                           : g.last_evaluation());
  out->push_back('}');
}

}  // namespace

void RulesApi::Register(Router* router) const {
  router->Handle("GET", "/api/v1/rules",
                 [this](const HttpRequest& r) { return Rules(r); });
  router->Handle("GET", "/api/v1/alerts",
                 [this](const HttpRequest& r) { return Alerts(r); });
}

HttpResponse RulesApi::Rules(const HttpRequest& request) const {
  std::string type(request.params.Get("type"));
  for (char& c : type) c = static_cast<char>(std::tolower(c));
  if (!type.empty() && type != "alert" && type != "record") {
    return ApiBadData("invalid parameter \"type\": not supported value " +
                      go::Quote(type));
  }
  const bool alerting = type.empty() || type == "alert";
  const bool recording = type.empty() || type == "record";
  std::string out = "{\"status\":\"success\",\"data\":{\"groups\":[";
  bool first = true;
  manager_->ForEachGroup([&](const GroupRunner& runner) {
    if (!first) out.push_back(',');
    first = false;
    runner.WithGroup([&](const rules::Group& g) {
      AppendGroup(&out, g, alerting, recording);
    });
  });
  out.append("]}}");
  return ApiSuccess(std::move(out));
}

HttpResponse RulesApi::Alerts(const HttpRequest&) const {
  std::string out = "{\"status\":\"success\",\"data\":{\"alerts\":[";
  bool first = true;
  manager_->ForEachGroup([&](const GroupRunner& runner) {
    runner.WithGroup([&](const rules::Group& g) {
      for (const auto& rule : g.rules()) {
        if (!rule->is_alerting()) continue;
        static_cast<const rules::AlertingRule&>(*rule).ForEachAlert(
            [&](const rules::Alert& a) {
              if (a.resolved_at != rules::kZeroTime) return;
              if (!first) out.push_back(',');
              first = false;
              AppendAlert(&out, g, a);
            });
      }
    });
  });
  out.append("]}}");
  return ApiSuccess(std::move(out));
}

}  // namespace tocsin::engine
