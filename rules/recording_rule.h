// RecordingRule: evaluates an expression and writes its result under a new
// metric name, as Prometheus 2.42 does.
//
// Each result sample gets __name__ set to the rule's name and the rule's
// labels set (overriding the result's). Two samples that end up with the
// same labels fail the evaluation ("vector contains metrics with the same
// labelset after applying rule labels"), and so does a result with more
// series than the group's limit ("exceeded limit of 10 with 12 series").
// Thread-safety: as Rule.

#ifndef TOCSIN_RULES_RECORDING_RULE_H_
#define TOCSIN_RULES_RECORDING_RULE_H_

#include <memory>
#include <string>

#include "rules/rule.h"

namespace tocsin::rules {

class RecordingRule : public Rule {
 public:
  RecordingRule(std::string name, std::shared_ptr<const promql::Expr> expr,
                promql::Labels labels);

  bool is_alerting() const override { return false; }
  Result<promql::Vector> Eval(const EvalContext& ctx) override;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_RECORDING_RULE_H_
