#include "promql/openmetrics_reader.h"

#include <cmath>
#include <deque>
#include <istream>
#include <optional>
#include <string>
#include <unordered_map>

#include "go/unicode.h"
#include "promql/go_format.h"
#include "promql/number_text.h"
#include "promql/text_scan.h"

namespace tocsin::promql {
namespace {

bool IsMetricTypeName(std::string_view t) {
  for (std::string_view known :
       {"counter", "gauge", "histogram", "gaugehistogram", "summary", "info",
        "stateset", "unknown", "untyped"}) {
    if (t == known) return true;
  }
  return false;
}

// Reads one file line by line, collecting samples per series.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Line(std::string_view line, int line_no) {
    line_ = line;
    line_no_ = line_no;
    size_t pos = SkipBlanks(line, 0);
    if (pos == line.size()) return Status::OK();
    if (eof_) return Error(pos, "unexpected data after # EOF");
    if (line[pos] == '#') return Comment(pos);
    return Sample(pos);
  }

  ParsedSeriesText Take() { return std::move(out_); }

 private:
  Status Error(size_t pos, std::string_view message) const {
    return PositionError(source_, line_no_, static_cast<int>(pos) + 1, message);
  }

  Status Comment(size_t pos);
  Status Sample(size_t pos);
  // Parses `name{labels}` at *pos and returns the series' index in out_.
  Result<size_t> Series(size_t* pos);
  // The series already seen with exactly this text.
  std::optional<size_t> Known(std::string_view text);
  void Follow(size_t index) {
    if (last_ != kNone) next_[last_] = index;
    last_ = index;
  }
  Result<Labels> ParseLabels(size_t* pos) const;
  Status QuotedValue(size_t* pos, std::string* value) const;

  std::string_view source_;
  std::string_view line_;
  int line_no_ = 0;
  bool eof_ = false;
  ParsedSeriesText out_;
  // Series by their exact text (fast path for repeated lines) and by
  // label set (the same series written differently).
  std::unordered_map<std::string_view, size_t> by_text_;
  // Owned copies of the texts by_text_ and series_text_ point into, so
  // that the input may go away line by line.
  std::deque<std::string> texts_;
  // The first text of each series, and which series followed it last.
  static constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<std::string_view> series_text_;
  std::vector<size_t> next_;
  size_t last_ = kNone;
  std::unordered_map<Labels, size_t, LabelsHash> by_labels_;
};

Status Reader::Comment(size_t pos) {
  size_t p = pos + 1;
  if (p == line_.size() || !IsBlank(line_[p])) return Status::OK();
  p = SkipBlanks(line_, p);
  size_t word_end = SkipToken(line_, p);
  std::string_view word = line_.substr(p, word_end - p);
  if (word == "EOF") {
    size_t rest = SkipBlanks(line_, word_end);
    if (rest != line_.size()) return Error(rest, "unexpected data after # EOF");
    eof_ = true;
    return Status::OK();
  }
  if (word != "HELP" && word != "TYPE" && word != "UNIT") {
    return Status::OK();  // a plain comment
  }
  p = SkipBlanks(line_, word_end);
  size_t name_end = ScanMetricName(line_, p);
  if (name_end == p || (name_end < line_.size() && !IsBlank(line_[name_end]))) {
    return Error(p, "expected metric name after " + std::string(word));
  }
  p = SkipBlanks(line_, name_end);
  std::string_view text = line_.substr(p);
  if (word == "TYPE") {
    size_t end = SkipToken(line_, p);
    std::string_view type = line_.substr(p, end - p);
    if (type.empty()) return Error(p, "expected metric type after TYPE");
    if (!IsMetricTypeName(type) || SkipBlanks(line_, end) != line_.size()) {
      return Error(p, "invalid metric type " + GoQuote(text));
    }
  } else if (word == "HELP" && !go::ValidUTF8(text)) {
    return Error(p, "help text is not valid UTF-8");
  }
  return Status::OK();
}

