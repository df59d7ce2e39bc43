// The PromQL parser: text to AST, with Prometheus 2.42's grammar, type
// checks and error messages.
//
// Errors are returned as Status::InvalidArgument whose message is exactly
// what Prometheus prints, position first: "1:14: parse error: unexpected
// <op:*>" (line:column, 1-based, columns counted in bytes from the start of
// the line). Parsing is reentrant and thread-safe.

#ifndef TOCSIN_PROMQL_PARSER_PARSER_H_
#define TOCSIN_PROMQL_PARSER_PARSER_H_

#include <optional>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/parser/ast.h"
#include "promql/status.h"

namespace tocsin::promql {

// Parses and type-checks an expression. Nesting deeper than a fixed bound
// (kMaxParseDepth) is a parse error rather than a stack overflow.
Result<ExprPtr> ParseExpr(std::string_view input);

inline constexpr int kMaxParseDepth = 1000;

// Parses a series selector such as `up{job="x"}` or `{__name__=~"a.*"}`, as
// used by the API's match[] parameter.
Result<std::vector<Matcher>> ParseMetricSelector(std::string_view input);

// One series of a test script or unit test: `metric{labels} values...` in
// promtool's expanding notation. Each value is a number, or nullopt for `_`
// (no sample at that step); `stale` yields StaleNaN(). `a+bxN` expands to
// N+1 values a, a+b, ..., a+N*b; `axN` likewise with b = 0; `_xN` to N
// nullopts.
struct SeriesDescription {
  Labels labels;
  std::vector<std::optional<double>> values;
};
Result<SeriesDescription> ParseSeriesDescription(std::string_view input);

// Prometheus durations: one or more of `[0-9]+(y|w|d|h|m|s|ms)`, units in
// decreasing order ("1h30m", "5m", "1d", "10ms"). Returns milliseconds.
Result<int64_t> ParseDuration(std::string_view input);
// model.Duration's String(): "5m", "1h30m", "1d", "1w", "1y", "0s", "10ms".
std::string FormatDuration(int64_t ms);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_PARSER_H_
