#include "promql/load_block.h"

#include "promql/go_format.h"
#include "promql/parser/parser.h"
#include "promql/text_scan.h"

namespace tocsin::promql {

bool IsLoadCommand(std::string_view line) {
  if (line.substr(0, 4) != "load") return false;
  return line.size() == 4 || IsBlank(line[4]);
}

Result<int64_t> ParseLoadCommand(std::string_view line) {
  size_t arg = SkipBlanks(line, 4);
  if (!IsLoadCommand(line) || arg == line.size()) {
    return Status::InvalidArgument(
        "invalid load command. (load <step:duration>)");
  }
  std::string_view step = line.substr(arg);
  if (step == "0") return int64_t{0};
  auto ms = ParseDuration(step);
  if (!ms.ok()) {
    return Status::InvalidArgument("invalid step definition " + GoQuote(step) +
                                   ": " + ms.status().message());
  }
  return *ms;
}

Status LoadBlock::AddSeries(std::string_view text, std::string_view source,
                            int line_no, int col_offset) {
  auto desc = ParseSeriesDescription(text);
  if (!desc.ok())
    return RebaseError(desc.status(), source, line_no, col_offset);
  MemoryStorage::SeriesColumns columns;
  columns.labels = desc->labels;
  // Exact capacities: a test's input can be millions of samples.
  size_t present = 0;
  for (const auto& v : desc->values) present += v.has_value();
  columns.t.reserve(present);
  columns.v.reserve(present);
  int64_t t = 0;
  for (const auto& v : desc->values) {
    if (v) {
      columns.t.push_back(t);
      columns.v.push_back(*v);
    }
    t += interval_ms_;
  }
  TextPosition pos{line_no, col_offset + 1};
  auto [it, inserted] = index_.emplace(columns.labels, series_.size());
  if (inserted) {
    series_.push_back(std::move(columns));
    positions_.push_back(pos);
  } else {
    series_[it->second] = std::move(columns);
    positions_[it->second] = pos;
  }
  return Status::OK();
}

std::vector<MemoryStorage::SeriesColumns> LoadBlock::TakeSeries(
    std::vector<TextPosition>* positions) {
  std::vector<MemoryStorage::SeriesColumns> out;
  out.reserve(series_.size());
  for (size_t i = 0; i < series_.size(); ++i) {
    if (series_[i].t.empty()) continue;
    out.push_back(std::move(series_[i]));
    if (positions) positions->push_back(positions_[i]);
  }
  series_.clear();
  positions_.clear();
  index_.clear();
  return out;
}

}  // namespace tocsin::promql