Status Reader::Sample(size_t pos) {
  size_t start = pos;
  auto index = Series(&pos);
  if (!index.ok()) return index.status();
  if (pos == line_.size()) return Error(pos, "expected a value");
  if (!IsBlank(line_[pos])) {
    return Error(pos, "expected a space before the value");
  }
  pos = SkipBlanks(line_, pos);
  if (pos == line_.size()) return Error(pos, "expected a value");
  size_t end = SkipToken(line_, pos);
  std::string_view token = line_.substr(pos, end - pos);
  std::optional<double> value = ParseTextFloat(token);
  if (!value) return Error(pos, "invalid value " + GoQuote(token));

  pos = SkipBlanks(line_, end);
  if (pos == line_.size() || line_[pos] == '#') {
    return Error(pos, "expected a timestamp");
  }
  end = SkipToken(line_, pos);
  token = line_.substr(pos, end - pos);
  std::optional<double> seconds = ParseTextFloat(token);
  if (!seconds || !std::isfinite(*seconds)) {
    return Error(pos, "invalid timestamp " + GoQuote(token));
  }
  // int64(seconds * 1000), as Prometheus's OpenMetrics parser (and so
  // promtool's backfill) converts: the same file gives the same samples.
  double ms = std::trunc(*seconds * 1000);
  if (std::fabs(ms) >= 9.2e18) return Error(pos, "timestamp out of range");
  int64_t t = static_cast<int64_t>(ms);
  size_t ts_pos = pos;

  pos = SkipBlanks(line_, end);
  if (pos < line_.size() && line_[pos] != '#') {
    end = SkipToken(line_, pos);
    return Error(pos, "unexpected " + GoQuote(line_.substr(pos, end - pos)) +
                          " after the timestamp");
  }
  // Anything after '#' is an exemplar, which is not stored.

  MemoryStorage::SeriesColumns& s = out_.series[*index];
  if (s.t.empty()) {
    out_.first_sample[*index] = {line_no_, static_cast<int>(start) + 1};
  } else if (t <= s.t.back()) {
    return Error(ts_pos, t == s.t.back() ? "duplicate sample for timestamp"
                                         : "out of order sample");
  }
  s.t.push_back(t);
  s.v.push_back(*value);
  return Status::OK();
}

Result<size_t> Reader::Series(size_t* pos) {
  size_t start = *pos;
  size_t end = ScanSeriesText(line_, start);
  if (end != std::string_view::npos) {
    std::string_view text = line_.substr(start, end - start);
    if (auto known = Known(text)) {
      *pos = end;
      return *known;
    }
  }
  auto labels = ParseLabels(pos);
  if (!labels.ok()) return labels.status();
  std::string_view text =
      texts_.emplace_back(line_.substr(start, *pos - start));
  auto [it, inserted] = by_labels_.emplace(*labels, out_.series.size());
  if (inserted) {
    out_.series.push_back({std::move(labels).value(), {}, {}});
    out_.first_sample.push_back({});
    series_text_.push_back(text);
    next_.push_back(kNone);
  }
  if (!by_text_.emplace(text, it->second).second) texts_.pop_back();
  Follow(it->second);
  return it->second;
}

std::optional<size_t> Reader::Known(std::string_view text) {
  // Recordings repeat their series in the same order at every timestamp
  // (or list one series' samples together): try the series that followed
  // the previous one last time, then the previous one, before hashing.
  if (last_ != kNone) {
    for (size_t guess : {next_[last_], last_}) {
      if (guess != kNone && series_text_[guess] == text) {
        Follow(guess);
        return guess;
      }
    }
  }
  auto it = by_text_.find(text);
  if (it == by_text_.end()) return std::nullopt;
  Follow(it->second);
  return it->second;
}

