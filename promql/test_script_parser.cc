#include "promql/test_script_parser.h"

#include <re2/re2.h>

#include <unordered_map>

#include "promql/go_format.h"
#include "promql/load_block.h"
#include "promql/number_text.h"
#include "promql/parser/parser.h"
#include "promql/text_scan.h"

namespace tocsin::promql {
namespace {

bool IsGoSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

// One script line, trimmed like strings.TrimSpace, with the byte offset of
// its first character in the raw line. Comment lines are empty.
struct ScriptLine {
  std::string_view text;
  int offset = 0;
};

std::vector<ScriptLine> ScriptLines(std::string_view input) {
  std::vector<ScriptLine> out;
  size_t start = 0;
  while (true) {
    size_t nl = input.find('\n', start);
    std::string_view raw = input.substr(start, nl == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : nl - start);
    size_t b = 0;
    while (b < raw.size() && IsGoSpace(raw[b])) ++b;
    size_t e = raw.size();
    while (e > b && IsGoSpace(raw[e - 1])) --e;
    ScriptLine line{raw.substr(b, e - b), static_cast<int>(b)};
    if (!line.text.empty() && line.text[0] == '#') line.text = {};
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// A test time or step: a Prometheus duration, or "0".
Result<int64_t> ParseScriptDuration(std::string_view s) {
  if (s == "0") return int64_t{0};
  return ParseDuration(s);
}

const RE2& InstantPattern() {
  static const RE2 re(
      R"(^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$)");
  return re;
}

const RE2& RangePattern() {
  static const RE2 re(
      R"(^eval(?:_(fail))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$)");
  return re;
}

class ScriptParser {
 public:
  ScriptParser(std::string_view text, std::string_view source)
      : lines_(ScriptLines(text)), source_(source) {}

  std::vector<ScriptCommand> Parse();

 private:
  void ParseLoad(size_t& i);
  void ParseEval(size_t& i);
  // Parses the expected lines after an eval; false after a BadCommand.
  bool ParseExpected(size_t& i, EvalCommand& cmd);
  bool ParseTimes(std::string_view line, EvalCommand& cmd);
  // Moves `i` to the last line of the current block.
  void SkipBlock(size_t& i) const {
    while (i + 1 < lines_.size() && !lines_[i + 1].text.empty()) ++i;
  }
  void Bad(size_t i, std::string expr, std::string message) {
    BadCommand bad{static_cast<int>(i + 1), std::move(expr),
                   std::move(message)};
    out_.emplace_back(std::move(bad));
  }

  std::vector<ScriptLine> lines_;
  std::string_view source_;
  std::vector<ScriptCommand> out_;
};

std::vector<ScriptCommand> ScriptParser::Parse() {
  for (size_t i = 0; i < lines_.size(); ++i) {
    std::string_view l = lines_[i].text;
    if (l.empty()) continue;
    std::string word(l.substr(0, l.find_first_of(" \t")));
    for (char& c : word) c = static_cast<char>(std::tolower(c));
    if (word == "clear") {
      ClearCommand clear{static_cast<int>(i + 1)};
      out_.emplace_back(clear);
    } else if (word == "load") {
      ParseLoad(i);
    } else if (word.starts_with("eval")) {
      ParseEval(i);
    } else {
      Bad(i, "", "invalid command " + GoQuote(l));
    }
  }
  return std::move(out_);
}

void ScriptParser::ParseLoad(size_t& i) {
  size_t cmd_line = i;
  auto interval = ParseLoadCommand(lines_[i].text);
  if (!interval.ok()) {
    Bad(i, "", interval.status().message());
    SkipBlock(i);
    return;
  }
  LoadBlock block(*interval);
  while (i + 1 < lines_.size() && !lines_[i + 1].text.empty()) {
    ++i;
    Status st = block.AddSeries(lines_[i].text, source_,
                                static_cast<int>(i + 1), lines_[i].offset);
    if (!st.ok()) {
      Bad(i, "", st.message());
      SkipBlock(i);
      return;
    }
  }
  LoadCommand load{static_cast<int>(cmd_line + 1), block.TakeSeries(nullptr)};
  out_.emplace_back(std::move(load));
}

bool ScriptParser::ParseTimes(std::string_view line, EvalCommand& cmd) {
  std::string mod, at, from, to, step;
  auto bad = [&](std::string message) {
    BadCommand command{cmd.line, cmd.expr, std::move(message)};
    out_.emplace_back(std::move(command));
    return false;
  };
  if (RE2::FullMatch(line, InstantPattern(), &mod, &at, &cmd.expr)) {
    cmd.fail = mod == "fail";
    cmd.ordered = mod == "ordered";
    auto t = ParseScriptDuration(at);
    if (!t.ok()) {
      return bad("invalid timestamp definition " + GoQuote(at) + ": " +
                 t.status().message());
    }
    cmd.start_ms = cmd.end_ms = *t;
    return true;
  }
  if (RE2::FullMatch(line, RangePattern(), &mod, &from, &to, &step,
                     &cmd.expr)) {
    cmd.range = true;
    cmd.fail = mod == "fail";
    auto start = ParseScriptDuration(from);
    if (!start.ok()) {
      return bad("invalid start timestamp definition " + GoQuote(from) + ": " +
                 start.status().message());
    }
    auto end = ParseScriptDuration(to);
    if (!end.ok()) {
      return bad("invalid end timestamp definition " + GoQuote(to) + ": " +
                 end.status().message());
    }
    if (*end < *start) {
      return bad("invalid test definition, end timestamp (" + std::string(to) +
                 ") is before start timestamp (" + std::string(from) + ")");
    }
    auto s = ParseScriptDuration(step);
    if (!s.ok()) {
      return bad("invalid step definition " + GoQuote(step) + ": " +
                 s.status().message());
    }
    cmd.start_ms = *start;
    cmd.end_ms = *end;
    cmd.step_ms = *s;
    return true;
  }
  return bad(
      "invalid evaluation command. Must be either 'eval[_fail|_ordered] "
      "instant [at <offset:duration>] <query>' or 'eval[_fail] range from "
      "<from> to <to> step <step> <query>'");
}

void ScriptParser::ParseEval(size_t& i) {
  const ScriptLine& line = lines_[i];
  EvalCommand cmd;
  cmd.line = static_cast<int>(i + 1);
  if (!ParseTimes(line.text, cmd)) {
    SkipBlock(i);
    return;
  }
  auto parsed = ParseExpr(cmd.expr);
  if (!parsed.ok()) {
    int offset = line.offset + static_cast<int>(line.text.find(cmd.expr));
    Bad(i, cmd.expr,
        RebaseError(parsed.status(), source_, cmd.line, offset).message());
    SkipBlock(i);
    return;
  }
  if (!ParseExpected(i, cmd)) {
    SkipBlock(i);
    return;
  }
  out_.emplace_back(std::move(cmd));
}

bool ScriptParser::ParseExpected(size_t& i, EvalCommand& cmd) {
  std::unordered_map<Labels, size_t, LabelsHash> index;
  for (int j = 1; i + 1 < lines_.size(); ++j) {
    ++i;
    const ScriptLine& def = lines_[i];
    if (def.text.empty()) {
      --i;
      break;
    }
    if (Result<double> number = ParseNumber(def.text); number.ok()) {
      cmd.scalar = *number;
      break;
    }
    auto desc = ParseSeriesDescription(def.text);
    if (!desc.ok()) {
      Bad(i, cmd.expr,
          RebaseError(desc.status(), source_, static_cast<int>(i + 1),
                      def.offset)
              .message());
      return false;
    }
    if (!cmd.range && desc->values.size() > 1) {
      Bad(i, cmd.expr,
          "expecting multiple values in instant evaluation not allowed");
      return false;
    }
    ExpectedSeries e{desc->labels, std::move(desc->values), j};
    auto [it, inserted] = index.emplace(e.labels, cmd.expected.size());
    if (inserted) {
      cmd.expected.push_back(std::move(e));
    } else {
      cmd.expected[it->second] = std::move(e);
    }
  }
  return true;
}

}  // namespace

std::vector<ScriptCommand> ParseTestScript(std::string_view text,
                                           std::string_view source) {
  return ScriptParser(text, source).Parse();
}

}  // namespace tocsin::promql
