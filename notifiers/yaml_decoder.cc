#include "notifiers/yaml_decoder.h"

#include <charconv>
#include <set>

#include "promql/go_format.h"
#include "promql/parser/parser.h"

namespace tocsin::notifiers {
namespace {

enum class Kind { kNull, kBool, kInt, kFloat, kStr, kSeq, kMap };

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

bool IsPlain(const YAML::Node& node) {
  // yaml-cpp tags quoted (non-plain) scalars "!" and plain ones "?".
  return node.Tag() == "?" || node.Tag().empty();
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlFloat(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// strconv.ParseInt(s, 0, 64) / ParseUint for the forms yaml.v2 accepts
// (underscores removed first).
bool ParseYamlInt(std::string_view text, bool* negative, uint64_t* magnitude) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  size_t i = 0;
  *negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    *negative = s[i] == '-';
    ++i;
  }
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    char p = static_cast<char>(s[i + 1] | 0x20);
    if (p == 'x') {
      base = 16;
      i += 2;
    } else if (p == 'o') {
      base = 8;
      i += 2;
    } else if (p == 'b') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  if (i >= s.size()) return false;
  auto [ptr, ec] =
      std::from_chars(s.data() + i, s.data() + s.size(), *magnitude, base);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Kind Resolve(const YAML::Node& node) {
  if (node.IsSequence()) return Kind::kSeq;
  if (node.IsMap()) return Kind::kMap;
  if (node.IsNull()) return Kind::kNull;
  if (!IsPlain(node)) return Kind::kStr;
  const std::string& s = node.Scalar();
  if (IsOneOf(s, {"y",    "Y",    "yes",  "Yes",   "YES",   "on",   "On", "ON",
                  "true", "True", "TRUE", "n",     "N",     "no",   "No", "NO",
                  "off",  "Off",  "OFF",  "false", "False", "FALSE"})) {
    return Kind::kBool;
  }
  if (IsOneOf(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
                  "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"})) {
    return Kind::kFloat;
  }
  bool neg;
  uint64_t mag;
  if (!s.empty() && ParseYamlInt(s, &neg, &mag)) return Kind::kInt;
  if (IsYamlFloat(s)) return Kind::kFloat;
  return Kind::kStr;
}

std::string ShortTag(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (!tag.empty() && tag != "?" && tag != "!") {
    if (tag.rfind("tag:yaml.org,2002:", 0) == 0) return "!!" + tag.substr(18);
    return tag;
  }
  switch (Resolve(node)) {
    case Kind::kNull:
      return "!!null";
    case Kind::kBool:
      return "!!bool";
    case Kind::kInt:
      return "!!int";
    case Kind::kFloat:
      return "!!float";
    case Kind::kStr:
      return "!!str";
    case Kind::kSeq:
      return "!!seq";
    case Kind::kMap:
      return "!!map";
  }
  return "!!str";
}

}  // namespace

YamlPos PosOf(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  YAML::Mark m = node.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

Result<YAML::Node> ParseYamlDocument(std::string_view text,
                                     std::string_view file) {
  try {
    YAML::Node node = YAML::Load(std::string(text));
    if (!node.IsDefined()) return YAML::Node(YAML::NodeType::Null);
    return node;
  } catch (const YAML::Exception& e) {
    std::string out(file);
    if (e.mark.line >= 0) {
      out += ":" + std::to_string(e.mark.line + 1) + ":" +
             std::to_string(e.mark.column + 1);
    }
    return Status::InvalidArgument(out + ": yaml: " + e.msg);
  }
}

std::string YamlDecoder::At(YamlPos pos, std::string_view message) const {
  std::string out = file_;
  if (pos.known()) {
    out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  }
  out += ": ";
  out += message;
  return out;
}

void YamlDecoder::TypeError(const YAML::Node& node, std::string_view go_type) {
  std::string tag = ShortTag(node);
  std::string msg = "cannot unmarshal " + tag;
  if (tag != "!!seq" && tag != "!!map") {
    std::string value = node.Scalar();
    if (value.size() > 10) value = value.substr(0, 7) + "...";
    msg += " `" + value + "`";
  }
  msg += " into ";
  msg += go_type;
  TypeErrorAt(PosOf(node), std::move(msg));
}

void YamlDecoder::TypeErrorAt(YamlPos pos, std::string message) {
  errors_.push_back(At(pos, message));
}

void YamlDecoder::Fail(YamlPos pos, std::string message) {
  if (aborted_) return;
  aborted_ = true;
  abort_message_ = At(pos, message);
}

std::string YamlDecoder::Error() const {
  if (aborted_) return abort_message_;
  if (errors_.empty()) return "";
  std::string out = "yaml: unmarshal errors:";
  for (const std::string& e : errors_) {
    out += "\n  ";
    out += e;
  }
  return out;
}

Status YamlDecoder::ToStatus() const {
  if (ok()) return Status::OK();
  return Status::InvalidArgument(Error());
}

bool YamlDecoder::String(const YAML::Node& node, std::string* out) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) {
    out->clear();
    return true;
  }
  if (k == Kind::kSeq || k == Kind::kMap) {
    TypeError(node, "string");
    return false;
  }
  *out = node.Scalar();
  return true;
}

