// promtool's series notation: `metric{labels} 1 2 _ stale 0+10x100`.

#include <charconv>

#include "promql/go_format.h"
#include "promql/parser/parser_impl.h"
#include "promql/value.h"

namespace tocsin::promql {
namespace {

constexpr std::string_view kSeriesValues = "series values";
// A bound on expanded values, so that `1x99999999999` fails instead of
// exhausting memory.
constexpr uint64_t kMaxSeriesValues = 50'000'000;

}  // namespace

Result<SeriesDescription> Parser::ParseSeries() {
  std::vector<Label> labels;
  std::string name;
  if (IsMetricIdentifierToken(Peek().type)) name = std::string(Consume().val);
  if (Peek().type == TokenType::kLeftBrace && !ParseLabelSet(&labels)) {
    return error_;
  }
  // The name outside the braces wins over a __name__ label.
  if (!name.empty()) labels.push_back({std::string(kMetricName), name});
  SeriesDescription desc;
  TokenType next = Peek().type;
  if (!failed_ && next != TokenType::kSpace && next != TokenType::kEOF) {
    Unexpected(kSeriesValues, "");
  }
  while (!failed_ && Peek().type != TokenType::kEOF) {
    if (Peek().type != TokenType::kSpace) {
      Unexpected("", "");
      break;
    }
    Consume();
    switch (Peek().type) {
      case TokenType::kSpace:
      case TokenType::kEOF:
        break;
      case TokenType::kBlank:
      case TokenType::kIdentifier:
      case TokenType::kNumber:
      case TokenType::kAdd:
      case TokenType::kSub:
        ParseSeriesItem(&desc.values);
        break;
      default:
        Unexpected("", "");
    }
  }
  if (failed_) return error_;
  desc.labels = Labels::FromVector(std::move(labels));
  return desc;
}

bool Parser::ParseLabelSet(std::vector<Label>* labels) {
  constexpr std::string_view kContext = "label set";
  Consume();  // {
  if (Peek().type == TokenType::kRightBrace) {
    Consume();
    return true;
  }
  for (;;) {
    if (Peek().type != TokenType::kIdentifier) {
      Unexpected(kContext, "identifier or \"}\"");
      return false;
    }
    Token name = Consume();
    if (Peek().type != TokenType::kEql) {
      Unexpected(kContext, "\"=\"");
      return false;
    }
    Consume();
    if (Peek().type != TokenType::kString) {
      Unexpected(kContext, "string");
      return false;
    }
    std::string value;
    if (!Unquote(Consume(), &value)) return false;
    labels->push_back({std::string(name.val), std::move(value)});
    TokenType next = Peek().type;
    if (next == TokenType::kRightBrace) {
      Consume();
      return true;
    }
    if (next != TokenType::kComma) {
      Unexpected(kContext, "\",\" or \"}\"");
      return false;
    }
    Consume();
    if (Peek().type == TokenType::kRightBrace) {
      Consume();
      return true;
    }
  }
}

bool Parser::ParseSeriesItem(std::vector<std::optional<double>>* values) {
  uint64_t n;
  if (Peek().type == TokenType::kBlank) {
    Consume();
    if (Peek().type != TokenType::kTimes) {
      values->push_back(std::nullopt);
      return true;
    }
    Consume();
    if (!ParseRepetitions(&n)) return false;
    values->insert(values->end(), n, std::nullopt);
    return true;
  }
  double value;
  if (!ParseSeriesValue(&value)) return false;
  TokenType next = Peek().type;
  double step = 0;
  if (next == TokenType::kAdd || next == TokenType::kSub) {
    Consume();
    if (Peek().type != TokenType::kNumber) {
      Unexpected(kSeriesValues, "");
      return false;
    }
    if (!ParseNumber(Consume(), &step)) return false;
    if (next == TokenType::kSub) step = -step;
    if (Peek().type != TokenType::kTimes) {
      Unexpected(kSeriesValues, "");
      return false;
    }
  } else if (next != TokenType::kTimes) {
    values->push_back(value);
    return !failed_;
  }
  Consume();  // x
  if (!ParseRepetitions(&n)) return false;
  // a+bxN is a, a+b, ..., N+1 values, accumulated as Prometheus does.
  for (uint64_t i = 0; i <= n; ++i) {
    values->push_back(value);
    value += step;
  }
  return true;
}

bool Parser::ParseSeriesValue(double* value) {
  const Token& next = Peek();
  if (next.type == TokenType::kIdentifier) {
    Token word = Consume();
    if (word.val != "stale") {
      UnexpectedToken(word, kSeriesValues, "number or \"stale\"");
      return false;
    }
    *value = StaleNaN();
    return true;
  }
  bool negative = false;
  if (next.type == TokenType::kAdd || next.type == TokenType::kSub) {
    negative = Consume().type == TokenType::kSub;
    if (Peek().type != TokenType::kNumber) {
      Unexpected(kSeriesValues, "");
      return false;
    }
  }
  if (!ParseNumber(Consume(), value)) return false;
  if (negative) *value = -*value;
  return true;
}

bool Parser::ParseRepetitions(uint64_t* n) {
  if (Peek().type != TokenType::kNumber) {
    Unexpected(kSeriesValues, "");
    return false;
  }
  Token tok = Consume();
  std::string_view s = tok.val;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *n);
  std::string reason;
  if (s.empty() || s[0] < '0' || s[0] > '9' ||
      (ec != std::errc() && ec != std::errc::result_out_of_range) ||
      ptr != s.data() + s.size()) {
    reason = "invalid syntax";
  } else if (ec == std::errc::result_out_of_range) {
    reason = "value out of range";
  }
  if (!reason.empty()) {
    ErrorAt(tok.pos,
            "invalid repetition in series values: strconv.ParseUint: parsing " +
                GoQuote(s) + ": " + reason);
    return false;
  }
  if (*n >= kMaxSeriesValues) {
    ErrorAt(tok.pos, "invalid repetition in series values: " + std::string(s) +
                         " is too large");
    return false;
  }
  return true;
}

}  // namespace tocsin::promql