Result<Labels> Reader::ParseLabels(size_t* pos) const {
  std::vector<Label> labels;
  size_t p = *pos;
  size_t name_end = ScanMetricName(line_, p);
  if (name_end > p) {
    labels.push_back(
        {std::string(kMetricName), std::string(line_.substr(p, name_end - p))});
    p = name_end;
  } else if (line_[p] != '{') {
    return Error(p, "expected a metric name");
  }
  if (p < line_.size() && line_[p] == '{') {
    ++p;
    while (true) {
      p = SkipBlanks(line_, p);
      if (p == line_.size())
        return Error(p, "expected '}' to close the labels");
      if (line_[p] == '}') break;
      size_t lend = ScanLabelName(line_, p);
      if (lend == p) return Error(p, "expected a label name");
      std::string name(line_.substr(p, lend - p));
      for (LabelView l : labels) {
        if (l.name == name) {
          return Error(p, "duplicate label name " + GoQuote(name));
        }
      }
      p = SkipBlanks(line_, lend);
      if (p == line_.size() || line_[p] != '=') {
        return Error(p, "expected '=' after the label name");
      }
      p = SkipBlanks(line_, p + 1);
      std::string value;
      Status st = QuotedValue(&p, &value);
      if (!st.ok()) return st;
      labels.push_back({std::move(name), std::move(value)});
      p = SkipBlanks(line_, p);
      if (p < line_.size() && line_[p] == ',') {
        ++p;
        continue;
      }
      if (p == line_.size())
        return Error(p, "expected '}' to close the labels");
      if (line_[p] != '}') return Error(p, "expected ',' or '}' after a label");
    }
    ++p;  // the closing brace
  }
  Labels result = Labels::FromVector(std::move(labels));
  if (result.empty()) return Error(*pos, "a series needs at least one label");
  *pos = p;
  return result;
}

Status Reader::QuotedValue(size_t* pos, std::string* value) const {
  size_t p = *pos;
  if (p == line_.size() || line_[p] != '"') {
    return Error(p, "expected '\"' to open the label value");
  }
  size_t open = p++;
  while (true) {
    if (p == line_.size()) {
      return Error(open, "unterminated label value");
    }
    char c = line_[p];
    if (c == '"') break;
    if (c != '\\') {
      value->push_back(c);
      ++p;
      continue;
    }
    if (p + 1 == line_.size()) return Error(open, "unterminated label value");
    char e = line_[p + 1];
    if (e == '\\' || e == '"') {
      value->push_back(e);
    } else if (e == 'n') {
      value->push_back('\n');
    } else {
      return Error(p, "invalid escape sequence " + GoQuote(line_.substr(p, 2)) +
                          " in label value");
    }
    p += 2;
  }
  if (!go::ValidUTF8(*value)) {
    return Error(open, "invalid UTF-8 in label value");
  }
  *pos = p + 1;
  return Status::OK();
}

}  // namespace

Result<ParsedSeriesText> ParseOpenMetricsText(std::string_view text,
                                              std::string_view source) {
  Reader reader(source);
  int line_no = 0;
  for (std::string_view line : SplitLines(text)) {
    Status st = reader.Line(line, ++line_no);
    if (!st.ok()) return st;
  }
  return reader.Take();
}

Result<ParsedSeriesText> ParseOpenMetricsStream(std::string_view head,
                                                std::istream& in,
                                                std::string_view source) {
  Reader reader(source);
  int line_no = 0;
  std::string buffer(head);
  std::vector<char> chunk(1 << 20);
  while (true) {
    // Feed the complete lines; keep a trailing partial line for later.
    size_t done = 0;
    for (size_t nl; (nl = buffer.find('\n', done)) != std::string::npos;
         done = nl + 1) {
      std::string_view line(buffer.data() + done, nl - done);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      Status st = reader.Line(line, ++line_no);
      if (!st.ok()) return st;
    }
    buffer.erase(0, done);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (in.gcount() == 0) break;
    buffer.append(chunk.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IOError("cannot read " + std::string(source));
  if (!buffer.empty()) {
    Status st = reader.Line(buffer, ++line_no);
    if (!st.ok()) return st;
  }
  return reader.Take();
}

}  // namespace tocsin::promql
