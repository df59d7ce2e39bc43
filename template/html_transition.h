// Internal to the HTML escaper: the transition functions of html/template
// that move an HTML context over template text, split by the language they
// scan (HTML and attributes in html_transition.cc, JavaScript and CSS in
// html_script_transition.cc). All functions are pure.

#ifndef TOCSIN_TEMPLATE_HTML_TRANSITION_H_
#define TOCSIN_TEMPLATE_HTML_TRANSITION_H_

#include <string>
#include <string_view>
#include <utility>

#include "template/html_context.h"

namespace tocsin::tmpl::html::internal {

// A transition: the context after a prefix of the input, and its length.
using Step = std::pair<Context, size_t>;

bool IsSpaceByte(char c);
size_t EatWhiteSpace(std::string_view s, size_t i);
bool AsciiAlpha(char c);
bool AsciiAlphaNum(char c);
std::string Lower(std::string_view s);
// Go's %q of a byte slice.
std::string Q(std::string_view s);

Step TURL(Context c, std::string_view s);
Step TJS(Context c, std::string_view s);
Step TJSDelimited(Context c, std::string_view s);
Step TBlockCmt(Context c, std::string_view s);
Step TLineCmt(Context c, std::string_view s);
Step TCSS(Context c, std::string_view s);
Step TCSSStr(Context c, std::string_view s);

}  // namespace tocsin::tmpl::html::internal

#endif  // TOCSIN_TEMPLATE_HTML_TRANSITION_H_
