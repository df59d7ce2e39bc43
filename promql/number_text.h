// Number parsing with Go's strconv rules, for text formats that Prometheus
// reads with strconv (series files, test-script expectations).
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_PROMQL_NUMBER_TEXT_H_
#define TOCSIN_PROMQL_NUMBER_TEXT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::promql {

// strconv.ParseFloat(s, 64) for decimal input: an optional sign, digits
// with an optional fraction and exponent ("1", "-2.5e3", ".5", "5."), or
// "Inf"/"Infinity" with an optional sign and "NaN" (any letter case).
// Values beyond the double range become +-Inf, as Go returns them (Go also
// reports a range error; callers here accept the value). Hexadecimal
// floats are not accepted.
std::optional<double> ParseGoFloat(std::string_view s);

// strconv.ParseInt(s, 0, 64): an optional sign, then a base prefix "0x",
// "0o", "0b" or a leading "0" (octal), with "_" allowed between digits.
std::optional<int64_t> ParseGoInt(std::string_view s);

// The test scripts' number rule: ParseGoInt, else ParseGoFloat.
std::optional<double> ParseGoNumber(std::string_view s);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_NUMBER_TEXT_H_
