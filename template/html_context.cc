#include "template/html_context.h"

#include <algorithm>
#include <array>

#include "template/ast.h"
#include "template/go_strconv.h"

namespace tocsin::tmpl::html {
namespace {

constexpr std::string_view kCommentStart = "<!--";
constexpr std::string_view kCommentEnd = "-->";

std::string_view StateName(State s) {
  static constexpr std::array<std::string_view, 27> kNames = {
      "stateText",        "stateTag",      "stateAttrName", "stateAfterName",
      "stateBeforeValue", "stateHTMLCmt",  "stateRCDATA",   "stateAttr",
      "stateURL",         "stateSrcset",   "stateJS",       "stateJSDqStr",
      "stateJSSqStr",     "stateJSBqStr",  "stateJSRegexp", "stateJSBlockCmt",
      "stateJSLineCmt",   "stateCSS",      "stateCSSDqStr", "stateCSSSqStr",
      "stateCSSDqURL",    "stateCSSSqURL", "stateCSSURL",   "stateCSSBlockCmt",
      "stateCSSLineCmt",  "stateError",    "stateDead"};
  return kNames[static_cast<size_t>(s)];
}

std::string_view DelimName(Delim d) {
  static constexpr std::array<std::string_view, 4> kNames = {
      "delimNone", "delimDoubleQuote", "delimSingleQuote",
      "delimSpaceOrTagEnd"};
  return kNames[static_cast<size_t>(d)];
}

std::string_view UrlPartName(UrlPart u) {
  static constexpr std::array<std::string_view, 4> kNames = {
      "urlPartNone", "urlPartPreQuery", "urlPartQueryOrFrag", "urlPartUnknown"};
  return kNames[static_cast<size_t>(u)];
}

std::string_view JsCtxName(JsCtx j) {
  static constexpr std::array<std::string_view, 3> kNames = {
      "jsCtxRegexp", "jsCtxDivOp", "jsCtxUnknown"};
  return kNames[static_cast<size_t>(j)];
}

std::string_view AttrName(Attr a) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "attrNone",  "attrScript", "attrScriptType",
      "attrStyle", "attrURL",    "attrSrcset"};
  return kNames[static_cast<size_t>(a)];
}

std::string_view ElementName(Element e) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "elementNone", "elementScript", "elementStyle", "elementTextarea",
      "elementTitle"};
  return kNames[static_cast<size_t>(e)];
}

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
std::string Q(std::string_view s) { return Quote(s); }

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

using Step = std::pair<Context, size_t>;

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

Step TURL(Context c, std::string_view s) {
  if (s.find_first_of("#?") != std::string_view::npos) {
    c.url_part = UrlPart::kQueryOrFrag;
  } else if (s.size() != EatWhiteSpace(s, 0) && c.url_part == UrlPart::kNone) {
    c.url_part = UrlPart::kPreQuery;
  }
  return {c, s.size()};
}

