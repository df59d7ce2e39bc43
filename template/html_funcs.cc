// The escaping functions of html/template (declared in html_escape.h).

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "template/go_fmt.h"
#include "template/go_strconv.h"
#include "template/html_context.h"
#include "template/html_escape.h"
#include "template/unicode.h"

namespace tocsin::tmpl {
namespace {

using Args = std::span<const Value>;

constexpr std::string_view kFailsafe = "ZgotmplZ";

enum class Content { kPlain, kHTML };

bool IsNilArg(const Value& v) {
  return !v.valid() || (v.is_nil() && v.kind() == Kind::kInterface);
}

// html/template's stringify: the text of the arguments and, for a single
// template.HTML argument, its content type.
std::pair<std::string, Content> Stringify(Args args) {
  if (args.size() == 1 && args[0].valid() && !args[0].is_nil()) {
    if (args[0].type() == StringType())
      return {args[0].AsString(), Content::kPlain};
    if (args[0].type() == HTMLType())
      return {args[0].AsString(), Content::kHTML};
  }
  std::vector<Value> kept;
  for (const Value& a : args) {
    if (!IsNilArg(a)) kept.push_back(a);
  }
  return {Sprint(kept), Content::kPlain};
}

// Replaces runes below the table's size that have an entry.
std::string Replace(std::string_view s, const std::vector<std::string>& table,
                    bool bad_runes) {
  std::string out;
  size_t written = 0;
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = DecodeRune(s, i);
    int32_t r = d.rune;
    if (r >= 0 && static_cast<size_t>(r) < table.size()) {
      if (!table[r].empty()) {
        out.append(s.substr(written, i - written));
        out += table[r];
        written = i + d.size;
      }
    } else if (!bad_runes &&
               ((r >= 0xFDD0 && r <= 0xFDEF) || (r >= 0xFFF0 && r <= 0xFFFF))) {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "&#x%x;", r);
      out.append(s.substr(written, i - written));
      out += buf;
      written = i + d.size;
    }
    i += d.size;
  }
  if (written == 0) return std::string(s);
  out.append(s.substr(written));
  return out;
}

std::vector<std::string> MakeTable(
    std::initializer_list<std::pair<int, std::string_view>> entries) {
  std::vector<std::string> t;
  for (const auto& [c, r] : entries) {
    if (t.size() <= static_cast<size_t>(c)) t.resize(c + 1);
    t[c] = std::string(r);
  }
  return t;
}

const std::vector<std::string>& HTMLTable() {
  static const auto* t =
      new std::vector<std::string>(MakeTable({{0, "\xEF\xBF\xBD"},
                                              {'"', "&#34;"},
                                              {'&', "&amp;"},
                                              {'\'', "&#39;"},
                                              {'+', "&#43;"},
                                              {'<', "&lt;"},
                                              {'>', "&gt;"}}));
  return *t;
}

const std::vector<std::string>& HTMLNormTable() {
  static const auto* t =
      new std::vector<std::string>(MakeTable({{0, "\xEF\xBF\xBD"},
                                              {'"', "&#34;"},
                                              {'\'', "&#39;"},
                                              {'+', "&#43;"},
                                              {'<', "&lt;"},
                                              {'>', "&gt;"}}));
  return *t;
}

const std::vector<std::string>& HTMLNospaceTable(bool norm) {
  static const auto* full =
      new std::vector<std::string>(MakeTable({{0, "&#xfffd;"},
                                              {'\t', "&#9;"},
                                              {'\n', "&#10;"},
                                              {'\v', "&#11;"},
                                              {'\f', "&#12;"},
                                              {'\r', "&#13;"},
                                              {' ', "&#32;"},
                                              {'"', "&#34;"},
                                              {'&', "&amp;"},
                                              {'\'', "&#39;"},
                                              {'+', "&#43;"},
                                              {'<', "&lt;"},
                                              {'=', "&#61;"},
                                              {'>', "&gt;"},
                                              {'`', "&#96;"}}));
  static const auto* normed = [] {
    auto* t = new std::vector<std::string>(*full);
    (*t)['&'].clear();
    return t;
  }();
  return norm ? *normed : *full;
}

// Removes tags from HTML so that it can sit in an attribute value.
std::string StripTags(std::string_view html) {
  std::string out;
  html::Context c;
  size_t i = 0;
  while (i < html.size()) {
    auto [c1, n] = html::ContextAfterText(c, html.substr(i));
    if (c.state == html::State::kText || c.state == html::State::kRCDATA) {
      size_t end = i + n;
      if (c1.state != c.state) {
        for (size_t j = end; j > i; --j) {
          if (html[j - 1] == '<') {
            end = j - 1;
            break;
          }
        }
      }
      out.append(html.substr(i, end - i));
    }
    if (n == 0 && c1 == c) break;
    c = c1;
    i += n;
  }
  return out;
}

Result<Value> Str(std::string s) { return Value::String(std::move(s)); }

std::string HTMLEscaper(Args a) {
  auto [s, t] = Stringify(a);
  if (t == Content::kHTML) return s;
  return Replace(s, HTMLTable(), true);
}

std::string RCDATAEscaper(Args a) {
  auto [s, t] = Stringify(a);
  if (t == Content::kHTML) return Replace(s, HTMLNormTable(), true);
  return Replace(s, HTMLTable(), true);
}

std::string AttrEscaper(Args a) {
  auto [s, t] = Stringify(a);
  if (t == Content::kHTML) return Replace(StripTags(s), HTMLNormTable(), true);
  return Replace(s, HTMLTable(), true);
}

