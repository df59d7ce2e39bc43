// Go library string functions that template functions are built on:
// strings.ToUpper/ToLower/Title, golang.org/x/text's cases.Title, the
// escapers of text/template (HTML, JavaScript, URL query), url.QueryEscape
// and net.SplitHostPort / JoinHostPort / ParseIP.
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_TEMPLATE_GO_STRINGS_H_
#define TOCSIN_TEMPLATE_GO_STRINGS_H_

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::tmpl {

std::string ToUpper(std::string_view s);  // strings.ToUpper
std::string ToLower(std::string_view s);  // strings.ToLower
// strings.Title: upper-cases (title-cases) the first letter of each word,
// leaving the rest alone. Words are separated by spaces and punctuation.
std::string StringsTitle(std::string_view s);
// cases.Title(language.AmericanEnglish).String: title-cases the first
// letter of each word and lower-cases the rest.
std::string CasesTitle(std::string_view s);

// text/template's HTMLEscapeString and JSEscapeString.
std::string HTMLEscapeString(std::string_view s);
std::string JSEscapeString(std::string_view s);
// url.QueryEscape and url.PathEscape.
std::string QueryEscape(std::string_view s);
std::string PathEscape(std::string_view s);

// net.SplitHostPort: nullopt where Go returns an error.
struct HostPort {
  std::string host;
  std::string port;
};
std::optional<HostPort> SplitHostPort(std::string_view hostport);
// net.JoinHostPort.
std::string JoinHostPort(std::string_view host, std::string_view port);
// Whether net.ParseIP accepts `s` (dotted IPv4 or IPv6 text).
bool IsIP(std::string_view s);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_GO_STRINGS_H_
