// The escaping functions of html/template for JavaScript (<script>, on*
// attributes: values as JSON, strings, regular expressions) and CSS.

#include <cmath>
#include <cstdio>

#include "go/strconv.h"
#include "go/unicode.h"
#include "template/go_fmt.h"
#include "template/html_funcs_internal.h"

namespace tocsin::tmpl::html_internal {
namespace {

const std::vector<std::string>& JSStrTable() {
  static const auto* t =
      new std::vector<std::string>(MakeTable({{0, "\\u0000"},
                                              {'\t', "\\t"},
                                              {'\n', "\\n"},
                                              {'\v', "\\u000b"},
                                              {'\f', "\\f"},
                                              {'\r', "\\r"},
                                              {'"', "\\u0022"},
                                              {'&', "\\u0026"},
                                              {'\'', "\\u0027"},
                                              {'+', "\\u002b"},
                                              {'/', "\\/"},
                                              {'<', "\\u003c"},
                                              {'>', "\\u003e"},
                                              {'\\', "\\\\"},
                                              {'`', "\\u0060"}}));
  return *t;
}

const std::vector<std::string>& JSRegexpTable() {
  static const auto* t = new std::vector<std::string>(MakeTable(
      {{0, "\\u0000"},   {'\t', "\\t"},     {'\n', "\\n"},    {'\v', "\\u000b"},
       {'\f', "\\f"},    {'\r', "\\r"},     {'"', "\\u0022"}, {'$', "\\$"},
       {'&', "\\u0026"}, {'\'', "\\u0027"}, {'(', "\\("},     {')', "\\)"},
       {'*', "\\*"},     {'+', "\\u002b"},  {'-', "\\-"},     {'.', "\\."},
       {'/', "\\/"},     {'<', "\\u003c"},  {'>', "\\u003e"}, {'?', "\\?"},
       {'[', "\\["},     {'\\', "\\\\"},    {']', "\\]"},     {'^', "\\^"},
       {'{', "\\{"},     {'|', "\\|"},      {'}', "\\}"}}));
  return *t;
}

// Replace plus U+2028 / U+2029, as js.go's replace does.
std::string JSReplace(std::string_view s, const std::vector<std::string>& t) {
  std::string r = Replace(s, t, true);
  std::string out;
  for (size_t i = 0; i < r.size();) {
    if (r.compare(i, 3, "\xE2\x80\xA8") == 0) {
      out += "\\u2028";
      i += 3;
    } else if (r.compare(i, 3, "\xE2\x80\xA9") == 0) {
      out += "\\u2029";
      i += 3;
    } else {
      out += r[i++];
    }
  }
  return out;
}

// encoding/json's string encoding (HTML-safe).
void JSONString(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    go::DecodedRune d = go::DecodeRune(s, i);
    if (d.rune == go::kRuneError && d.size == 1) {
      out += "\\ufffd";
    } else if (d.rune == 0x2028 || d.rune == 0x2029) {
      out += d.rune == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, d.size));
    }
    i += d.size;
  }
  out += '"';
}

// encoding/json's float encoding.
std::string JSONFloat(double f) {
  double a = std::fabs(f);
  char fmt = 'f';
  if (a != 0 && (a < 1e-6 || a >= 1e21)) fmt = 'e';
  std::string s = go::FormatFloat(f, fmt, -1);
  if (fmt == 'e') {
    // clean up e-09 to e-9
    size_t n = s.size();
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
      s.erase(n - 2, 1);
    }
  }
  return s;
}

bool JSONMarshal(std::string& out, const Value& v) {
  if (IsNilArg(v) || v.is_nil()) {
    out += "null";
    return true;
  }
  switch (v.kind()) {
    case Kind::kBool:
      out += v.AsBool() ? "true" : "false";
      return true;
    case Kind::kInt:
      out += std::to_string(v.AsInt());
      return true;
    case Kind::kFloat:
      if (std::isnan(v.AsFloat()) || std::isinf(v.AsFloat())) return false;
      out += JSONFloat(v.AsFloat());
      return true;
    case Kind::kString:
      JSONString(out, v.AsString());
      return true;
    case Kind::kList: {
      out += '[';
      bool first = true;
      for (const Value& item : v.AsList()) {
        if (!first) out += ',';
        first = false;
        if (!JSONMarshal(out, item)) return false;
      }
      out += ']';
      return true;
    }
    case Kind::kMap: {
      out += '{';
      bool first = true;
      for (const Value::Entry& e : v.AsMap()) {
        if (!first) out += ',';
        first = false;
        JSONString(out, e.first);
        out += ':';
        if (!JSONMarshal(out, e.second)) return false;
      }
      out += '}';
      return true;
    }
    case Kind::kStruct: {
      if (v.type()->stringer) {
        JSONString(out, v.type()->stringer(v));
        return true;
      }
      out += '{';
      const auto& fields = v.type()->fields;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        JSONString(out, fields[i].name);
        out += ':';
        if (!JSONMarshal(out, v.Fields()[i])) return false;
      }
      out += '}';
      return true;
    }
    default:
      out += "null";
      return true;
  }
}

