#include "promql/text_scan.h"

#include <charconv>

namespace tocsin::promql {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Reads a decimal number at s[*pos]; false when there is none.
bool ReadInt(std::string_view s, size_t* pos, int* out) {
  const char* begin = s.data() + *pos;
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), *out);
  if (ec != std::errc() || ptr == begin) return false;
  *pos = ptr - s.data();
  return true;
}

}  // namespace

size_t SkipBlanks(std::string_view line, size_t pos) {
  while (pos < line.size() && IsBlank(line[pos])) ++pos;
  return pos;
}

size_t SkipToken(std::string_view line, size_t pos) {
  while (pos < line.size() && !IsBlank(line[pos])) ++pos;
  return pos;
}

size_t ScanMetricName(std::string_view line, size_t pos) {
  if (pos >= line.size() || !(IsNameStart(line[pos]) || line[pos] == ':')) {
    return pos;
  }
  ++pos;
  while (pos < line.size() && (IsNameChar(line[pos]) || line[pos] == ':')) {
    ++pos;
  }
  return pos;
}

size_t ScanLabelName(std::string_view line, size_t pos) {
  if (pos >= line.size() || !IsNameStart(line[pos])) return pos;
  ++pos;
  while (pos < line.size() && IsNameChar(line[pos])) ++pos;
  return pos;
}

size_t ScanSeriesText(std::string_view line, size_t pos) {
  pos = ScanMetricName(line, pos);
  if (pos >= line.size() || line[pos] != '{') return pos;
  bool quoted = false;
  for (++pos; pos < line.size(); ++pos) {
    char c = line[pos];
    if (quoted) {
      if (c == '\\') {
        ++pos;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '}') {
      return pos + 1;
    }
  }
  return std::string_view::npos;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

Status PositionError(std::string_view source, int line, int col,
                     std::string_view message) {
  std::string out(source);
  out += ':';
  out += std::to_string(line);
  out += ':';
  out += std::to_string(col);
  out += ": ";
  out += message;
  return Status::InvalidArgument(std::move(out));
}

Status RebaseError(const Status& error, std::string_view source, int line,
                   int col_offset) {
  std::string_view msg = error.message();
  size_t pos = 0;
  int l = 0;
  int c = 0;
  if (ReadInt(msg, &pos, &l) && pos < msg.size() && msg[pos] == ':' &&
      (++pos, ReadInt(msg, &pos, &c)) && msg.substr(pos, 2) == ": ") {
    return PositionError(source, line, c + col_offset, msg.substr(pos + 2));
  }
  return PositionError(source, line, col_offset + 1, msg);
}

}  // namespace tocsin::promql
