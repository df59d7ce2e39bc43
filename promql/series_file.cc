#include "promql/series_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "promql/load_block.h"
#include "promql/openmetrics_reader.h"
#include "promql/text_scan.h"

namespace tocsin::promql {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = SkipBlanks(s, 0);
  size_t e = s.size();
  while (e > b && IsBlank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool IsCommentOrBlank(std::string_view trimmed) {
  return trimmed.empty() || trimmed[0] == '#';
}

// True when the first line that is neither blank nor a comment is a
// `load` command.
bool IsLoadFormat(const std::vector<std::string_view>& lines) {
  for (std::string_view line : lines) {
    std::string_view t = Trim(line);
    if (IsCommentOrBlank(t)) continue;
    return IsLoadCommand(t);
  }
  return false;
}

// Reads `load <interval>` blocks. A block runs until a blank line, a
// comment or the next `load` line.
Result<ParsedSeriesText> ParseLoadFormat(
    const std::vector<std::string_view>& lines, std::string_view source) {
  ParsedSeriesText out;
  size_t i = 0;
  while (i < lines.size()) {
    std::string_view line = lines[i];
    std::string_view cmd = Trim(line);
    int col = static_cast<int>(SkipBlanks(line, 0));
    ++i;
    if (IsCommentOrBlank(cmd)) continue;
    if (!IsLoadCommand(cmd)) {
      return PositionError(source, static_cast<int>(i), col + 1,
                           "expected \"load <interval>\"");
    }
    auto interval = ParseLoadCommand(cmd);
    if (!interval.ok()) {
      return PositionError(source, static_cast<int>(i), col + 1,
                           interval.status().message());
    }
    LoadBlock block(*interval);
    while (i < lines.size()) {
      std::string_view text = Trim(lines[i]);
      if (IsCommentOrBlank(text) || IsLoadCommand(text)) break;
      int offset = static_cast<int>(SkipBlanks(lines[i], 0));
      Status st =
          block.AddSeries(text, source, static_cast<int>(i + 1), offset);
      if (!st.ok()) return st;
      ++i;
    }
    for (auto& s : block.TakeSeries(&out.first_sample)) {
      out.series.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

Status LoadSeriesText(std::string_view text, std::string_view source,
                      MemoryStorage* storage) {
  std::vector<std::string_view> lines = SplitLines(text);
  Result<ParsedSeriesText> parsed = IsLoadFormat(lines)
                                        ? ParseLoadFormat(lines, source)
                                        : ParseOpenMetricsText(text, source);
  if (!parsed.ok()) return parsed.status();
  size_t failed = 0;
  Status st = storage->AppendBatch(std::move(parsed->series), &failed);
  if (!st.ok()) {
    const TextPosition& pos = parsed->first_sample[failed];
    return PositionError(source, pos.line, pos.col, st.message());
  }
  return Status::OK();
}

Status LoadSeriesFile(const std::string& path, MemoryStorage* storage) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return Status::IOError("cannot open series file " + path + ": " +
                           std::strerror(errno));
  }
  std::string text(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) return Status::IOError("cannot read series file " + path);
  return LoadSeriesText(text, path, storage);
}

}  // namespace tocsin::promql
