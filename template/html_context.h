// The HTML parsing contexts of Go's html/template: where in an HTML document
// (text, a tag, a quoted attribute value, a URL, a <script>, a comment, ...)
// the output of a template stands after a piece of template text. The
// escaper (html_escape.h) uses them to choose the escaping functions for
// each action, exactly as html/template's transition functions do.
//
// Contexts are small values; all functions are pure and thread-safe.

#ifndef TOCSIN_TEMPLATE_HTML_CONTEXT_H_
#define TOCSIN_TEMPLATE_HTML_CONTEXT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace tocsin::tmpl {
struct Node;
}

namespace tocsin::tmpl::html {

enum class State {
  kText,
  kTag,
  kAttrName,
  kAfterName,
  kBeforeValue,
  kHTMLCmt,
  kRCDATA,
  kAttr,
  kURL,
  kSrcset,
  kJS,
  kJSDqStr,
  kJSSqStr,
  kJSBqStr,
  kJSRegexp,
  kJSBlockCmt,
  kJSLineCmt,
  kCSS,
  kCSSDqStr,
  kCSSSqStr,
  kCSSDqURL,
  kCSSSqURL,
  kCSSURL,
  kCSSBlockCmt,
  kCSSLineCmt,
  kError,
  kDead,  // after {{break}} or {{continue}}
};

enum class Delim { kNone, kDoubleQuote, kSingleQuote, kSpaceOrTagEnd };
enum class UrlPart { kNone, kPreQuery, kQueryOrFrag, kUnknown };
enum class JsCtx { kRegexp, kDivOp, kUnknown };
enum class Attr { kNone, kScript, kScriptType, kStyle, kURL, kSrcset };
enum class Element { kNone, kScript, kStyle, kTextarea, kTitle };

// An escaping error; `node` and `line` locate it when known.
struct EscapeError {
  std::string description;
  const Node* node = nullptr;
  int line = 0;

  // Go's html/template Error text: "html/template:NAME:LINE: ...".
  std::string Message(std::string_view template_name) const;
};

struct Context {
  State state = State::kText;
  Delim delim = Delim::kNone;
  UrlPart url_part = UrlPart::kNone;
  JsCtx js_ctx = JsCtx::kRegexp;
  Attr attr = Attr::kNone;
  Element element = Element::kNone;
  std::shared_ptr<const EscapeError> err;  // set for State::kError

  bool operator==(const Context& o) const {
    return state == o.state && delim == o.delim && url_part == o.url_part &&
           js_ctx == o.js_ctx && attr == o.attr && element == o.element &&
           err == o.err;
  }

  // Go's %v of a context: "{stateAttr delimDoubleQuote urlPartNone
  // jsCtxRegexp attrNone elementNone <nil>}".
  std::string String() const;
  // The name of the template derived for this start context.
  std::string Mangle(std::string_view template_name) const;
};

Context ErrorContext(std::string description, const Node* node = nullptr,
                     int line = 0);
bool IsComment(State s);

// Consumes some of `s` starting in context `c` (Go's contextAfterText):
// returns the new context and the number of bytes consumed.
std::pair<Context, size_t> ContextAfterText(const Context& c,
                                            std::string_view s);

// The context after empty-string transitions (`<a href=` before a value).
Context Nudge(Context c);

// The start state of an attribute value of kind `a`.
State AttrStartState(Attr a);

// The content type html/template infers for an attribute name.
enum class ContentType {
  kPlain,
  kCSS,
  kHTML,
  kHTMLAttr,
  kJS,
  kJSStr,
  kURL,
  kSrcset,
  kUnsafe
};
ContentType AttrType(std::string_view lower_name);

}  // namespace tocsin::tmpl::html

#endif  // TOCSIN_TEMPLATE_HTML_CONTEXT_H_
