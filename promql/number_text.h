// The two rules by which Prometheus reads numbers from text, built on Go's
// strconv (go/strconv.h). All functions are pure and thread-safe.

#ifndef TOCSIN_PROMQL_NUMBER_TEXT_H_
#define TOCSIN_PROMQL_NUMBER_TEXT_H_

#include <optional>
#include <string_view>

#include "promql/status.h"

namespace tocsin::promql {

// Prometheus's parseNumber, for PromQL number literals and the values of
// test scripts: strconv.ParseInt(s, 0, 64) (base prefixes, underscores),
// else strconv.ParseFloat(s, 64). The error reads `error parsing number:
// strconv.ParseFloat: parsing "x": invalid syntax` (or "value out of
// range").
Result<double> ParseNumber(std::string_view s);

// The text exposition parser's parseFloat, for sample values and
// timestamps of series files: strconv.ParseFloat without its hexadecimal
// and underscore forms. nullopt on a syntax or range error.
std::optional<double> ParseTextFloat(std::string_view s);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_NUMBER_TEXT_H_
