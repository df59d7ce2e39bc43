// Alert: one instance of an alerting rule, as Prometheus 2.42's rules
// package keeps it.
//
// An alert is identified by its labels (the result sample's labels without
// __name__, plus the rule's templated labels and alertname). It is pending
// until it has been returned for the rule's `for`, then firing; once it is
// no longer returned (and `keep_firing_for` has passed) it is inactive and
// kept for 15 minutes as resolved so that the resolution is sent out.
//
// Times are milliseconds since the Unix epoch; kZeroTime stands for Go's
// zero time.Time (an unset time), so that comparisons behave as in
// Prometheus even for alerts at time 0, as in unit tests. Plain values; not
// thread-safe.

#ifndef TOCSIN_RULES_ALERT_H_
#define TOCSIN_RULES_ALERT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "promql/labels.h"

namespace tocsin::rules {

// time.Time{} in milliseconds since the Unix epoch (January 1, year 1).
inline constexpr int64_t kZeroTime = -62135596800000;

enum class AlertState { kInactive, kPending, kFiring };
// "inactive", "pending", "firing".
const char* AlertStateName(AlertState state);

// Annotations keep their order (sorted by name) and empty values, unlike
// label sets.
using Annotations = std::vector<promql::Label>;

struct Alert {
  AlertState state = AlertState::kInactive;
  promql::Labels labels;
  Annotations annotations;
  // The value of the result sample at the last evaluation.
  double value = 0;
  int64_t active_at = kZeroTime;
  int64_t fired_at = kZeroTime;
  int64_t resolved_at = kZeroTime;
  int64_t last_sent_at = kZeroTime;
  int64_t valid_until = kZeroTime;
  int64_t keep_firing_since = kZeroTime;

  // Whether the alert must be (re)sent to Alertmanager at `ts`: firing or
  // resolved alerts, when resolved since the last send or last sent more
  // than `resend_delay_ms` before `ts`. Pending alerts are never sent.
  bool NeedsSending(int64_t ts, int64_t resend_delay_ms) const;
};

// Prometheus's labels.Labels.String() of annotations:
// {description="x", summary="y"}.
std::string AnnotationsString(const Annotations& annotations);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_ALERT_H_
