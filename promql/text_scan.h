// Small scanning helpers shared by tocsin's line-oriented text readers
// (series files, test scripts): blanks, tokens, metric and label names,
// UTF-8 validation, and "source:line:col: message" errors.
//
// All functions are pure and thread-safe. Positions are byte offsets into
// the line; columns in messages are 1-based.

#ifndef TOCSIN_PROMQL_TEXT_SCAN_H_
#define TOCSIN_PROMQL_TEXT_SCAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::promql {

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The first position at or after `pos` that is not a space or tab.
size_t SkipBlanks(std::string_view line, size_t pos);
// The first position at or after `pos` that is a space or tab (or the end).
size_t SkipToken(std::string_view line, size_t pos);
// The end of a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) starting at `pos`;
// `pos` itself when there is none.
size_t ScanMetricName(std::string_view line, size_t pos);
// The end of a label name ([a-zA-Z_][a-zA-Z0-9_]*) starting at `pos`.
size_t ScanLabelName(std::string_view line, size_t pos);
// The end of `name{...}` / `name` / `{...}` starting at `pos`, skipping
// quoted label values; npos when the braces do not close. Does not
// validate the labels.
size_t ScanSeriesText(std::string_view line, size_t pos);

// The lines of `text` without their "\n" (and without a "\r" before it).
// A final newline does not start another line.
std::vector<std::string_view> SplitLines(std::string_view text);

// InvalidArgument("source:line:col: message").
Status PositionError(std::string_view source, int line, int col,
                     std::string_view message);

// Re-anchors an error from a parser that saw only part of a line. The
// parser's message starts with "line:col: " relative to that part (as
// parser.h's errors do); the result reads "source:LINE:COL: ..." where
// LINE is `line` and COL adds `col_offset` (the part's byte offset in the
// line). Messages without a position get the part's own start.
Status RebaseError(const Status& error, std::string_view source, int line,
                   int col_offset);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_TEXT_SCAN_H_
