// Internal to the HTML escaping functions: helpers shared by the HTML and
// URL escapers (html_funcs.cc) and the JavaScript and CSS escapers
// (html_script_funcs.cc). All functions are pure.

#ifndef TOCSIN_TEMPLATE_HTML_FUNCS_INTERNAL_H_
#define TOCSIN_TEMPLATE_HTML_FUNCS_INTERNAL_H_

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/value.h"

namespace tocsin::tmpl::html_internal {

using Args = std::span<const Value>;

inline constexpr std::string_view kFailsafe = "ZgotmplZ";

// The content type of an escaper's input: plain text or trusted HTML.
enum class Content { kPlain, kHTML };

// An untyped nil argument (Go's nil interface).
bool IsNilArg(const Value& v);

// html/template's stringify: the text of the arguments (untyped nils
// skipped) and, for one template.HTML argument, its content type.
std::pair<std::string, Content> Stringify(Args args);

// Replaces each rune below the table's size that has an entry; when
// `bad_runes` is false, also encodes non-characters as &#x...;.
std::string Replace(std::string_view s, const std::vector<std::string>& table,
                    bool bad_runes);

std::vector<std::string> MakeTable(
    std::initializer_list<std::pair<int, std::string_view>> entries);

bool IsHex(char c);
bool IsSafeURL(std::string_view s);
// html/template's processURLOnto: percent-encodes what a URL part must not
// contain (everything but unreserved characters unless `norm`).
std::string ProcessURL(std::string_view s, bool norm);

std::string JSStrEscaper(Args a);
std::string JSRegexpEscaper(Args a);
std::string JSValEscaper(Args a);
std::string CSSEscaper(Args a);
std::string CSSValueFilter(Args a);

}  // namespace tocsin::tmpl::html_internal

#endif  // TOCSIN_TEMPLATE_HTML_FUNCS_INTERNAL_H_
