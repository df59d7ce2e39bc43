#include "rules/yaml_decode.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "promql/go_format.h"
#include "promql/parser/parser.h"

namespace tocsin::rules {
namespace {

enum class Kind { kNull, kBool, kInt, kFloat, kStr, kSeq, kMap, kOther };

struct Resolved {
  Kind kind = Kind::kStr;
  int64_t i = 0;
  double f = 0;
};

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

// Go's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlStyleFloat(std::string_view s) {
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

// strconv.ParseInt(s, 0, 64) for the prefixes Go accepts.
bool ParseGoInt(std::string_view s, int64_t* out) {
  std::string t(s);
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    neg = t[i] == '-';
    ++i;
  }
  int base = 10;
  if (t.size() - i > 1 && t[i] == '0') {
    char p = static_cast<char>(t[i + 1] | 0x20);
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
  if (i >= t.size()) return false;
  for (size_t j = i; j < t.size(); ++j) {
    char c = static_cast<char>(t[j] | 0x20);
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                     : 99;
    if (d >= base) return false;
  }
  errno = 0;
  unsigned long long v = std::strtoull(t.c_str() + i, nullptr, base);
  if (errno == ERANGE) return false;
  if (neg) {
    if (v > static_cast<unsigned long long>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<unsigned long long>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

Resolved ResolvePlain(std::string_view s, YamlDialect dialect) {
  Resolved r;
  if (IsOneOf(s, {"", "~", "null", "Null", "NULL"})) {
    r.kind = Kind::kNull;
    return r;
  }
  if (IsOneOf(s, {"true", "True", "TRUE", "false", "False", "FALSE"})) {
    r.kind = Kind::kBool;
    return r;
  }
  if (dialect == YamlDialect::kV2Strict &&
      IsOneOf(s, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N",
                  "no", "No", "NO", "off", "Off", "OFF"})) {
    r.kind = Kind::kBool;
    return r;
  }
  if (IsOneOf(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    r.kind = Kind::kFloat;
    r.f = std::numeric_limits<double>::infinity();
    return r;
  }
  if (IsOneOf(s, {"-.inf", "-.Inf", "-.INF"})) {
    r.kind = Kind::kFloat;
    r.f = -std::numeric_limits<double>::infinity();
    return r;
  }
  if (IsOneOf(s, {".nan", ".NaN", ".NAN"})) {
    r.kind = Kind::kFloat;
    r.f = std::nan("");
    return r;
  }
  char c = s[0];
  if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    std::string plain;
    for (char ch : s) {
      if (ch != '_') plain += ch;
    }
    if (ParseGoInt(plain, &r.i)) {
      r.kind = Kind::kInt;
      return r;
    }
    if (IsYamlStyleFloat(plain)) {
      r.kind = Kind::kFloat;
      r.f = std::strtod(plain.c_str(), nullptr);
      return r;
    }
  }
  r.kind = Kind::kStr;
  return r;
}

Resolved Resolve(const YAML::Node& n, YamlDialect dialect) {
  Resolved r;
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      r.kind = Kind::kNull;
      return r;
    case YAML::NodeType::Sequence:
      r.kind = Kind::kSeq;
      return r;
    case YAML::NodeType::Map:
      r.kind = Kind::kMap;
      return r;
    case YAML::NodeType::Scalar:
      break;
  }
  const std::string& tag = n.Tag();
  if (tag == "?" || tag.empty()) return ResolvePlain(n.Scalar(), dialect);
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return r;  // string
  if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
      tag == "tag:yaml.org,2002:null" || tag == "tag:yaml.org,2002:bool") {
    return ResolvePlain(n.Scalar(), dialect);
  }
  r.kind = Kind::kOther;
  return r;
}

std::string GoTypeMismatchValue(const YAML::Node& n) {
  // Go shows at most 10 bytes of the value, else the first 7 and "...".
  std::string v = n.IsScalar() ? n.Scalar() : "";
  if (v.size() > 10) v = v.substr(0, 7) + "...";
  return " `" + v + "`";
}

}  // namespace

YamlPos PosOf(const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

Result<YAML::Node> ParseYaml(std::string_view text) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        "yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

std::string ShortTag(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
  if (tag.size() > kPrefix.size() &&
      tag.compare(0, kPrefix.size(), kPrefix) == 0) {
    return "!!" + tag.substr(kPrefix.size());
  }
  switch (Resolve(node, YamlDialect::kV3).kind) {
    case Kind::kNull:
      return "!!null";
    case Kind::kBool:
      return "!!bool";
    case Kind::kInt:
      return "!!int";
    case Kind::kFloat:
      return "!!float";
    case Kind::kSeq:
      return "!!seq";
    case Kind::kMap:
      return "!!map";
    case Kind::kStr:
      return "!!str";
    case Kind::kOther:
      break;
  }
  return tag;
}

void YamlDecoder::TypeError(const YAML::Node& node, std::string_view go_type) {
  std::string tag = ShortTag(node);
  std::string value =
      (tag == "!!seq" || tag == "!!map") ? "" : GoTypeMismatchValue(node);
  errors_.push_back("line " + std::to_string(PosOf(node).line) +
                    ": cannot unmarshal " + tag + value + " into " +
                    std::string(go_type));
}

void YamlDecoder::Abort(std::string message) {
  if (aborted_) return;
  aborted_ = true;
  abort_message_ = std::move(message);
}

std::string YamlDecoder::Error() const {
  if (aborted_) return abort_message_;
  if (errors_.empty()) return "";
  std::string out = "yaml: unmarshal errors:";
  for (const std::string& e : errors_) out += "\n  " + e;
  return out;
}

bool YamlDecoder::String(const YAML::Node& node, std::string* out) {
  if (aborted_) return false;
  switch (Resolve(node, dialect_).kind) {
    case Kind::kNull:
      out->clear();
      return true;
    case Kind::kSeq:
    case Kind::kMap:
      TypeError(node, "string");
      return false;
    default:
      *out = node.Scalar();
      return true;
  }
}

bool YamlDecoder::Int(const YAML::Node& node, int64_t* out) {
  if (aborted_) return false;
  Resolved r = Resolve(node, dialect_);
  switch (r.kind) {
    case Kind::kNull:
      *out = 0;
      return true;
    case Kind::kInt:
      *out = r.i;
      return true;
    case Kind::kFloat:
      if (std::isfinite(r.f) && r.f < 9.2e18 && r.f > -9.2e18) {
        *out = static_cast<int64_t>(r.f);
        return true;
      }
      break;
    default:
      break;
  }
  TypeError(node, "int");
  return false;
}

bool YamlDecoder::Float(const YAML::Node& node, double* out) {
  if (aborted_) return false;
  Resolved r = Resolve(node, dialect_);
  switch (r.kind) {
    case Kind::kNull:
      *out = 0;
      return true;
    case Kind::kInt:
      *out = static_cast<double>(r.i);
      return true;
    case Kind::kFloat:
      *out = r.f;
      return true;
    default:
      TypeError(node, "float64");
      return false;
  }
}

bool YamlDecoder::Duration(const YAML::Node& node, int64_t* ms) {
  if (aborted_) return false;
  if (Resolve(node, dialect_).kind == Kind::kNull) return true;
  std::string text;
  if (!String(node, &text)) return false;
  auto d = promql::ParseDuration(text);
  if (!d.ok()) {
    Abort(d.status().message());
    return false;
  }
  *ms = *d;
  return true;
}

bool YamlDecoder::CheckUniqueKeys(const YAML::Node& node) {
  bool ok = true;
  std::vector<std::pair<std::string, int>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // A copy: yaml-cpp's iterator hands out a temporary pair.
    const YAML::Node key = it->first;
    std::string name = key.IsScalar() ? key.Scalar() : "";
    int line = PosOf(key).line;
    for (const auto& [prev, prev_line] : seen) {
      if (prev != name) continue;
      if (dialect_ == YamlDialect::kV3) {
        errors_.push_back("line " + std::to_string(line) + ": mapping key " +
                          promql::GoQuote(name) + " already defined at line " +
                          std::to_string(prev_line));
        ok = false;
      }
      break;
    }
    seen.emplace_back(name, line);
  }
  return ok;
}

bool YamlDecoder::StringMap(const YAML::Node& node,
                            std::vector<YamlMapEntry>* out) {
  if (aborted_) return false;
  Kind kind = Resolve(node, dialect_).kind;
  if (kind == Kind::kNull) return true;
  if (kind != Kind::kMap) {
    TypeError(node, "map[string]string");
    return false;
  }
  if (!CheckUniqueKeys(node)) return false;
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    YamlMapEntry e;
    if (!String(it->first, &e.key) || !String(it->second, &e.value)) {
      ok = false;
      continue;
    }
    e.key_pos = PosOf(it->first);
    e.value_pos = PosOf(it->second);
    bool replaced = false;
    for (auto& prev : *out) {
      if (prev.key == e.key) {
        if (dialect_ == YamlDialect::kV2Strict) {
          errors_.push_back("line " + std::to_string(e.key_pos.line) +
                            ": key " + promql::GoQuote(e.key) +
                            " already set in map");
        }
        prev = e;
        replaced = true;
      }
    }
    if (!replaced) out->push_back(std::move(e));
  }
  return ok && !aborted_;
}

