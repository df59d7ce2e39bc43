#include "rules/rule_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tocsin::rules {
namespace {

void SortLabels(std::vector<RuleLabel>* labels) {
  std::sort(
      labels->begin(), labels->end(),
      [](const RuleLabel& a, const RuleLabel& b) { return a.name < b.name; });
}

bool DecodeLabels(YamlDecoder& d, const YAML::Node& node,
                  std::vector<RuleLabel>* out) {
  std::vector<YamlMapEntry> entries;
  if (!d.StringMap(node, &entries)) return false;
  for (auto& e : entries) {
    out->push_back({std::move(e.key), std::move(e.value), e.key_pos});
  }
  SortLabels(out);
  return true;
}

// A yaml.Node field: any node is accepted; scalars give their text.
void DecodeNodeField(const YAML::Node& node, std::string* value, YamlPos* pos) {
  *pos = PosOf(node);
  if (node.IsScalar()) *value = node.Scalar();
}

void DecodeRule(YamlDecoder& d, const YAML::Node& node, RuleSpec* rule) {
  rule->pos = PosOf(node);
  d.Struct(node, "rulefmt.RuleNode",
           {"record", "alert", "expr", "for", "keep_firing_for", "labels",
            "annotations"},
           [&](size_t field, const YAML::Node& v) {
             switch (field) {
               case 0:
                 DecodeNodeField(v, &rule->record, &rule->record_pos);
                 break;
               case 1:
                 DecodeNodeField(v, &rule->alert, &rule->alert_pos);
                 break;
               case 2:
                 DecodeNodeField(v, &rule->expr, &rule->expr_pos);
                 break;
               case 3:
                 d.Duration(v, &rule->for_ms);
                 break;
               case 4:
                 d.Duration(v, &rule->keep_firing_for_ms);
                 break;
               case 5:
                 DecodeLabels(d, v, &rule->labels);
                 break;
               case 6:
                 DecodeLabels(d, v, &rule->annotations);
                 break;
             }
           });
}

void DecodeGroup(YamlDecoder& d, const YAML::Node& node, GroupSpec* group) {
  group->pos = PosOf(node);
  d.Struct(node, "rulefmt.RuleGroup", {"name", "interval", "limit", "rules"},
           [&](size_t field, const YAML::Node& v) {
             switch (field) {
               case 0:
                 d.String(v, &group->name);
                 break;
               case 1:
                 d.Duration(v, &group->interval_ms);
                 break;
               case 2:
                 d.Int(v, &group->limit);
                 break;
               case 3:
                 d.Sequence(v, "[]rulefmt.RuleNode", [&](const YAML::Node& r) {
                   group->rules.emplace_back();
                   DecodeRule(d, r, &group->rules.back());
                 });
                 break;
             }
           });
}

// The strict decoding into rulefmt.RuleGroups.
std::string DecodeGroups(const YAML::Node& root, RuleFileSpec* file) {
  YamlDecoder d(YamlDialect::kV3);
  std::vector<YamlPos> element_pos;
  d.Struct(root, "rulefmt.RuleGroups", {"groups"},
           [&](size_t, const YAML::Node& v) {
             if (v.IsSequence()) {
               for (auto it = v.begin(); it != v.end(); ++it) {
                 element_pos.push_back(PosOf(*it));
               }
             }
             d.Sequence(v, "[]rulefmt.RuleGroup", [&](const YAML::Node& g) {
               file->groups.emplace_back();
               DecodeGroup(d, g, &file->groups.back());
             });
           });
  // rulefmt places the j-th decoded group at the j-th list element, null
  // elements (which decoding skips) included.
  for (size_t j = 0; j < file->groups.size() && j < element_pos.size(); ++j) {
    file->groups[j].pos = element_pos[j];
  }
  return d.Error();
}

// rulefmt's second, lenient decoding into a list of group nodes: it fails
// only on the file's outer shape.
std::string DecodeGroupNodes(const YAML::Node& root) {
  YamlDecoder d(YamlDialect::kV3);
  d.Struct(
      root, "rulefmt.ruleGroups", {"groups"},
      [&](size_t, const YAML::Node& v) {
        if (!v.IsSequence() && !v.IsNull()) d.TypeError(v, "[]yaml.Node");
      },
      /*known_fields=*/false);
  return d.Error();
}

}  // namespace

size_t RuleFileSpec::NumRules() const {
  size_t n = 0;
  for (const auto& g : groups) n += g.rules.size();
  return n;
}

RuleFileResult ParseRuleFile(std::string_view text, std::string_view source) {
  RuleFileResult result;
  result.file.path = std::string(source);
  const std::string prefix = std::string(source) + ": ";
  auto root = ParseYaml(text);
  if (!root.ok()) {
    // Both of rulefmt's decodings report the syntax error.
    result.errors.push_back(prefix + root.status().message());
    result.errors.push_back(prefix + root.status().message());
    return result;
  }
  std::string decode_error = DecodeGroups(*root, &result.file);
  std::string nodes_error = DecodeGroupNodes(*root);
  if (!decode_error.empty()) result.errors.push_back(prefix + decode_error);
  if (!nodes_error.empty()) result.errors.push_back(prefix + nodes_error);
  if (!result.errors.empty()) {
    result.file.groups.clear();
    return result;
  }
  for (std::string& e : ValidateRuleFile(result.file)) {
    result.errors.push_back(prefix + e);
  }
  if (!result.errors.empty()) result.file.groups.clear();
  return result;
}

RuleFileResult LoadRuleFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    RuleFileResult result;
    result.errors.push_back(path + ": open " + path + ": " +
                            std::strerror(errno));
    // Go spells errno texts in lower case.
    std::string& e = result.errors.back();
    size_t p = e.rfind(": ") + 2;
    if (p < e.size()) e[p] = static_cast<char>(std::tolower(e[p]));
    return result;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseRuleFile(buf.str(), path);
}

}  // namespace tocsin::rules
