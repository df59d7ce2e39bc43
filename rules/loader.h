// Building rule groups from parsed rule files, as Prometheus's
// Manager.LoadGroups does.
//
// Each group of a validated RuleFileSpec becomes a Group: its interval is
// the group's own or the default, its rules are AlertingRule and
// RecordingRule objects sharing the file's parsed expressions. Pure
// functions; the groups are owned by the caller.

#ifndef TOCSIN_RULES_LOADER_H_
#define TOCSIN_RULES_LOADER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "promql/labels.h"
#include "rules/group.h"
#include "rules/rule_file.h"

namespace tocsin::rules {

struct LoadOptions {
  int64_t default_interval_ms = 60 * 1000;
  promql::Labels external_labels;  // $externalLabels of alert templates
  std::string external_url;        // $externalURL of alert templates
  // Whether alerting rules write ALERTS / ALERTS_FOR_STATE from their first
  // evaluation.
  bool restored = true;
};

// The rules of `spec`, which must have validated (every rule has its
// parsed expression).
std::unique_ptr<Rule> BuildRule(const RuleSpec& spec,
                                const LoadOptions& options);

// The groups of `file`, in file order, evaluating through `group_options`.
std::vector<std::unique_ptr<Group>> BuildGroups(
    const RuleFileSpec& file, const LoadOptions& options,
    const GroupOptions* group_options);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_LOADER_H_