bool IsJSIdentPart(char r) {
  return r == '$' || r == '_' || (r >= '0' && r <= '9') ||
         (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z');
}

// Go's nextJSCtx: whether a '/' after s starts a regexp or a division.
JsCtx NextJSCtx(std::string_view s, JsCtx preceding) {
  while (!s.empty() && (IsSpaceByte(s.back()))) s.remove_suffix(1);
  while (s.ends_with("\xE2\x80\xA8") || s.ends_with("\xE2\x80\xA9")) {
    s.remove_suffix(3);
    while (!s.empty() && IsSpaceByte(s.back())) s.remove_suffix(1);
  }
  if (s.empty()) return preceding;
  char c = s.back();
  size_t n = s.size();
  switch (c) {
    case '+':
    case '-': {
      size_t start = n - 1;
      while (start > 0 && s[start - 1] == c) --start;
      return ((n - start) & 1) == 1 ? JsCtx::kRegexp : JsCtx::kDivOp;
    }
    case '.':
      if (n != 1 && s[n - 2] >= '0' && s[n - 2] <= '9') return JsCtx::kDivOp;
      return JsCtx::kRegexp;
    case ',':
    case '<':
    case '>':
    case '=':
    case '*':
    case '%':
    case '&':
    case '|':
    case '^':
    case '?':
    case '!':
    case '~':
    case '(':
    case '[':
    case ':':
    case ';':
    case '{':
    case '}':
      return JsCtx::kRegexp;
    default: {
      size_t j = n;
      while (j > 0 && IsJSIdentPart(s[j - 1])) --j;
      static constexpr std::string_view kKeywords[] = {
          "break", "case",    "continue", "delete",     "do",
          "else",  "finally", "in",       "instanceof", "return",
          "throw", "try",     "typeof",   "void"};
      std::string_view word = s.substr(j);
      for (std::string_view k : kKeywords) {
        if (k == word) return JsCtx::kRegexp;
      }
      return JsCtx::kDivOp;
    }
  }
}

Step TJS(Context c, std::string_view s) {
  size_t i = s.find_first_of("\"`'/");
  if (i == std::string_view::npos) {
    c.js_ctx = NextJSCtx(s, c.js_ctx);
    return {c, s.size()};
  }
  c.js_ctx = NextJSCtx(s.substr(0, i), c.js_ctx);
  switch (s[i]) {
    case '"':
      c.state = State::kJSDqStr;
      c.js_ctx = JsCtx::kRegexp;
      break;
    case '\'':
      c.state = State::kJSSqStr;
      c.js_ctx = JsCtx::kRegexp;
      break;
    case '`':
      c.state = State::kJSBqStr;
      c.js_ctx = JsCtx::kRegexp;
      break;
    default:  // '/'
      if (i + 1 < s.size() && s[i + 1] == '/') {
        c.state = State::kJSLineCmt;
        ++i;
      } else if (i + 1 < s.size() && s[i + 1] == '*') {
        c.state = State::kJSBlockCmt;
        ++i;
      } else if (c.js_ctx == JsCtx::kRegexp) {
        c.state = State::kJSRegexp;
      } else if (c.js_ctx == JsCtx::kDivOp) {
        c.js_ctx = JsCtx::kRegexp;
      } else {
        std::string rest(s.substr(i, 32));
        return {ErrorContext("'/' could start a division or regexp: " +
                             Q(rest) + (s.size() - i > 32 ? "..." : "")),
                s.size()};
      }
  }
  return {c, i + 1};
}

Step TJSDelimited(Context c, std::string_view s) {
  std::string_view specials = "\\\"";
  if (c.state == State::kJSSqStr) specials = "\\'";
  if (c.state == State::kJSBqStr) specials = "`\\";
  if (c.state == State::kJSRegexp) specials = "\\/[]";
  size_t k = 0;
  bool in_charset = false;
  for (;;) {
    size_t i = s.find_first_of(specials, k);
    if (i == std::string_view::npos) break;
    switch (s[i]) {
      case '\\':
        ++i;
        if (i == s.size()) {
          return {
              ErrorContext("unfinished escape sequence in JS string: " + Q(s)),
              s.size()};
        }
        break;
      case '[':
        in_charset = true;
        break;
      case ']':
        in_charset = false;
        break;
      default:
        if (!in_charset) {
          c.state = State::kJS;
          c.js_ctx = JsCtx::kDivOp;
          return {c, i + 1};
        }
    }
    k = i + 1;
  }
  if (in_charset) {
    return {ErrorContext("unfinished JS regexp charset: " + Q(s)), s.size()};
  }
  return {c, s.size()};
}

Step TBlockCmt(Context c, std::string_view s) {
  size_t i = s.find("*/");
  if (i == std::string_view::npos) return {c, s.size()};
  c.state = c.state == State::kJSBlockCmt ? State::kJS : State::kCSS;
  return {c, i + 2};
}

Step TLineCmt(Context c, std::string_view s) {
  size_t i;
  State end;
  if (c.state == State::kJSLineCmt) {
    i = std::string_view::npos;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '\n' || s[k] == '\r' ||
          s.substr(k).starts_with("\xE2\x80\xA8") ||
          s.substr(k).starts_with("\xE2\x80\xA9")) {
        i = k;
        break;
      }
    }
    end = State::kJS;
  } else {
    i = s.find_first_of("\n\f\r");
    end = State::kCSS;
  }
  if (i == std::string_view::npos) return {c, s.size()};
  c.state = end;
  return {c, i};
}

