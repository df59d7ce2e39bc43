// Reads OpenMetrics / Prometheus text exposition in which every sample has
// a timestamp (seconds, fractions allowed) into whole series columns.
//
// Accepted per line: `# HELP name text`, `# TYPE name type`, `# UNIT name
// unit`, `# EOF` (optional; nothing but blank lines may follow it), other
// `#` comments, blank lines, and samples `name{label="value",...} value
// timestamp`, optionally followed by an exemplar (` # {...} value [ts]`),
// which is ignored. Label values take the escapes \\, \" and \n only and
// must be valid UTF-8. Values are Go floats (`NaN`, `+Inf`, `-Inf`
// included). Tokens are separated by spaces or tabs. Timestamps are
// truncated to whole milliseconds. Samples of one series must come in
// strictly ascending time; series may interleave.
//
// Errors read "source:line:col: message" with 1-based line and byte
// column. Pure function of its input; thread-safe.

#ifndef TOCSIN_PROMQL_OPENMETRICS_READER_H_
#define TOCSIN_PROMQL_OPENMETRICS_READER_H_

#include <iosfwd>
#include <string_view>
#include <vector>

#include "promql/memory_storage.h"
#include "promql/status.h"

namespace tocsin::promql {

// Where a series' first sample stands in the text, for error messages.
struct TextPosition {
  int line = 0;
  int col = 0;
};

struct ParsedSeriesText {
  std::vector<MemoryStorage::SeriesColumns> series;
  std::vector<TextPosition> first_sample;  // parallel to `series`
};

Result<ParsedSeriesText> ParseOpenMetricsText(std::string_view text,
                                              std::string_view source);

// The same for `head` followed by the rest of `in`, read piece by piece so
// that a large recording is never held as text in memory.
Result<ParsedSeriesText> ParseOpenMetricsStream(std::string_view head,
                                                std::istream& in,
                                                std::string_view source);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_OPENMETRICS_READER_H_
