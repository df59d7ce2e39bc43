// GoParseFloat: strconv.ParseFloat(s, 64) of Go, which Prometheus uses to
// read a bucket's `le` label.
//
// Accepts exactly what Go accepts: an optional sign, decimal digits with
// an optional fraction and exponent, hexadecimal mantissas with a mandatory
// p exponent, underscores between digits, and "inf", "infinity" and "nan"
// in any case (a sign is allowed before the infinities only). Returns
// nullopt where Go returns an error: malformed text, and values beyond the
// float64 range (Go's ErrRange). Pure and thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_GO_PARSE_FLOAT_H_
#define TOCSIN_PROMQL_FUNCTIONS_GO_PARSE_FLOAT_H_

#include <optional>
#include <string_view>

namespace tocsin::promql {

std::optional<double> GoParseFloat(std::string_view s);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_GO_PARSE_FLOAT_H_