bool EndsWithCSSKeyword(std::string_view b, std::string_view kw) {
  size_t i = b.size() >= kw.size() ? b.size() - kw.size() : std::string::npos;
  if (i == std::string::npos) return false;
  if (i != 0) {
    char r = b[i - 1];
    if (r == '-' || r == '_' || AsciiAlphaNum(r) ||
        static_cast<unsigned char>(r) >= 0x80) {
      return false;
    }
  }
  return Lower(b.substr(i)) == kw;
}

Step TCSS(Context c, std::string_view s) {
  size_t k = 0;
  for (;;) {
    size_t i = s.find_first_of("(\"'/", k);
    if (i == std::string_view::npos) return {c, s.size()};
    switch (s[i]) {
      case '(': {
        std::string_view p = s.substr(0, i);
        while (!p.empty() && IsSpaceByte(p.back())) p.remove_suffix(1);
        if (EndsWithCSSKeyword(p, "url")) {
          size_t j = EatWhiteSpace(s, i + 1);
          if (j != s.size() && s[j] == '"') {
            c.state = State::kCSSDqURL;
            ++j;
          } else if (j != s.size() && s[j] == '\'') {
            c.state = State::kCSSSqURL;
            ++j;
          } else {
            c.state = State::kCSSURL;
          }
          return {c, j};
        }
        break;
      }
      case '/':
        if (i + 1 < s.size()) {
          if (s[i + 1] == '/') {
            c.state = State::kCSSLineCmt;
            return {c, i + 2};
          }
          if (s[i + 1] == '*') {
            c.state = State::kCSSBlockCmt;
            return {c, i + 2};
          }
        }
        break;
      case '"':
        c.state = State::kCSSDqStr;
        return {c, i + 1};
      case '\'':
        c.state = State::kCSSSqStr;
        return {c, i + 1};
    }
    k = i + 1;
  }
}

Step TCSSStr(Context c, std::string_view s) {
  std::string_view end_and_esc;
  switch (c.state) {
    case State::kCSSDqStr:
    case State::kCSSDqURL:
      end_and_esc = "\\\"";
      break;
    case State::kCSSSqStr:
    case State::kCSSSqURL:
      end_and_esc = "\\'";
      break;
    default:
      end_and_esc = "\\\t\n\f\r )";
  }
  size_t k = 0;
  for (;;) {
    size_t i = s.find_first_of(end_and_esc, k);
    if (i == std::string_view::npos) {
      auto [c1, n] = TURL(c, s.substr(k));
      return {c1, k + n};
    }
    if (s[i] == '\\') {
      ++i;
      if (i == s.size()) {
        return {
            ErrorContext("unfinished escape sequence in CSS string: " + Q(s)),
            s.size()};
      }
    } else {
      c.state = State::kCSS;
      return {c, i + 1};
    }
    c = TURL(c, s.substr(0, i + 1)).first;
    k = i + 1;
  }
}

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
      return TURL(c, s);
    case State::kJS:
      return TJS(c, s);
    case State::kJSDqStr:
    case State::kJSSqStr:
    case State::kJSBqStr:
    case State::kJSRegexp:
      return TJSDelimited(c, s);
    case State::kJSBlockCmt:
    case State::kCSSBlockCmt:
      return TBlockCmt(c, s);
    case State::kJSLineCmt:
    case State::kCSSLineCmt:
      return TLineCmt(c, s);
    case State::kCSS:
      return TCSS(c, s);
    case State::kCSSDqStr:
    case State::kCSSSqStr:
    case State::kCSSDqURL:
    case State::kCSSSqURL:
    case State::kCSSURL:
      return TCSSStr(c, s);
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

}  // namespace

std::string EscapeError::Message(std::string_view template_name) const {
  if (node != nullptr) {
    return "html/template:" + MakeErrorContext(*node).location + ": " +
           description;
  }
  if (line != 0) {
    return "html/template:" + std::string(template_name) + ":" +
           std::to_string(line) + ": " + description;
  }
  if (!template_name.empty()) {
    return "html/template:" + std::string(template_name) + ": " + description;
  }
  return "html/template: " + description;
}

std::string Context::String() const {
  std::string s = "{";
  s += StateName(state);
  s += ' ';
  s += DelimName(delim);
  s += ' ';
  s += UrlPartName(url_part);
  s += ' ';
  s += JsCtxName(js_ctx);
  s += ' ';
  s += AttrName(attr);
  s += ' ';
  s += ElementName(element);
  s += ' ';
  s += err ? err->Message("") : "<nil>";
  s += '}';
  return s;
}