std::string NospaceEscaper(Args a) {
  auto [s, t] = Stringify(a);
  if (t == Content::kHTML) {
    return Replace(StripTags(s), HTMLNospaceTable(true), false);
  }
  return Replace(s, HTMLNospaceTable(false), false);
}

bool IsSafeURL(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return true;
  std::string_view protocol = s.substr(0, colon);
  if (protocol.find('/') != std::string_view::npos) return true;
  std::string lower(protocol);
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  return lower == "http" || lower == "https" || lower == "mailto";
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

// html/template's processURLOnto.
std::string ProcessURL(std::string_view s, bool norm) {
  std::string out;
  size_t written = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '&':
      case '*':
      case '+':
      case ',':
      case '/':
      case ':':
      case ';':
      case '=':
      case '?':
      case '@':
      case '[':
      case ']':
        if (norm) continue;
        break;
      case '-':
      case '.':
      case '_':
      case '~':
        continue;
      case '%':
        if (norm && i + 2 < s.size() && IsHex(s[i + 1]) && IsHex(s[i + 2])) {
          continue;
        }
        break;
      default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9')) {
          continue;
        }
    }
    out.append(s.substr(written, i - written));
    char buf[4];
    std::snprintf(buf, sizeof(buf), "%%%02x", static_cast<unsigned char>(c));
    out += buf;
    written = i + 1;
  }
  if (written == 0) return std::string(s);
  out.append(s.substr(written));
  return out;
}

std::string URLFilter(Args a) {
  auto [s, t] = Stringify(a);
  if (!IsSafeURL(s)) return "#" + std::string(kFailsafe);
  return s;
}

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
    DecodedRune d = DecodeRune(s, i);
    if (d.rune == kRuneError && d.size == 1) {
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
  std::string s = FormatFloat(f, fmt, -1);
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

std::string CSSEscaper(Args a) {
  auto [s, t] = Stringify(a);
  const auto& table = CSSTable();
  std::string out;
  size_t written = 0;
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = DecodeRune(s, i);
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

std::string HTMLNameFilter(Args a) {
  auto [s, t] = Stringify(a);
  if (s.empty()) return std::string(kFailsafe);
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(c));
  html::ContentType ct = html::AttrType(lower);
  if (ct != html::ContentType::kPlain) return std::string(kFailsafe);
  for (char c : lower) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
      return std::string(kFailsafe);
    }
  }
  return lower;
}

std::string SrcsetEscaper(Args a) {
  auto [s, t] = Stringify(a);
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      std::string_view part = std::string_view(s).substr(start, i - start);
      size_t b = part.find_first_not_of(" \t\n\f\r");
      std::string_view url = b == std::string_view::npos ? "" : part.substr(b);
      size_t e = url.find_first_of(" \t\n\f\r");
      std::string_view meta = e == std::string_view::npos ? "" : url.substr(e);
      url = url.substr(0, e);
      if (start > 0) out += ',';
      out.append(part.substr(0, b == std::string_view::npos ? 0 : b));
      if (IsSafeURL(url)) {
        out += ProcessURL(url, true);
        out += ProcessURL(meta, true);
      } else {
        out += "#" + std::string(kFailsafe);
      }
      start = i + 1;
    }
  }
  return out;
}

Func Escaper(std::string name, std::string (*fn)(Args)) {
  Func f;
  f.name = std::move(name);
  f.params = {InterfaceType()};
  f.variadic = true;
  f.fn = [fn](const Value&, Args a) { return Str(fn(a)); };
  return f;
}

FuncMap MakeHTMLEscaperFuncs() {
  FuncMap m;
  auto add = [&m](Func f) {
    std::string name = f.name;
    m.emplace(std::move(name), std::move(f));
  };
  add(Escaper("_html_template_attrescaper", AttrEscaper));
  add(Escaper("_html_template_commentescaper",
              [](Args) { return std::string(); }));
  add(Escaper("_html_template_cssescaper", CSSEscaper));
  add(Escaper("_html_template_cssvaluefilter", CSSValueFilter));
  add(Escaper("_html_template_htmlnamefilter", HTMLNameFilter));
  add(Escaper("_html_template_htmlescaper", HTMLEscaper));
  add(Escaper("_html_template_jsregexpescaper", [](Args a) {
    std::string s = JSReplace(Stringify(a).first, JSRegexpTable());
    return s.empty() ? std::string("(?:)") : s;
  }));
  add(Escaper("_html_template_jsstrescaper", [](Args a) {
    return JSReplace(Stringify(a).first, JSStrTable());
  }));
  add(Escaper("_html_template_jsvalescaper", JSValEscaper));
  add(Escaper("_html_template_nospaceescaper", NospaceEscaper));
  add(Escaper("_html_template_rcdataescaper", RCDATAEscaper));
  add(Escaper("_html_template_srcsetescaper", SrcsetEscaper));
  add(Escaper("_html_template_urlescaper",
              [](Args a) { return ProcessURL(Stringify(a).first, false); }));
  add(Escaper("_html_template_urlfilter", URLFilter));
  add(Escaper("_html_template_urlnormalizer",
              [](Args a) { return ProcessURL(Stringify(a).first, true); }));
  add(Escaper("_eval_args_", [](Args a) {
    if (a.size() == 1 && a[0].valid() && a[0].type() == StringType()) {
      return a[0].AsString();
    }
    return Sprint(a);
  }));
  return m;
}

}  // namespace

const Type* HTMLType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "template.HTML";
    type->kind = Kind::kString;
    return type;
  }();
  return t;
}

const FuncMap& HTMLEscaperFuncs() {
  static const FuncMap* funcs = new FuncMap(MakeHTMLEscaperFuncs());
  return *funcs;
}

}  // namespace tocsin::tmpl
