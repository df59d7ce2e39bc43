// AlertingRule: turns the result of an expression into alerts and tracks
// their state from one evaluation to the next, as Prometheus 2.42 does.
//
// At each evaluation every result sample becomes an alert whose labels are
// the sample's labels without __name__, the rule's labels expanded as
// templates, and alertname; annotations are expanded too. Two samples that
// end with the same labels fail the evaluation. Then:
//  - a new alert is pending (ActiveAt = now) and fires once it has been
//    returned for `for` (`for: 0` fires at once); known alerts update their
//    value and annotations;
//  - a pending alert that is no longer returned is dropped; a firing one
//    stays firing for `keep_firing_for` (KeepFiringSince), then becomes
//    inactive (ResolvedAt = now) and is kept 15 minutes as resolved; a
//    resolved alert that comes back starts over as a new alert;
//  - with a limit, more pending and firing alerts than the limit clear all
//    alerts and fail the evaluation ("exceeded limit of 2 with 3 alerts").
// The returned samples are ALERTS{alertstate="pending"|"firing"} (value 1)
// and ALERTS_FOR_STATE (value ActiveAt in seconds) for every pending and
// firing alert, once the rule counts as restored.
// Thread-safety: as Rule.

#ifndef TOCSIN_RULES_ALERTING_RULE_H_
#define TOCSIN_RULES_ALERTING_RULE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rules/alert.h"
#include "rules/alert_template.h"
#include "rules/rule.h"

namespace tocsin::rules {

// The series alerting rules write.
inline constexpr std::string_view kAlertMetric = "ALERTS";
inline constexpr std::string_view kForStateMetric = "ALERTS_FOR_STATE";

// How long a resolved alert is kept (and re-sent).
inline constexpr int64_t kResolvedRetentionMs = 15 * 60 * 1000;

struct AlertingRuleOptions {
  std::string name;
  std::shared_ptr<const promql::Expr> expr;
  int64_t hold_ms = 0;                     // `for`
  int64_t keep_firing_for_ms = 0;          // `keep_firing_for`
  std::vector<promql::Label> labels;       // templates, sorted by name
  std::vector<promql::Label> annotations;  // templates, sorted by name
  promql::Labels external_labels;          // $externalLabels
  std::string external_url;                // $externalURL
  // Whether ALERTS / ALERTS_FOR_STATE are written from the first
  // evaluation (Prometheus waits until the `for` state was restored).
  bool restored = true;
};

class AlertingRule : public Rule {
 public:
  explicit AlertingRule(AlertingRuleOptions options);

  bool is_alerting() const override { return true; }
  Result<promql::Vector> Eval(const EvalContext& ctx) override;

  int64_t hold_ms() const { return hold_ms_; }
  int64_t keep_firing_for_ms() const { return keep_firing_for_ms_; }
  // The rule's annotations, unexpanded.
  const std::vector<promql::Label>& annotations() const { return annotations_; }
  bool restored() const { return restored_; }
  // Whether a label or annotation template may run a PromQL query (calls
  // `query`); such rules read the storage while expanding.
  bool TemplatesMayQuery() const;
  void SetRestored(bool restored) { restored_ = restored; }

  // The highest state of the rule's alerts (firing > pending > inactive).
  AlertState State() const;
  // Copies of the alerts that are not resolved (pending and firing).
  std::vector<Alert> ActiveAlerts() const;
  // Copies of all alerts, the resolved ones still kept included.
  std::vector<Alert> CurrentAlerts() const;
  // Calls f(const Alert&) on every kept alert, without copying.
  template <typename F>
  void ForEachAlert(F&& f) const {
    for (const auto& [labels, alert] : active_) f(alert);
  }

  // Prometheus's sendAlerts: the alerts that need sending at `ts`, marked
  // as sent (LastSentAt = ts, ValidUntil = ts + 4 * max(resend delay,
  // group interval)).
  std::vector<Alert> AlertsToSend(int64_t ts, int64_t resend_delay_ms,
                                  int64_t interval_ms);

  // Replaces the alert state (used when a reloaded group keeps the state
  // of the rule it replaces).
  void CopyStateFrom(const AlertingRule& other) { active_ = other.active_; }
  // Replaces the alert state with `alerts` (restored from a state file).
  void RestoreAlerts(std::vector<Alert> alerts);

 private:
  struct Template {
    std::string name;
    AlertTemplate tmpl;
  };
  // The alerts of this evaluation's result, before merging with the state.
  Result<std::vector<Alert>> AlertsFromResult(const promql::Vector& result,
                                              const EvalContext& ctx) const;
  promql::Sample AlertsSample(const Alert& a, int64_t ts) const;
  promql::Sample ForStateSample(const Alert& a, int64_t ts) const;

  int64_t hold_ms_;
  int64_t keep_firing_for_ms_;
  std::vector<promql::Label> annotations_;
  std::vector<Template> label_templates_;
  std::vector<Template> annotation_templates_;
  promql::Labels external_labels_;
  std::string external_url_;
  bool restored_;
  std::unordered_map<promql::Labels, Alert, promql::LabelsHash> active_;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_ALERTING_RULE_H_
