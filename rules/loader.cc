#include "rules/loader.h"

#include "rules/alerting_rule.h"
#include "rules/recording_rule.h"

namespace tocsin::rules {
namespace {

std::vector<promql::Label> ToLabels(const std::vector<RuleLabel>& in) {
  std::vector<promql::Label> out;
  out.reserve(in.size());
  for (const RuleLabel& l : in) out.push_back({l.name, l.value});
  return out;
}

}  // namespace

std::unique_ptr<Rule> BuildRule(const RuleSpec& spec,
                                const LoadOptions& options) {
  if (spec.is_alerting()) {
    AlertingRuleOptions o;
    o.name = spec.alert;
    o.expr = spec.parsed_expr;
    o.hold_ms = spec.for_ms;
    o.keep_firing_for_ms = spec.keep_firing_for_ms;
    o.labels = ToLabels(spec.labels);
    o.annotations = ToLabels(spec.annotations);
    o.external_labels = options.external_labels;
    o.external_url = options.external_url;
    o.restored = options.restored;
    return std::make_unique<AlertingRule>(std::move(o));
  }
  return std::make_unique<RecordingRule>(
      spec.record, spec.parsed_expr,
      promql::Labels::FromVector(ToLabels(spec.labels)));
}

std::vector<std::unique_ptr<Group>> BuildGroups(
    const RuleFileSpec& file, const LoadOptions& options,
    const GroupOptions* group_options) {
  std::vector<std::unique_ptr<Group>> groups;
  groups.reserve(file.groups.size());
  for (const GroupSpec& g : file.groups) {
    std::vector<std::unique_ptr<Rule>> rules;
    rules.reserve(g.rules.size());
    for (const RuleSpec& r : g.rules) rules.push_back(BuildRule(r, options));
    int64_t interval =
        g.interval_ms != 0 ? g.interval_ms : options.default_interval_ms;
    groups.push_back(std::make_unique<Group>(
        g.name, file.path, interval, g.limit, std::move(rules), group_options));
  }
  return groups;
}

}  // namespace tocsin::rules
