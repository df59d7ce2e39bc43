// rulefmt's validation of a decoded rule file.

#include <set>
#include <string>
#include <vector>

#include "promql/go_format.h"
#include "promql/parser/parser.h"
#include "rules/alert_template.h"
#include "rules/rule_file.h"

namespace tocsin::rules {
namespace {

std::string PosPrefix(YamlPos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
}

// Collects the problems of one rule, worded and placed as rulefmt does.
class RuleChecker {
 public:
  RuleChecker(const GroupSpec& group, size_t index, RuleSpec& rule,
              std::vector<std::string>* out)
      : group_(group), index_(index), rule_(rule), out_(out) {}

  void Check() {
    CheckKind();
    CheckExpr();
    if (!rule_.record.empty()) CheckRecording();
    for (const RuleLabel& l : rule_.labels) {
      if (!IsValidLabelName(l.name) || l.name == promql::kMetricName) {
        Add(l.pos, "invalid label name: " + l.name);
      }
      if (!IsValidLabelValue(l.value)) {
        Add(l.pos, "invalid label value: " + l.value);
      }
    }
    for (const RuleLabel& a : rule_.annotations) {
      if (!IsValidLabelName(a.name)) {
        Add(a.pos, "invalid annotation name: " + a.name);
      }
    }
    if (!rule_.alert.empty()) CheckTemplates();
  }

 private:
  // A problem at `pos`; where the node is absent, at the rule itself.
  void Add(YamlPos pos, const std::string& message, YamlPos alt = {}) {
    std::string s = PosPrefix(pos.known() ? pos : rule_.pos);
    if (alt.known()) s += PosPrefix(alt);
    s += "group " + promql::GoQuote(group_.name) + ", rule " +
         std::to_string(index_ + 1) + ", " + promql::GoQuote(rule_.name()) +
         ": " + message;
    out_->push_back(std::move(s));
  }

  void CheckKind() {
    if (!rule_.record.empty() && !rule_.alert.empty()) {
      Add(rule_.record_pos, "only one of 'record' and 'alert' must be set",
          rule_.alert_pos);
    }
    if (rule_.record.empty() && rule_.alert.empty()) {
      Add(rule_.record_pos, "one of 'record' or 'alert' must be set");
    }
  }

  void CheckExpr() {
    if (rule_.expr.empty()) {
      Add(rule_.expr_pos, "field 'expr' must be set in rule");
      return;
    }
    auto expr = promql::ParseExpr(rule_.expr);
    if (!expr.ok()) {
      Add(rule_.expr_pos,
          "could not parse expression: " + expr.status().message());
      return;
    }
    rule_.parsed_expr = std::shared_ptr<const promql::Expr>(std::move(*expr));
  }

  void CheckRecording() {
    if (!rule_.annotations.empty()) {
      Add(rule_.record_pos, "invalid field 'annotations' in recording rule");
    }
    if (rule_.for_ms != 0) {
      Add(rule_.record_pos, "invalid field 'for' in recording rule");
    }
    if (rule_.keep_firing_for_ms != 0) {
      Add(rule_.record_pos,
          "invalid field 'keep_firing_for' in recording rule");
    }
    if (!IsValidMetricName(rule_.record)) {
      Add(rule_.record_pos, "invalid recording rule name: " + rule_.record);
    }
  }

  void CheckTemplates() {
    for (const RuleLabel& l : rule_.labels) {
      Status s = CheckAlertTemplate(rule_.alert, l.value);
      if (!s.ok()) {
        Add(l.pos, "label " + promql::GoQuote(l.name) + ": " + s.message());
      }
    }
    for (const RuleLabel& a : rule_.annotations) {
      Status s = CheckAlertTemplate(rule_.alert, a.value);
      if (!s.ok()) {
        Add(a.pos,
            "annotation " + promql::GoQuote(a.name) + ": " + s.message());
      }
    }
  }

  const GroupSpec& group_;
  size_t index_;
  RuleSpec& rule_;
  std::vector<std::string>* out_;
};

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && IsDigit(c));
    if (!ok) return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = IsAsciiLetter(c) || c == '_' || (i > 0 && IsDigit(c));
    if (!ok) return false;
  }
  return true;
}

bool IsValidLabelValue(std::string_view value) {
  // utf8.ValidString: well-formed sequences, no surrogates or overlongs.
  size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(value.data());
  while (i < value.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= value.size()) return false;
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::vector<std::string> ValidateRuleFile(RuleFileSpec& file) {
  std::vector<std::string> errors;
  std::set<std::string> names;
  for (GroupSpec& group : file.groups) {
    if (group.name.empty()) {
      errors.push_back(PosPrefix(group.pos) + "Groupname must not be empty");
    }
    if (!names.insert(group.name).second) {
      errors.push_back(PosPrefix(group.pos) + "groupname: \"" + group.name +
                       "\" is repeated in the same file");
    }
    for (size_t i = 0; i < group.rules.size(); ++i) {
      RuleChecker(group, i, group.rules[i], &errors).Check();
    }
  }
  return errors;
}

}  // namespace tocsin::rules
