// Loading recorded series into MemoryStorage.
//
// Two formats are read:
//  - OpenMetrics / Prometheus text exposition with a timestamp on every
//    sample, as `promtool tsdb create-blocks-from openmetrics` reads it:
//    `# HELP` / `# TYPE` / `# UNIT` lines, `name{label="v"} value timestamp`
//    with the timestamp in seconds (fractions allowed), `# EOF` optional.
//    Values may be `NaN`, `+Inf`, `-Inf`.
//  - promtool's expanding notation, as in test scripts: a `load <interval>`
//    line followed by indented `series values...` lines (`0+10x100`, `_`,
//    `stale`, `1x5`), the first value at time 0.
// A file that starts with `load ` (after comments and blank lines) is read
// in the second format, every other file in the first.
//
// Errors name the place: "recording.om:12:9: expected a timestamp". A file
// with an error adds nothing to the storage. Thread-safety: as
// MemoryStorage::Append.

#ifndef TOCSIN_PROMQL_SERIES_FILE_H_
#define TOCSIN_PROMQL_SERIES_FILE_H_

#include <string>
#include <string_view>

#include "promql/memory_storage.h"
#include "promql/status.h"

namespace tocsin::promql {

// Parses `text` (named `source` in errors) and appends its samples.
Status LoadSeriesText(std::string_view text, std::string_view source,
                      MemoryStorage* storage);

// Reads the file at `path` and loads it as LoadSeriesText does.
Status LoadSeriesFile(const std::string& path, MemoryStorage* storage);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_SERIES_FILE_H_
