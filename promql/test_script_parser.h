// Parsing of PromQL test scripts (Prometheus's promql/testdata format) into
// commands:
//
//   load <interval>                      series in expanding notation
//   clear                                drop all series
//   eval[_fail|_ordered] instant at <time> <expr>
//   eval[_fail] range from <start> to <end> step <step> <expr>
//     <expected lines>                   `{labels} value(s)` or a number
//
// Lines are trimmed; lines starting with '#' count as blank; a block (load
// series, expected results) ends at the first blank line. Times and steps
// are Prometheus durations after time 0 ("0" allowed). An instant eval takes
// one value per expected series; a range eval one value per step (`_` for
// none). A bare number expects a scalar and ends the block, as in
// Prometheus. Problems in the script itself become BadCommands so that the
// rest of the script still runs. Pure; thread-safe.

#ifndef TOCSIN_PROMQL_TEST_SCRIPT_PARSER_H_
#define TOCSIN_PROMQL_TEST_SCRIPT_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "promql/labels.h"
#include "promql/memory_storage.h"

namespace tocsin::promql {

struct LoadCommand {
  int line = 0;
  std::vector<MemoryStorage::SeriesColumns> series;
};

struct ClearCommand {
  int line = 0;
};

struct ExpectedSeries {
  Labels labels;
  std::vector<std::optional<double>> values;  // nullopt: `_`
  int pos = 0;  // 1-based position among the expected lines
};

struct EvalCommand {
  int line = 0;
  std::string expr;
  bool range = false;    // `eval range`; otherwise an instant query
  bool fail = false;     // eval_fail: the query must fail
  bool ordered = false;  // eval_ordered: results must come in this order
  int64_t start_ms = 0;  // the instant query's time, or the range's start
  int64_t end_ms = 0;
  int64_t step_ms = 0;
  std::optional<double> scalar;          // a bare number was expected
  std::vector<ExpectedSeries> expected;  // distinct label sets, in order
};

// A command that could not be parsed; it counts as a failed test.
struct BadCommand {
  int line = 0;
  std::string expr;  // the eval's expression, when there is one
  std::string message;
};

using ScriptCommand =
    std::variant<LoadCommand, ClearCommand, EvalCommand, BadCommand>;

// `source` names the script in positions ("functions.test:12:5: ...").
std::vector<ScriptCommand> ParseTestScript(std::string_view text,
                                           std::string_view source);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_TEST_SCRIPT_PARSER_H_
