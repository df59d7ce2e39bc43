// The transitions of HTML text, tags and attribute values, and the driver
// that applies them (ContextAfterText, declared in html_context.h).

#include "template/html_transition.h"

#include <algorithm>
#include <array>

#include "go/strconv.h"

namespace tocsin::tmpl::html {
namespace internal {

constexpr std::string_view kCommentStart = "<!--";
constexpr std::string_view kCommentEnd = "-->";

bool IsSpaceByte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

size_t EatWhiteSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsSpaceByte(s[i])) ++i;
  return i;
}

bool AsciiAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool AsciiAlphaNum(char c) { return AsciiAlpha(c) || (c >= '0' && c <= '9'); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Go's %q of a byte slice.
std::string Q(std::string_view s) { return go::Quote(s); }

Step TURL(Context c, std::string_view s) {
  if (s.find_first_of("#?") != std::string_view::npos) {
    c.url_part = UrlPart::kQueryOrFrag;
  } else if (s.size() != EatWhiteSpace(s, 0) && c.url_part == UrlPart::kNone) {
    c.url_part = UrlPart::kPreQuery;
  }
  return {c, s.size()};
}

}  // namespace internal

namespace {

using internal::AsciiAlpha;
using internal::AsciiAlphaNum;
using internal::EatWhiteSpace;
using internal::kCommentEnd;
using internal::kCommentStart;
using internal::Lower;
using internal::Q;
using internal::Step;

std::pair<size_t, Element> EatTagName(std::string_view s, size_t i) {
  if (i == s.size() || !AsciiAlpha(s[i])) return {i, Element::kNone};
  size_t j = i + 1;
  while (j < s.size()) {
    char x = s[j];
    if (AsciiAlphaNum(x)) {
      ++j;
      continue;
    }
    if ((x == ':' || x == '-') && j + 1 < s.size() && AsciiAlphaNum(s[j + 1])) {
      j += 2;
      continue;
    }
    break;
  }
  std::string name = Lower(s.substr(i, j - i));
  Element e = Element::kNone;
  if (name == "script") e = Element::kScript;
  if (name == "style") e = Element::kStyle;
  if (name == "textarea") e = Element::kTextarea;
  if (name == "title") e = Element::kTitle;
  return {j, e};
}

// Returns the end of an attribute name at s[i:], or npos with an error.
size_t EatAttrName(std::string_view s, size_t i, Context* err) {
  for (size_t j = i; j < s.size(); ++j) {
    switch (s[j]) {
      case ' ':
      case '\t':
      case '\n':
      case '\f':
      case '\r':
      case '=':
      case '>':
        return j;
      case '\'':
      case '"':
      case '<': {
        std::string whole(s);
        std::string shown = whole.substr(0, 32);
        *err =
            ErrorContext(Q(s.substr(j, 1)) + " in attribute name: " + Q(shown) +
                         (whole.size() > 32 ? "..." : ""));
        return std::string_view::npos;
      }
      default:
        break;
    }
  }
  return s.size();
}

State ElementContentState(Element e) {
  switch (e) {
    case Element::kScript:
      return State::kJS;
    case Element::kStyle:
      return State::kCSS;
    case Element::kTextarea:
    case Element::kTitle:
      return State::kRCDATA;
    default:
      return State::kText;
  }
}

Step TText(Context c, std::string_view s) {
  size_t k = 0;
  for (;;) {
    size_t i = s.find('<', k);
    if (i == std::string_view::npos || i + 1 == s.size()) return {c, s.size()};
    if (s.substr(i).starts_with(kCommentStart)) {
      Context cmt;
      cmt.state = State::kHTMLCmt;
      return {cmt, i + 4};
    }
    ++i;
    bool end = false;
    if (s[i] == '/') {
      if (i + 1 == s.size()) return {c, s.size()};
      end = true;
      ++i;
    }
    auto [j, e] = EatTagName(s, i);
    if (j != i) {
      Context tag;
      tag.state = State::kTag;
      tag.element = end ? Element::kNone : e;
      return {tag, j};
    }
    k = j;
  }
}

Step TTag(Context c, std::string_view s) {
  size_t i = EatWhiteSpace(s, 0);
  if (i == s.size()) return {c, s.size()};
  if (s[i] == '>') {
    Context out;
    out.state = ElementContentState(c.element);
    out.element = c.element;
    return {out, i + 1};
  }
  Context err;
  size_t j = EatAttrName(s, i, &err);
  if (j == std::string_view::npos) return {err, s.size()};
  if (i == j) {
    return {ErrorContext("expected space, attr name, or end of tag, but got " +
                         Q(s.substr(i))),
            s.size()};
  }
  std::string name = Lower(s.substr(i, j - i));
  Attr attr = Attr::kNone;
  if (c.element == Element::kScript && name == "type") {
    attr = Attr::kScriptType;
  } else {
    switch (AttrType(name)) {
      case ContentType::kURL:
        attr = Attr::kURL;
        break;
      case ContentType::kCSS:
        attr = Attr::kStyle;
        break;
      case ContentType::kJS:
        attr = Attr::kScript;
        break;
      case ContentType::kSrcset:
        attr = Attr::kSrcset;
        break;
      default:
        break;
    }
  }
  Context out;
  out.state = j == s.size() ? State::kAttrName : State::kAfterName;
  out.element = c.element;
  out.attr = attr;
  return {out, j};
}

Step TAttrName(Context c, std::string_view s) {
  Context err;
  size_t i = EatAttrName(s, 0, &err);
  if (i == std::string_view::npos) return {err, s.size()};
  if (i != s.size()) c.state = State::kAfterName;
  return {c, i};
}

Step TAfterName(Context c, std::string_view s) {
  size_t i = EatWhiteSpace(s, 0);
  if (i == s.size()) return {c, s.size()};
  if (s[i] != '=') {
    c.state = State::kTag;
    return {c, i};
  }
  c.state = State::kBeforeValue;
  return {c, i + 1};
}

Step TBeforeValue(Context c, std::string_view s) {
  size_t i = EatWhiteSpace(s, 0);
  if (i == s.size()) return {c, s.size()};
  Delim delim = Delim::kSpaceOrTagEnd;
  if (s[i] == '\'') {
    delim = Delim::kSingleQuote;
    ++i;
  } else if (s[i] == '"') {
    delim = Delim::kDoubleQuote;
    ++i;
  }
  c.state = AttrStartState(c.attr);
  c.delim = delim;
  return {c, i};
}

Step THTMLCmt(Context c, std::string_view s) {
  size_t i = s.find(kCommentEnd);
  if (i != std::string_view::npos) return {Context(), i + 3};
  return {c, s.size()};
}

// The index of "</tag" (any case, followed by a tag end) in s, or npos.
size_t IndexTagEnd(std::string_view s, std::string_view tag) {
  size_t res = 0;
  while (!s.empty()) {
    size_t i = s.find("</");
    if (i == std::string_view::npos) return i;
    s.remove_prefix(i + 2);
    if (tag.size() <= s.size() && Lower(s.substr(0, tag.size())) == tag) {
      s.remove_prefix(tag.size());
      if (!s.empty() &&
          std::string_view("> \t\n\f/").find(s[0]) != std::string_view::npos) {
        return res + i;
      }
      res += tag.size();
    }
    res += i + 2;
  }
  return std::string_view::npos;
}

Step TSpecialTagEnd(Context c, std::string_view s) {
  if (c.element != Element::kNone) {
    static constexpr std::array<std::string_view, 5> kTags = {
        "", "script", "style", "textarea", "title"};
    size_t i = IndexTagEnd(s, kTags[static_cast<size_t>(c.element)]);
    if (i != std::string_view::npos) return {Context(), i};
  }
  return {c, s.size()};
}

Step TAttr(Context c, std::string_view s) { return {c, s.size()}; }

Step Transition(const Context& c, std::string_view s) {
  switch (c.state) {
    case State::kText:
      return TText(c, s);
    case State::kTag:
      return TTag(c, s);
    case State::kAttrName:
      return TAttrName(c, s);
    case State::kAfterName:
      return TAfterName(c, s);
    case State::kBeforeValue:
      return TBeforeValue(c, s);
    case State::kHTMLCmt:
      return THTMLCmt(c, s);
    case State::kRCDATA:
      return TSpecialTagEnd(c, s);
    case State::kAttr:
      return TAttr(c, s);
    case State::kURL:
    case State::kSrcset:
      return internal::TURL(c, s);
    case State::kJS:
      return internal::TJS(c, s);
    case State::kJSDqStr:
    case State::kJSSqStr:
    case State::kJSBqStr:
    case State::kJSRegexp:
      return internal::TJSDelimited(c, s);
    case State::kJSBlockCmt:
    case State::kCSSBlockCmt:
      return internal::TBlockCmt(c, s);
    case State::kJSLineCmt:
    case State::kCSSLineCmt:
      return internal::TLineCmt(c, s);
    case State::kCSS:
      return internal::TCSS(c, s);
    case State::kCSSDqStr:
    case State::kCSSSqStr:
    case State::kCSSDqURL:
    case State::kCSSSqURL:
    case State::kCSSURL:
      return internal::TCSSStr(c, s);
    default:
      return {c, s.size()};
  }
}

// html.UnescapeString for the entities templates meet in attribute values.
std::string UnescapeHTML(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&quot;", "\""}, {"&#34;", "\""}, {"&#39;", "'"},
      {"&apos;", "'"},  {"&amp;", "&"},  {"&lt;", "<"},
      {"&gt;", ">"},    {"&#43;", "+"},  {"&nbsp;", "\xC2\xA0"}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool matched = false;
    if (s[i] == '&') {
      for (const auto& [ent, rep] : kEntities) {
        if (s.substr(i).starts_with(ent)) {
          out += rep;
          i += ent.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) out += s[i++];
  }
  return out;
}

bool IsJSType(std::string_view mime) {
  std::string m = Lower(mime);
  m = m.substr(0, m.find(';'));
  size_t b = m.find_first_not_of(" \t\n\r\f\v");
  size_t e = m.find_last_not_of(" \t\n\r\f\v");
  m = b == std::string::npos ? "" : m.substr(b, e - b + 1);
  static constexpr std::string_view kTypes[] = {
      "application/ecmascript",   "application/javascript",
      "application/json",         "application/x-ecmascript",
      "application/x-javascript", "text/ecmascript",
      "text/javascript",          "text/javascript1.0",
      "text/javascript1.1",       "text/javascript1.2",
      "text/javascript1.3",       "text/javascript1.4",
      "text/javascript1.5",       "text/jscript",
      "text/livescript",          "text/x-ecmascript",
      "text/x-javascript"};
  return std::find(std::begin(kTypes), std::end(kTypes), m) != std::end(kTypes);
}

}  // namespace

