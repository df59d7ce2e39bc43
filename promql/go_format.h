// Go-compatible formatting and quoting.
//
// Prometheus renders numbers and strings with Go's strconv and fmt packages;
// tocsin must produce the same bytes (API bodies, printed expressions, error
// messages). All functions are pure and thread-safe.

#ifndef TOCSIN_PROMQL_GO_FORMAT_H_
#define TOCSIN_PROMQL_GO_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::promql {

// strconv.FormatFloat(v, 'f', -1, 64): shortest decimal that round-trips,
// never in exponent form; "NaN", "+Inf", "-Inf". Used by the query API.
std::string FormatFloatF(double v);

// strconv.FormatFloat(v, 'g', -1, 64), which is also fmt's %v for float64:
// shortest round-trip digits, exponent form when the decimal exponent is
// < -4 or >= 6 (Go decides with precision 6 when printing shortest), so
// 123456 -> "123456", 1234567 -> "1.234567e+06",
// 0.0001 -> "0.0001", 0.00001 -> "1e-05"; "NaN", "+Inf", "-Inf".
std::string FormatFloatG(double v);

// strconv.Quote: double-quoted with Go escapes (\a \b \f \n \r \t \v \\ \",
// \xNN for invalid UTF-8 bytes, \uNNNN / \UNNNNNNNN for non-printable runes).
std::string GoQuote(std::string_view s);

// A PromQL string literal for `s`: GoQuote, except that U+FFFD is written as
// \ufffd. PromQL's lexer rejects the replacement character written out (it
// cannot tell it from an invalid byte), so Prometheus's own printed form of
// such a string would not parse again; this one does, to the same string.
std::string QuotePromQLString(std::string_view s);

// strconv.Unquote for "...", '...' and `...` literals. Returns nullopt when
// the literal is malformed.
std::optional<std::string> GoUnquote(std::string_view literal);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_GO_FORMAT_H_