bool YamlDecoder::Bool(const YAML::Node& node, bool* out) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) {
    *out = false;
    return true;
  }
  if (k != Kind::kBool) {
    TypeError(node, "bool");
    return false;
  }
  const std::string& s = node.Scalar();
  *out = IsOneOf(s, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true",
                     "True", "TRUE"});
  return true;
}

bool YamlDecoder::Uint64(const YAML::Node& node, uint64_t* out) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) {
    *out = 0;
    return true;
  }
  bool neg = false;
  uint64_t mag = 0;
  if (k != Kind::kInt || !ParseYamlInt(node.Scalar(), &neg, &mag) ||
      (neg && mag != 0)) {
    TypeError(node, "uint64");
    return false;
  }
  *out = mag;
  return true;
}

bool YamlDecoder::Duration(const YAML::Node& node, int64_t* ms) {
  std::string s;
  if (!String(node, &s)) return false;
  auto d = promql::ParseDuration(s);
  if (!d.ok()) {
    Fail(node, d.status().message());
    return false;
  }
  *ms = *d;
  return true;
}

bool YamlDecoder::StringList(const YAML::Node& node,
                             std::vector<std::string>* out) {
  std::vector<std::string> list;
  bool ok = Sequence(node, "[]string", [&](const YAML::Node& e) {
    std::string s;
    String(e, &s);
    list.push_back(std::move(s));
  });
  if (ok) *out = std::move(list);
  return ok;
}

bool YamlDecoder::StringMap(const YAML::Node& node,
                            std::vector<YamlStringEntry>* out) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) {
    out->clear();
    return true;
  }
  if (k != Kind::kMap) {
    TypeError(node, "map[string]string");
    return false;
  }
  std::vector<YamlStringEntry> entries;
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    YamlStringEntry e;
    if (!String(it->first, &e.key)) continue;
    if (!String(it->second, &e.value)) continue;
    if (!seen.insert(e.key).second) {
      TypeErrorAt(PosOf(it->first),
                  "key " + promql::GoQuote(e.key) + " already set in map");
      continue;
    }
    e.key_pos = PosOf(it->first);
    e.value_pos = PosOf(it->second);
    entries.push_back(std::move(e));
  }
  *out = std::move(entries);
  return true;
}

bool YamlDecoder::Struct(const YAML::Node& node, std::string_view go_type,
                         std::initializer_list<std::string_view> fields,
                         const FieldVisitor& visit) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) return true;
  if (k != Kind::kMap) {
    TypeError(node, go_type);
    return false;
  }
  std::vector<bool> done(fields.size(), false);
  for (auto it = node.begin(); it != node.end() && !aborted_; ++it) {
    std::string key;
    if (!String(it->first, &key)) continue;
    size_t index = 0;
    for (std::string_view f : fields) {
      if (f == key) break;
      ++index;
    }
    if (index == fields.size()) {
      TypeErrorAt(PosOf(it->first), "field " + key + " not found in type " +
                                        std::string(go_type));
      continue;
    }
    if (done[index]) {
      TypeErrorAt(PosOf(it->first), "field " + key + " already set in type " +
                                        std::string(go_type));
      continue;
    }
    done[index] = true;
    visit(index, it->first, it->second);
  }
  return !aborted_;
}

bool YamlDecoder::Sequence(const YAML::Node& node, std::string_view go_type,
                           const std::function<void(const YAML::Node&)>& elem) {
  if (aborted_) return false;
  Kind k = Resolve(node);
  if (k == Kind::kNull) return true;
  if (k != Kind::kSeq) {
    TypeError(node, go_type);
    return false;
  }
  for (const YAML::Node& e : node) {
    if (aborted_) return false;
    elem(e);
  }
  return !aborted_;
}

}  // namespace tocsin::notifiers
