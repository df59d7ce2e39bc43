// Group: a list of rules evaluated in order at a fixed interval, as
// Prometheus 2.42's rules.Group.
//
// Eval(ts) evaluates every rule at ts in file order. A rule that fails gets
// health "err" and its error; it writes nothing and its alerts are not
// sent. A rule that succeeds writes its samples through the SampleAppender
// and commits them, so the rules after it see them at the same timestamp;
// an append that fails also marks the rule "err". Series a rule wrote at
// the previous evaluation but not at this one get a staleness marker.
// Alerting rules then hand the alerts that need sending to the NotifyFunc.
//
// The group is driven by the caller's clock: the scheduler (or a unit test)
// calls Eval at the slot times EvalTimestamp gives, where Prometheus would
// evaluate: k * interval + hash(file, name) mod interval.
//
// Thread-safety: Eval and the accessors must not run concurrently; the
// caller serializes them.

#ifndef TOCSIN_RULES_GROUP_H_
#define TOCSIN_RULES_GROUP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "promql/labels.h"
#include "rules/alert.h"
#include "rules/alerting_rule.h"
#include "rules/appender.h"
#include "rules/rule.h"

namespace tocsin::rules {

// Receives the alerts of one alerting rule that need sending, with the
// rule's expression (for the generator URL). Called after every successful
// evaluation of an alerting rule, possibly with no alerts.
using NotifyFunc =
    std::function<void(const std::string& expr, std::vector<Alert> alerts)>;

// What all groups of a rule manager share. Must outlive the groups.
struct GroupOptions {
  QueryFunc query;                     // required
  TemplateQueryFunc template_query;    // for the template function `query`
  SampleAppender* appender = nullptr;  // null: results are not written
  NotifyFunc notify;                   // empty: alerts are not sent
  int64_t resend_delay_ms = 60 * 1000;
  int64_t query_offset_ms = 0;  // see EvalContext::query_offset_ms
  // For the template functions externalURL and pathPrefix; unset (as in
  // promtool's unit tests) they fail as Prometheus's do without a URL.
  std::optional<std::string> external_url;
};

class Group {
 public:
  Group(std::string name, std::string file, int64_t interval_ms, int64_t limit,
        std::vector<std::unique_ptr<Rule>> rules, const GroupOptions* options);

  const std::string& name() const { return name_; }
  const std::string& file() const { return file_; }
  int64_t interval_ms() const { return interval_ms_; }
  int64_t limit() const { return limit_; }
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }

  // Evaluates all rules at `ts` (ms).
  void Eval(int64_t ts);

  // The evaluation context of the group at `ts`.
  EvalContext Context(int64_t ts) const;
  // Evaluates rule `i` alone with Eval's bookkeeping (health, writes,
  // staleness markers, notification). Eval is EvalRule for every rule in
  // order; callers that drive rules one by one (such as the unit-test
  // runner, which may substitute precomputed query results through
  // ctx.query) must keep that order per timestamp.
  void EvalRule(size_t i, const EvalContext& ctx);

  // Prometheus's hash of the group: labels {file, name} hashed.
  uint64_t Hash() const;
  // The latest slot time at or before `now_ns` (nanoseconds, as
  // Prometheus computes the offset in nanoseconds).
  int64_t EvalTimestampNs(int64_t now_ns) const;

  // Takes over the alert states and written series of `from` (a group of
  // the previous configuration), matching rules by name and labels; series
  // of rules that are gone are marked stale at the next evaluation.
  void CopyState(Group& from);

  // The last evaluation's time (ms), how long it took (ns), and how many
  // samples its rules returned.
  int64_t last_evaluation() const { return last_evaluation_; }
  int64_t evaluation_time_ns() const { return evaluation_time_ns_; }
  int64_t last_samples() const { return last_samples_; }

 private:
  using SeriesSet = std::unordered_set<promql::Labels, promql::LabelsHash>;

  // Writes a rule's result and the staleness markers of its vanished
  // series; returns the series written.
  void WriteResult(size_t i, const promql::Vector& vector, int64_t ts);
  void MarkStale(const SeriesSet& series, int64_t ts);

  std::string name_;
  std::string file_;
  int64_t interval_ms_;
  int64_t limit_;
  std::vector<std::unique_ptr<Rule>> rules_;
  const GroupOptions* options_;
  std::vector<SeriesSet> series_in_previous_eval_;  // one per rule
  SeriesSet stale_series_;
  int64_t last_evaluation_ = 0;
  int64_t evaluation_time_ns_ = 0;
  int64_t last_samples_ = 0;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_GROUP_H_
