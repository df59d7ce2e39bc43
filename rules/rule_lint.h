// Lint checks of `check rules`: rules that record or alert under the same
// name with the same labels, as promtool 2.42's duplicate-rules lint finds
// them. Pure functions, thread-safe.

#ifndef TOCSIN_RULES_RULE_LINT_H_
#define TOCSIN_RULES_RULE_LINT_H_

#include <string>
#include <vector>

#include "rules/rule_file.h"

namespace tocsin::rules {

struct DuplicateRule {
  std::string metric;  // the alert or recorded name
  std::vector<RuleLabel> labels;
};

// The duplicated (name, labels) pairs across all groups of `file`, sorted,
// each once.
std::vector<DuplicateRule> FindDuplicateRules(const RuleFileSpec& file);

// promtool's message: "2 duplicate rule(s) found.\nMetric: x\nLabel(s):\n
// \ta: b\n...Might cause inconsistency while recording expressions".
std::string DuplicateRulesMessage(const std::vector<DuplicateRule>& dups);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_RULE_LINT_H_
