// The escaping functions of html/template for HTML text, attributes and
// URLs, and the function map of all escapers (declared in html_escape.h).

#include <cstdio>

#include "go/unicode.h"
#include "template/go_fmt.h"
#include "template/html_context.h"
#include "template/html_escape.h"
#include "template/html_funcs_internal.h"

namespace tocsin::tmpl {
namespace html_internal {
bool IsNilArg(const Value& v) {
  return !v.valid() || (v.is_nil() && v.kind() == Kind::kInterface);
}

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

std::string Replace(std::string_view s, const std::vector<std::string>& table,
                    bool bad_runes) {
  std::string out;
  size_t written = 0;
  for (size_t i = 0; i < s.size();) {
    go::DecodedRune d = go::DecodeRune(s, i);
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

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
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

}  // namespace html_internal

namespace {

using html_internal::Args;
using html_internal::Content;
using html_internal::kFailsafe;
using html_internal::MakeTable;
using html_internal::ProcessURL;
using html_internal::Replace;
using html_internal::Stringify;

Result<Value> Str(std::string s) { return Value::String(std::move(s)); }

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

std::string URLFilter(Args a) {
  auto [s, t] = Stringify(a);
  if (!html_internal::IsSafeURL(s)) return "#" + std::string(kFailsafe);
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
      if (html_internal::IsSafeURL(url)) {
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

Func EscaperFunc(std::string name, std::string (*fn)(Args)) {
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
  add(EscaperFunc("_html_template_attrescaper", AttrEscaper));
  add(EscaperFunc("_html_template_commentescaper",
              [](Args) { return std::string(); }));
  add(EscaperFunc("_html_template_cssescaper", html_internal::CSSEscaper));
  add(EscaperFunc("_html_template_cssvaluefilter", html_internal::CSSValueFilter));
  add(EscaperFunc("_html_template_htmlnamefilter", HTMLNameFilter));
  add(EscaperFunc("_html_template_htmlescaper", HTMLEscaper));
  add(EscaperFunc("_html_template_jsregexpescaper",
              html_internal::JSRegexpEscaper));
  add(EscaperFunc("_html_template_jsstrescaper", html_internal::JSStrEscaper));
  add(EscaperFunc("_html_template_jsvalescaper", html_internal::JSValEscaper));
  add(EscaperFunc("_html_template_nospaceescaper", NospaceEscaper));
  add(EscaperFunc("_html_template_rcdataescaper", RCDATAEscaper));
  add(EscaperFunc("_html_template_srcsetescaper", SrcsetEscaper));
  add(EscaperFunc("_html_template_urlescaper",
              [](Args a) { return ProcessURL(Stringify(a).first, false); }));
  add(EscaperFunc("_html_template_urlfilter", URLFilter));
  add(EscaperFunc("_html_template_urlnormalizer",
              [](Args a) { return ProcessURL(Stringify(a).first, true); }));
  add(EscaperFunc("_eval_args_", [](Args a) {
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
