// Rule files: the model of a Prometheus 2.42 rule file and its loader.
//
//   groups:
//     - name: <string>            unique within the file
//       interval: <duration>      default: the caller's evaluation interval
//       limit: <int>              0: no limit
//       rules:
//         - alert: <string> | record: <string>
//           expr: <PromQL>
//           for: <duration>               alerting rules only
//           keep_firing_for: <duration>   alerting rules only
//           labels: {<name>: <template>}
//           annotations: {<name>: <template>}   alerting rules only
//
// ParseRuleFile decodes a file as Prometheus's rulefmt package does (yaml.v3
// with known fields only) and validates everything rulefmt validates:
// unknown fields, type mismatches, repeated and empty group names, rules
// that are both or neither alert and record, missing or unparsable
// expressions, recording rules with `for`, `keep_firing_for` or
// annotations, invalid metric, label and annotation names, and template
// syntax. Each problem is one message in promtool's wording, prefixed with
// the file name and, where the YAML node is known, its line and column:
//
//   alerts.yml: 5:15: group "a", rule 1, "X": could not parse expression: ...
//
// (promtool prints no position for label, annotation and template errors;
// tocsin adds the position of the offending key.) A file with problems
// yields no groups. Parsing is reentrant; results are plain values.

#ifndef TOCSIN_RULES_RULE_FILE_H_
#define TOCSIN_RULES_RULE_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promql/parser/ast.h"
#include "rules/yaml_decode.h"

namespace tocsin::rules {

// One label or annotation of a rule, with where its key is.
struct RuleLabel {
  std::string name;
  std::string value;
  YamlPos pos;
};

struct RuleSpec {
  std::string alert;   // set for alerting rules
  std::string record;  // set for recording rules
  std::string expr;
  YamlPos alert_pos;  // unknown when the key is absent
  YamlPos record_pos;
  YamlPos expr_pos;
  YamlPos pos;  // the rule's mapping
  int64_t for_ms = 0;
  int64_t keep_firing_for_ms = 0;
  std::vector<RuleLabel> labels;       // sorted by name
  std::vector<RuleLabel> annotations;  // sorted by name
  // The parsed expression, once the file validated.
  std::shared_ptr<const promql::Expr> parsed_expr;

  bool is_alerting() const { return !alert.empty(); }
  // The alert name, else the recorded metric name.
  const std::string& name() const { return alert.empty() ? record : alert; }
};

struct GroupSpec {
  std::string name;
  YamlPos pos;
  int64_t interval_ms = 0;  // 0: not given
  int64_t limit = 0;        // 0: no limit
  std::vector<RuleSpec> rules;
};

struct RuleFileSpec {
  std::string path;
  std::vector<GroupSpec> groups;

  size_t NumRules() const;
};

struct RuleFileResult {
  RuleFileSpec file;  // empty when there are errors
  std::vector<std::string> errors;
  bool ok() const { return errors.empty(); }
};

// Decodes and validates `text`; `source` names the file in messages.
RuleFileResult ParseRuleFile(std::string_view text, std::string_view source);

// Reads the file at `path` and parses it. An unreadable file is one error:
// "PATH: open PATH: no such file or directory".
RuleFileResult LoadRuleFile(const std::string& path);

// Validation alone, on a decoded file (used by ParseRuleFile): the
// messages without the file prefix. Sets parsed_expr on every rule whose
// expression parses.
std::vector<std::string> ValidateRuleFile(RuleFileSpec& file);

// Whether `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), label
// name ([a-zA-Z_][a-zA-Z0-9_]*) or label value (valid UTF-8).
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);
bool IsValidLabelValue(std::string_view value);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_RULE_FILE_H_
