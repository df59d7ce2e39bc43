#include "template/html_context.h"

#include <array>

#include "template/ast.h"

namespace tocsin::tmpl::html {
namespace {

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