bool YamlDecoder::StringList(const YAML::Node& node,
                             std::vector<std::string>* out) {
  return Sequence(node, "[]string", [&](const YAML::Node& elem) {
    std::string s;
    if (String(elem, &s)) out->push_back(std::move(s));
  });
}

bool YamlDecoder::Struct(
    const YAML::Node& node, std::string_view go_type,
    std::initializer_list<std::string_view> fields,
    const std::function<void(size_t, const YAML::Node&)>& visit,
    bool known_fields) {
  if (aborted_) return false;
  Kind kind = Resolve(node, dialect_).kind;
  if (kind == Kind::kNull) return true;
  if (kind != Kind::kMap) {
    TypeError(node, go_type);
    return false;
  }
  if (!CheckUniqueKeys(node)) return false;
  std::vector<bool> done(fields.size(), false);
  for (auto it = node.begin(); it != node.end() && !aborted_; ++it) {
    std::string name;
    if (!String(it->first, &name)) continue;
    size_t index = 0;
    for (std::string_view f : fields) {
      if (f == name) break;
      ++index;
    }
    int line = PosOf(it->first).line;
    if (index == fields.size()) {
      if (!known_fields) continue;
      errors_.push_back("line " + std::to_string(line) + ": field " + name +
                        " not found in type " + std::string(go_type));
      continue;
    }
    if (done[index] && dialect_ == YamlDialect::kV2Strict) {
      errors_.push_back("line " + std::to_string(line) + ": field " + name +
                        " already set in type " + std::string(go_type));
      continue;
    }
    done[index] = true;
    visit(index, it->second);
  }
  return !aborted_;
}

bool YamlDecoder::Sequence(const YAML::Node& node, std::string_view go_type,
                           const std::function<void(const YAML::Node&)>& elem) {
  if (aborted_) return false;
  Kind kind = Resolve(node, dialect_).kind;
  if (kind == Kind::kNull) return true;
  if (kind != Kind::kSeq) {
    TypeError(node, go_type);
    return false;
  }
  for (auto it = node.begin(); it != node.end() && !aborted_; ++it) {
    if (dialect_ == YamlDialect::kV3 && Resolve(*it, dialect_).kind == Kind::kNull) {
      continue;
    }
    elem(*it);
  }
  return !aborted_;
}

}  // namespace tocsin::rules
