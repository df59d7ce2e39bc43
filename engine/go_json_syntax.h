// Syntax checking of a JSON document the way Go's json.Decoder reads the
// first value of a stream, so that tocsin's API answers malformed bodies
// with Go's words ("invalid character 'x' looking for beginning of value",
// "invalid character '}' after array element", "unexpected EOF").
// Nesting deeper than 10000 levels fails as Go's scanner does ("exceeded
// max depth"). Pure function; thread-safe.

#ifndef TOCSIN_ENGINE_GO_JSON_SYNTAX_H_
#define TOCSIN_ENGINE_GO_JSON_SYNTAX_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace tocsin::engine {

// Checks the first JSON value of `text`. Returns "" when it is well formed
// (and sets *end to the offset just past it), else Go's error text.
std::string CheckGoJsonSyntax(std::string_view text, size_t* end);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_GO_JSON_SYNTAX_H_