bool IsJSIdentPart(char r) {
  return r == '$' || r == '_' || (r >= '0' && r <= '9') ||
         (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z');
}

const std::vector<std::string>& CSSTable() {
  static const auto* t =
      new std::vector<std::string>(MakeTable({{0, "\\0"},
                                              {'\t', "\\9"},
                                              {'\n', "\\a"},
                                              {'\f', "\\c"},
                                              {'\r', "\\d"},
                                              {'"', "\\22"},
                                              {'&', "\\26"},
                                              {'\'', "\\27"},
                                              {'(', "\\28"},
                                              {')', "\\29"},
                                              {'+', "\\2b"},
                                              {'/', "\\2f"},
                                              {':', "\\3a"},
                                              {';', "\\3b"},
                                              {'<', "\\3c"},
                                              {'>', "\\3e"},
                                              {'\\', "\\\\"},
                                              {'{', "\\7b"},
                                              {'}', "\\7d"}}));
  return *t;
}

}  // namespace

std::string JSStrEscaper(Args a) {
  return JSReplace(Stringify(a).first, JSStrTable());
}

std::string JSRegexpEscaper(Args a) {
  std::string s = JSReplace(Stringify(a).first, JSRegexpTable());
  return s.empty() ? std::string("(?:)") : s;
}

std::string JSValEscaper(Args a) {
  Value v;
  if (a.size() == 1) {
    v = a[0];
    if (v.valid() && !v.is_nil() && v.type()->stringer &&
        v.kind() != Kind::kStruct) {
      v = Value::String(v.type()->stringer(v));
    }
  } else {
    v = Value::String(Sprint(a));
  }
  std::string b;
  if (!JSONMarshal(b, v)) {
    return " /* json: unsupported value */null ";
  }
  if (b.empty()) return " null ";
  bool pad = IsJSIdentPart(b.front()) || IsJSIdentPart(b.back());
  return pad ? " " + b + " " : b;
}

std::string CSSEscaper(Args a) {
  auto [s, t] = Stringify(a);
  const auto& table = CSSTable();
  std::string out;
  size_t written = 0;
  for (size_t i = 0; i < s.size();) {
    go::DecodedRune d = go::DecodeRune(s, i);
    int32_t r = d.rune;
    if (r >= 0 && static_cast<size_t>(r) < table.size() && !table[r].empty()) {
      out.append(s, written, i - written);
      out += table[r];
      written = i + d.size;
      // A hex escape followed by a hex digit or space needs a separator.
      if (table[r].size() > 1 && IsHex(table[r].back()) && written < s.size() &&
          (IsHex(s[written]) || s[written] == ' ')) {
        out += ' ';
      }
    }
    i += d.size;
  }
  if (written == 0) return s;
  out.append(s, written);
  return out;
}

std::string CSSValueFilter(Args a) {
  auto [s, t] = Stringify(a);
  std::string lower;
  for (char c : s) {
    switch (c) {
      case 0:
      case '"':
      case '\'':
      case '(':
      case ')':
      case '/':
      case ';':
      case '@':
      case '[':
      case '\\':
      case ']':
      case '`':
      case '{':
      case '}':
      case '<':
      case '>':
        return std::string(kFailsafe);
      case '-':
        if (lower.size() > 0 && lower.back() == '-') {
          return std::string(kFailsafe);
        }
        break;
    }
    lower += static_cast<char>(std::tolower(c));
  }
  if (lower.find("expression") != std::string::npos ||
      lower.find("mozbinding") != std::string::npos) {
    return std::string(kFailsafe);
  }
  return s;
}

}  // namespace tocsin::tmpl::html_internal
