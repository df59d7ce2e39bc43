// LoadBlock: the series of one `load <interval>` block in promtool's
// expanding notation, as test scripts and series files write them:
//
//   load 1m
//     http_requests{job="api"} 0+10x5 _ stale 100
//
// The n-th value of a line is the sample at n * interval (the first at
// time 0); `_` leaves a step empty and `stale` writes a staleness marker.
// A series given twice in one block keeps its last definition, as
// Prometheus's test scripts do. Not thread-safe; use one per block.

#ifndef TOCSIN_PROMQL_LOAD_BLOCK_H_
#define TOCSIN_PROMQL_LOAD_BLOCK_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "promql/memory_storage.h"
#include "promql/openmetrics_reader.h"
#include "promql/status.h"

namespace tocsin::promql {

// True when `line` (already trimmed) is a `load` command: the word `load`
// alone or followed by blanks.
bool IsLoadCommand(std::string_view line);

// Reads `load <interval>` (trimmed) and returns the interval in
// milliseconds. Errors read "invalid load command. (load <step:duration>)"
// or `invalid step definition "x": <reason>`, without a position.
Result<int64_t> ParseLoadCommand(std::string_view line);

class LoadBlock {
 public:
  explicit LoadBlock(int64_t interval_ms) : interval_ms_(interval_ms) {}

  // Adds the series line `text`, which starts at byte `col_offset` of line
  // `line_no`; errors read "source:line:col: ...".
  Status AddSeries(std::string_view text, std::string_view source, int line_no,
                   int col_offset);

  // The block's series (series without samples are left out) and where
  // each was defined.
  std::vector<MemoryStorage::SeriesColumns> TakeSeries(
      std::vector<TextPosition>* positions);

 private:
  int64_t interval_ms_;
  std::vector<MemoryStorage::SeriesColumns> series_;
  std::vector<TextPosition> positions_;
  std::unordered_map<Labels, size_t, LabelsHash> index_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_LOAD_BLOCK_H_
