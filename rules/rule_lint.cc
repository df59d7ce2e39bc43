#include "rules/rule_lint.h"

#include <algorithm>

namespace tocsin::rules {
namespace {

int Compare(const DuplicateRule& a, const DuplicateRule& b) {
  if (a.metric != b.metric) return a.metric < b.metric ? -1 : 1;
  size_t n = std::min(a.labels.size(), b.labels.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.labels[i].name != b.labels[i].name) {
      return a.labels[i].name < b.labels[i].name ? -1 : 1;
    }
    if (a.labels[i].value != b.labels[i].value) {
      return a.labels[i].value < b.labels[i].value ? -1 : 1;
    }
  }
  if (a.labels.size() == b.labels.size()) return 0;
  return a.labels.size() < b.labels.size() ? -1 : 1;
}

}  // namespace

std::vector<DuplicateRule> FindDuplicateRules(const RuleFileSpec& file) {
  std::vector<DuplicateRule> rules;
  for (const GroupSpec& g : file.groups) {
    for (const RuleSpec& r : g.rules) rules.push_back({r.name(), r.labels});
  }
  std::vector<DuplicateRule> dups;
  if (rules.size() < 2) return dups;
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return Compare(a, b) < 0; });
  for (size_t i = 1; i < rules.size(); ++i) {
    if (Compare(rules[i - 1], rules[i]) != 0) continue;
    if (dups.empty() || Compare(rules[i - 1], dups.back()) != 0) {
      dups.push_back(rules[i]);
    }
  }
  return dups;
}

std::string DuplicateRulesMessage(const std::vector<DuplicateRule>& dups) {
  std::string out = std::to_string(dups.size()) + " duplicate rule(s) found.\n";
  for (const DuplicateRule& d : dups) {
    out += "Metric: " + d.metric + "\nLabel(s):\n";
    for (const RuleLabel& l : d.labels) {
      out += "\t" + l.name + ": " + l.value + "\n";
    }
  }
  out += "Might cause inconsistency while recording expressions";
  return out;
}

}  // namespace tocsin::rules