std::pair<Context, size_t> ContextAfterText(const Context& c,
                                            std::string_view s) {
  if (c.delim == Delim::kNone) {
    auto [c1, i] = TSpecialTagEnd(c, s);
    if (i == 0) return {c1, 0};
    return Transition(c, s.substr(0, i));
  }
  std::string_view ends = c.delim == Delim::kDoubleQuote   ? "\""
                          : c.delim == Delim::kSingleQuote ? "'"
                                                           : " \t\n\f\r>";
  size_t i = s.find_first_of(ends);
  if (i == std::string_view::npos) i = s.size();
  if (c.delim == Delim::kSpaceOrTagEnd) {
    size_t j = s.substr(0, i).find_first_of("\"'<=`");
    if (j != std::string_view::npos) {
      return {ErrorContext(Q(s.substr(j, 1)) +
                           " in unquoted attr: " + Q(s.substr(0, i))),
              s.size()};
    }
  }
  if (i == s.size()) {
    std::string u = UnescapeHTML(s);
    Context cur = c;
    std::string_view rest = u;
    while (!rest.empty()) {
      auto [c1, n] = Transition(cur, rest);
      cur = c1;
      rest.remove_prefix(n);
    }
    return {cur, s.size()};
  }
  Element element = c.element;
  if (c.state == State::kAttr && c.element == Element::kScript &&
      c.attr == Attr::kScriptType && !IsJSType(s.substr(0, i))) {
    element = Element::kNone;
  }
  if (c.delim != Delim::kSpaceOrTagEnd) ++i;
  Context out;
  out.state = State::kTag;
  out.element = element;
  return {out, i};
}

}  // namespace tocsin::tmpl::html