std::string Context::Mangle(std::string_view name) const {
  if (state == State::kText) return std::string(name);
  std::string s =
      std::string(name) + "$htmltemplate_" + std::string(StateName(state));
  if (delim != Delim::kNone) s += "_" + std::string(DelimName(delim));
  if (url_part != UrlPart::kNone) s += "_" + std::string(UrlPartName(url_part));
  if (js_ctx != JsCtx::kRegexp) s += "_" + std::string(JsCtxName(js_ctx));
  if (attr != Attr::kNone) s += "_" + std::string(AttrName(attr));
  if (element != Element::kNone) s += "_" + std::string(ElementName(element));
  return s;
}

Context ErrorContext(std::string description, const Node* node, int line) {
  Context c;
  c.state = State::kError;
  auto e = std::make_shared<EscapeError>();
  e->description = std::move(description);
  e->node = node;
  e->line = line;
  c.err = std::move(e);
  return c;
}

bool IsComment(State s) {
  return s == State::kHTMLCmt || s == State::kJSBlockCmt ||
         s == State::kJSLineCmt || s == State::kCSSBlockCmt ||
         s == State::kCSSLineCmt;
}

State AttrStartState(Attr a) {
  switch (a) {
    case Attr::kScript:
      return State::kJS;
    case Attr::kStyle:
      return State::kCSS;
    case Attr::kURL:
      return State::kURL;
    case Attr::kSrcset:
      return State::kSrcset;
    default:
      return State::kAttr;
  }
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

Context Nudge(Context c) {
  switch (c.state) {
    case State::kTag:
      c.state = State::kAttrName;
      break;
    case State::kBeforeValue:
      c.state = AttrStartState(c.attr);
      c.delim = Delim::kSpaceOrTagEnd;
      c.attr = Attr::kNone;
      break;
    case State::kAfterName:
      c.state = State::kAttrName;
      c.attr = Attr::kNone;
      break;
    default:
      break;
  }
  return c;
}

ContentType AttrType(std::string_view name) {
  std::string n(name);
  if (n.starts_with("data-")) {
    n = n.substr(5);
  } else if (size_t colon = n.find(':'); colon != std::string::npos) {
    if (n.substr(0, colon) == "xmlns") return ContentType::kURL;
    n = n.substr(colon + 1);
  }
  static constexpr std::pair<std::string_view, ContentType> kTypes[] = {
      {"action", ContentType::kURL},
      {"archive", ContentType::kURL},
      {"background", ContentType::kURL},
      {"cite", ContentType::kURL},
      {"classid", ContentType::kURL},
      {"codebase", ContentType::kURL},
      {"data", ContentType::kURL},
      {"formaction", ContentType::kURL},
      {"href", ContentType::kURL},
      {"icon", ContentType::kURL},
      {"longdesc", ContentType::kURL},
      {"manifest", ContentType::kURL},
      {"poster", ContentType::kURL},
      {"profile", ContentType::kURL},
      {"src", ContentType::kURL},
      {"srcdoc", ContentType::kHTML},
      {"srcset", ContentType::kSrcset},
      {"srclang", ContentType::kPlain},
      {"style", ContentType::kCSS},
      {"usemap", ContentType::kURL},
      {"xmlns", ContentType::kURL},
      // Attributes html/template knows and treats as plain or unsafe.
      {"accept", ContentType::kPlain},
      {"alt", ContentType::kPlain},
      {"class", ContentType::kPlain},
      {"content", ContentType::kUnsafe},
      {"id", ContentType::kPlain},
      {"name", ContentType::kPlain},
      {"open", ContentType::kPlain},
      {"title", ContentType::kPlain},
      {"type", ContentType::kUnsafe},
      {"value", ContentType::kUnsafe},
      {"width", ContentType::kPlain},
      {"height", ContentType::kPlain},
      {"target", ContentType::kPlain},
      {"rel", ContentType::kUnsafe}};
  for (const auto& [k, t] : kTypes) {
    if (k == n) return t;
  }
  if (n.starts_with("on")) return ContentType::kJS;
  if (n.find("src") != std::string::npos ||
      n.find("uri") != std::string::npos ||
      n.find("url") != std::string::npos) {
    return ContentType::kURL;
  }
  return ContentType::kPlain;
}

}  // namespace tocsin::tmpl::html
