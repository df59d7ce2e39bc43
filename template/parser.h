// The parser of Go's text/template syntax. It follows Go's parse package
// token for token, so that a template Go rejects is rejected here with the
// same message ("template: NAME:LINE: unexpected EOF", "template: NAME:1:
// function \"foo\" not defined", ...), and the trees record the positions
// Go's execution errors report.
//
// Parsing is a pure function of its inputs and is thread-safe.

#ifndef TOCSIN_TEMPLATE_PARSER_H_
#define TOCSIN_TEMPLATE_PARSER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "promql/status.h"
#include "template/ast.h"

namespace tocsin::tmpl {

// Reports whether a function name is defined (the template's functions and
// the builtins): identifiers that are not are parse errors.
using FunctionLookup = std::function<bool(std::string_view)>;

// The trees one Parse call defines, by name: the top-level template `name`
// and every {{define}} and {{block}} in the text.
using TreeSet = std::map<std::string, std::shared_ptr<const Tree>, std::less<>>;

// Parses `text` as the body of template `name`.
Result<TreeSet> ParseTemplate(std::string_view name, std::string_view text,
                              const FunctionLookup& has_function);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_PARSER_H_
