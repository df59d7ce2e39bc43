#include "promql/go_format.h"

#include "go/strconv.h"

namespace tocsin::promql {

std::string FormatFloatF(double v) { return go::FormatFloat(v, 'f', -1); }

std::string FormatFloatG(double v) { return go::FormatFloat(v, 'g', -1); }

std::string GoQuote(std::string_view s) { return go::Quote(s); }

std::string QuotePromQLString(std::string_view s) {
  std::string quoted = GoQuote(s);
  // GoQuote writes invalid bytes as \xNN, so every EF BF BD left in its
  // output is a well-formed U+FFFD.
  static constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";
  static constexpr std::string_view kEscaped = "\\ufffd";
  for (size_t at = quoted.find(kReplacementChar); at != std::string::npos;
       at = quoted.find(kReplacementChar, at + kEscaped.size())) {
    quoted.replace(at, kReplacementChar.size(), kEscaped);
  }
  return quoted;
}

// Prometheus's strutil.Unquote: strconv.Unquote, except that a
// single-quoted literal may hold any number of characters, a raw string
// keeps its carriage returns, and a literal without escapes is returned
// as it is.
std::optional<std::string> GoUnquote(std::string_view literal) {
  if (literal.size() < 2) return std::nullopt;
  char quote = literal.front();
  if (quote != literal.back()) return std::nullopt;
  std::string_view body = literal.substr(1, literal.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    return std::string(body);
  }
  if (quote != '"' && quote != '\'') return std::nullopt;
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  if (body.find('\\') == std::string_view::npos &&
      body.find(quote) == std::string_view::npos) {
    return std::string(body);
  }
  return go::UnquoteBody(body, quote);
}

}  // namespace tocsin::promql
