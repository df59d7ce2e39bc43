#include "rules/alerting_rule.h"

#include <unordered_set>

namespace tocsin::rules {
namespace {

constexpr std::string_view kAlertName = "alertname";
constexpr std::string_view kAlertState = "alertstate";

promql::Labels RawLabels(const std::vector<promql::Label>& labels) {
  return promql::Labels::FromVector(labels);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

AlertingRule::AlertingRule(AlertingRuleOptions o)
    : Rule(o.name, o.expr, RawLabels(o.labels)),
      hold_ms_(o.hold_ms),
      keep_firing_for_ms_(o.keep_firing_for_ms),
      annotations_(o.annotations),
      external_labels_(std::move(o.external_labels)),
      external_url_(std::move(o.external_url)),
      restored_(o.restored) {
  for (const auto& l : o.labels) {
    label_templates_.push_back({l.name, AlertTemplate(o.name, l.value)});
  }
  for (const auto& a : o.annotations) {
    annotation_templates_.push_back({a.name, AlertTemplate(o.name, a.value)});
  }
}

Result<std::vector<Alert>> AlertingRule::AlertsFromResult(
    const promql::Vector& result, const EvalContext& ctx) const {
  std::vector<Alert> alerts;
  alerts.reserve(result.size());
  std::unordered_set<promql::Labels, promql::LabelsHash> seen;
  seen.reserve(result.size());
  for (const promql::Sample& s : result) {
    AlertTemplateInput input;
    input.labels = &s.metric;
    input.external_labels = &external_labels_;
    input.external_url = external_url_;
    input.value = s.v;
    input.timestamp_ms = ctx.ts;
    input.query = ctx.template_query;
    input.function_url = ctx.external_url;
    AlertTemplateContext tctx(input);

    promql::LabelsBuilder b(s.metric);
    b.Del(promql::kMetricName);
    for (const Template& t : label_templates_) {
      b.Set(t.name, t.tmpl.Expand(tctx));
    }
    b.Set(kAlertName, name());

    Alert a;
    a.labels = b.Build();
    a.annotations.reserve(annotation_templates_.size());
    for (const Template& t : annotation_templates_) {
      a.annotations.push_back({t.name, t.tmpl.Expand(tctx)});
    }
    if (!seen.insert(a.labels).second) {
      return Status::Execution(
          "vector contains metrics with the same labelset after applying "
          "alert labels");
    }
    a.active_at = ctx.ts;
    a.state = AlertState::kPending;
    a.value = s.v;
    alerts.push_back(std::move(a));
  }
  return alerts;
}

Result<promql::Vector> AlertingRule::Eval(const EvalContext& ctx) {
  auto result = (*ctx.query)(expr(), ctx.query_ts());
  if (!result.ok()) return result.status();
  auto fresh = AlertsFromResult(*result, ctx);
  if (!fresh.ok()) return fresh.status();

  std::unordered_set<promql::Labels, promql::LabelsHash> returned;
  returned.reserve(fresh->size());
  for (Alert& a : *fresh) {
    returned.insert(a.labels);
    auto it = active_.find(a.labels);
    if (it != active_.end() && it->second.state != AlertState::kInactive) {
      it->second.value = a.value;
      it->second.annotations = std::move(a.annotations);
      continue;
    }
    promql::Labels key = a.labels;
    active_.insert_or_assign(std::move(key), std::move(a));
  }

  const int64_t ts = ctx.ts;
  promql::Vector out;
  int64_t num_active = 0;
  for (auto it = active_.begin(); it != active_.end();) {
    Alert& a = it->second;
    if (!returned.count(it->first)) {
      bool keep_firing = false;
      if (a.state == AlertState::kFiring && keep_firing_for_ms_ > 0) {
        if (a.keep_firing_since == kZeroTime) a.keep_firing_since = ts;
        keep_firing = ts - a.keep_firing_since < keep_firing_for_ms_;
      }
      bool drop = a.state == AlertState::kPending ||
                  (a.resolved_at != kZeroTime &&
                   ts - a.resolved_at > kResolvedRetentionMs);
      if (a.state != AlertState::kInactive && !keep_firing) {
        a.state = AlertState::kInactive;
        a.resolved_at = ts;
      }
      if (drop) {
        it = active_.erase(it);
        continue;
      }
      if (!keep_firing) {
        ++it;
        continue;
      }
    } else {
      a.keep_firing_since = kZeroTime;
    }
    ++num_active;
    if (a.state == AlertState::kPending && ts - a.active_at >= hold_ms_) {
      a.state = AlertState::kFiring;
      a.fired_at = ts;
    }
    if (restored_) {
      out.push_back(AlertsSample(a, ctx.query_ts()));
      out.push_back(ForStateSample(a, ctx.query_ts()));
    }
    ++it;
  }

  if (ctx.limit > 0 && num_active > ctx.limit) {
    active_.clear();
    return Status::Execution("exceeded limit of " + std::to_string(ctx.limit) +
                             " with " + std::to_string(num_active) + " alerts");
  }
  return out;
}

promql::Sample AlertingRule::AlertsSample(const Alert& a, int64_t ts) const {
  promql::LabelsBuilder b(labels());
  for (promql::LabelView l : a.labels) b.Set(l.name, l.value);
  b.Set(promql::kMetricName, kAlertMetric);
  b.Set(kAlertName, name());
  b.Set(kAlertState, AlertStateName(a.state));
  return promql::Sample{b.Build(), ts, 1};
}

promql::Sample AlertingRule::ForStateSample(const Alert& a, int64_t ts) const {
  promql::LabelsBuilder b(labels());
  for (promql::LabelView l : a.labels) b.Set(l.name, l.value);
  b.Set(promql::kMetricName, kForStateMetric);
  b.Set(kAlertName, name());
  return promql::Sample{b.Build(), ts,
                        static_cast<double>(FloorDiv(a.active_at, 1000))};
}

bool AlertingRule::TemplatesMayQuery() const {
  for (const auto* list : {&label_templates_, &annotation_templates_}) {
    for (const Template& t : *list) {
      if (!t.tmpl.plain() && t.tmpl.text().find("query") != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

void AlertingRule::RestoreAlerts(std::vector<Alert> alerts) {
  active_.clear();
  for (Alert& a : alerts) {
    promql::Labels key = a.labels;
    active_.insert_or_assign(std::move(key), std::move(a));
  }
}

AlertState AlertingRule::State() const {
  AlertState max = AlertState::kInactive;
  for (const auto& [labels, a] : active_) {
    if (a.state > max) max = a.state;
  }
  return max;
}

std::vector<Alert> AlertingRule::ActiveAlerts() const {
  std::vector<Alert> out;
  for (const auto& [labels, a] : active_) {
    if (a.resolved_at == kZeroTime) out.push_back(a);
  }
  return out;
}

std::vector<Alert> AlertingRule::CurrentAlerts() const {
  std::vector<Alert> out;
  out.reserve(active_.size());
  for (const auto& [labels, a] : active_) out.push_back(a);
  return out;
}

std::vector<Alert> AlertingRule::AlertsToSend(int64_t ts,
                                              int64_t resend_delay_ms,
                                              int64_t interval_ms) {
  std::vector<Alert> out;
  int64_t delta = std::max(resend_delay_ms, interval_ms);
  for (auto& [labels, a] : active_) {
    if (!a.NeedsSending(ts, resend_delay_ms)) continue;
    a.last_sent_at = ts;
    a.valid_until = ts + 4 * delta;
    out.push_back(a);
  }
  return out;
}

}  // namespace tocsin::rules
