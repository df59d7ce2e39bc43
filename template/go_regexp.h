// Go's regexp package on top of RE2 (Go's regexp syntax is RE2's): the
// MatchString, ReplaceAllString (with Go's $1 / ${name} expansion) and
// QuoteMeta that template functions use, and compile errors worded as Go
// words them ("error parsing regexp: missing closing ): `(`").
//
// Compiled expressions are cached; all functions are thread-safe.

#ifndef TOCSIN_TEMPLATE_GO_REGEXP_H_
#define TOCSIN_TEMPLATE_GO_REGEXP_H_

#include <memory>
#include <string>
#include <string_view>

#include "promql/status.h"

namespace re2 {
class RE2;
}

namespace tocsin::tmpl {

// regexp.Compile: the compiled expression or Go's parse error.
Result<std::shared_ptr<const re2::RE2>> CompileRegexp(std::string_view expr);

// regexp.MatchString(pattern, s): unanchored search.
Result<bool> RegexpMatchString(std::string_view pattern, std::string_view s);

// regexp.MustCompile(pattern).ReplaceAllString(src, repl). A bad pattern
// yields Go's panic text: "regexp: Compile(`(`): error parsing regexp: ...".
Result<std::string> RegexpReplaceAllString(std::string_view pattern,
                                           std::string_view src,
                                           std::string_view repl);

// regexp.QuoteMeta.
std::string QuoteMeta(std::string_view s);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_GO_REGEXP_H_
