// The transitions of JavaScript (<script>, on* attributes) and CSS
// (<style>, style attributes): strings, regular expressions, comments and
// url(...) values, as html/template tracks them.

#include "template/html_transition.h"

namespace tocsin::tmpl::html::internal {
namespace {

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

}  // namespace

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

}  // namespace tocsin::tmpl::html::internal
