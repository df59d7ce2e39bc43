#include "promql/series_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

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

// True when `trimmed` is a `load` command: `load` and one more word (a
// sample of a metric named `load` has at least two).
bool IsLoadLine(std::string_view trimmed) {
  if (!IsLoadCommand(trimmed)) return false;
  size_t arg = SkipBlanks(trimmed, 4);
  return SkipToken(trimmed, arg) == trimmed.size();
}

// True when the first line that is neither blank nor a comment is a
// `load` command.
bool IsLoadFormat(const std::vector<std::string_view>& lines) {
  for (std::string_view line : lines) {
    std::string_view t = Trim(line);
    if (IsCommentOrBlank(t)) continue;
    return IsLoadLine(t);
  }
  return false;
}

// Appends what was parsed, all or nothing.
Status AppendParsed(Result<ParsedSeriesText> parsed, std::string_view source,
                    MemoryStorage* storage) {
  if (!parsed.ok()) return parsed.status();
  size_t failed = 0;
  Status st = storage->AppendBatch(std::move(parsed->series), &failed);
  if (!st.ok()) {
    const TextPosition& pos = parsed->first_sample[failed];
    return PositionError(source, pos.line, pos.col, st.message());
  }
  return Status::OK();
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
  return AppendParsed(IsLoadFormat(lines) ? ParseLoadFormat(lines, source)
                                          : ParseOpenMetricsText(text, source),
                      source, storage);
}

Status LoadSeriesFile(const std::string& path, MemoryStorage* storage) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("cannot open series file " + path + ": " +
                           std::strerror(errno));
  }
  // The first line that is neither blank nor a comment tells the format.
  // Load blocks are small and read whole; recordings are streamed.
  std::string head;
  bool load_format = false;
  for (std::string line; std::getline(in, line);) {
    head += line;
    head += '\n';
    std::string_view t = Trim(line);
    if (!t.empty() && t.back() == '\r') t = Trim(t.substr(0, t.size() - 1));
    if (IsCommentOrBlank(t)) continue;
    load_format = IsLoadLine(t);
    break;
  }
  if (in.bad()) return Status::IOError("cannot read series file " + path);
  if (load_format) {
    head.append(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) return Status::IOError("cannot read series file " + path);
    return LoadSeriesText(head, path, storage);
  }
  in.clear(in.rdstate() & ~std::ios::failbit);
  return AppendParsed(ParseOpenMetricsStream(head, in, path), path, storage);
}

}  // namespace tocsin::promql
