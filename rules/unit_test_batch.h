// Batch evaluation for rule unit tests: rule by rule over all evaluation
// times, instead of time by time over all rules, with the same results.
//
// promtool evaluates every group at 0, interval, 2 * interval, ... and each
// rule sees the input up to that time, what the rules before it wrote up to
// that time, and what the rules after it wrote before that time. When no
// rule reads series that a rule at or after it in the evaluation order
// writes (recorded names, ALERTS, ALERTS_FOR_STATE), and no alert template
// runs `query`, the same results come from taking the rules one at a time
// and evaluating each at every time, in order: everything it reads is then
// already written. A rule whose expression only looks back (no `@`, no
// negative offset, no subquery) is evaluated with one range query per chunk
// of evaluation times, which shares the label work between steps; its
// alert states and written series are then updated step by step exactly as
// at single evaluations. A range query cannot tell whether one of its
// steps, as an instant query, would load more samples than the engine's
// limit, so range queries are used only when a bound computed from the
// data shows it cannot; otherwise, and when a range query fails, the rule's
// steps run as instant queries.
//
// Not thread-safe: one batch runs on one thread.

#ifndef TOCSIN_RULES_UNIT_TEST_BATCH_H_
#define TOCSIN_RULES_UNIT_TEST_BATCH_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "promql/engine.h"
#include "rules/group.h"
#include "rules/unit_test_format.h"
#include "rules/unit_test_storage.h"

namespace tocsin::rules {

// A rule in evaluation order: its group and index there.
struct OrderedRule {
  Group* group;
  size_t index;
  const Rule& rule() const { return *group->rules()[index]; }
};

// Whether the rules, evaluated in this order, can run rule by rule.
bool BatchableRules(const std::vector<OrderedRule>& order);

struct BatchInput {
  std::vector<OrderedRule> order;
  UnitTestStorage* storage = nullptr;
  // For instant queries (with the unit-test sample limit).
  const promql::Engine* engine = nullptr;
  int64_t eval_interval_ms = 0;
  size_t num_steps = 0;  // evaluations at 0, interval, ...
  // For each step, the alert names whose firing alerts the tests compare
  // after that step.
  std::map<size_t, std::set<std::string>> snapshots;
};

struct BatchResult {
  // The first step at which a rule failed, and promtool's messages for the
  // failures at that step, in evaluation order.
  std::optional<size_t> error_step;
  std::vector<std::string> errors;
  // Firing alerts by step and alert name, across all rules of that name.
  std::map<size_t, std::map<std::string, std::vector<LabelsAndAnnotations>>>
      alerts;
};

BatchResult RunBatch(const BatchInput& input);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_UNIT_TEST_BATCH_H_
