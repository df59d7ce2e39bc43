// Test-only stand-ins for the PromQL parser's ParseDuration and
// ParseMetricSelector, for the engine tests while the real parser is not
// on this branch yet. They accept only the simple inputs the tests use.

#ifndef TOCSIN_TESTS_ENGINE_PARSER_FAKES_H_
#define TOCSIN_TESTS_ENGINE_PARSER_FAKES_H_

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "promql/parser/parser.h"

namespace tocsin::promql {

Result<int64_t> ParseDuration(std::string_view input) {
  static const std::pair<std::string_view, int64_t> kUnits[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"ms", 1},
      {"m", 60LL * 1000},
      {"s", 1000}};
  if (input.empty()) return Status::InvalidArgument("empty duration string");
  int64_t total = 0;
  size_t i = 0;
  while (i < input.size()) {
    size_t start = i;
    int64_t n = 0;
    while (i < input.size() &&
           std::isdigit(static_cast<unsigned char>(input[i]))) {
      n = n * 10 + (input[i++] - '0');
    }
    if (i == start) return Status::InvalidArgument("bad duration");
    bool found = false;
    for (auto [unit, mult] : kUnits) {
      if (input.substr(i, unit.size()) == unit) {
        total += n * mult;
        i += unit.size();
        found = true;
        break;
      }
    }
    if (!found) return Status::InvalidArgument("bad duration");
  }
  return total;
}

// name{label="value", label=~"re", ...} with double-quoted plain values.
Result<std::vector<Matcher>> ParseMetricSelector(std::string_view input) {
  std::vector<Matcher> out;
  auto fail = [&] {
    return Status::InvalidArgument("1:1: parse error: unexpected input");
  };
  size_t brace = input.find('{');
  std::string_view name = input.substr(0, brace);
  if (!name.empty()) {
    out.push_back(
        *Matcher::Make(MatchType::kEqual, "__name__", std::string(name)));
  }
  if (brace == std::string_view::npos) {
    if (name.empty()) return fail();
    return out;
  }
  std::string_view rest = input.substr(brace + 1);
  if (rest.empty() || rest.back() != '}') return fail();
  rest.remove_suffix(1);
  while (!rest.empty()) {
    size_t q1 = rest.find('"');
    size_t q2 = rest.find('"', q1 + 1);
    if (q1 == std::string_view::npos || q2 == std::string_view::npos)
      return fail();
    std::string_view lhs = rest.substr(0, q1);
    MatchType type = MatchType::kEqual;
    std::string_view op;
    for (auto [o, t] : {std::pair{"=~", MatchType::kRegexMatch},
                        std::pair{"!~", MatchType::kRegexNoMatch},
                        std::pair{"!=", MatchType::kNotEqual},
                        std::pair{"=", MatchType::kEqual}}) {
      std::string_view so(o);
      if (lhs.size() > so.size() && lhs.substr(lhs.size() - so.size()) == so) {
        op = so;
        type = t;
        break;
      }
    }
    if (op.empty()) return fail();
    std::string label(lhs.substr(0, lhs.size() - op.size()));
    auto m = Matcher::Make(type, label,
                           std::string(rest.substr(q1 + 1, q2 - q1 - 1)));
    if (!m.ok()) return m.status();
    out.push_back(*m);
    rest = rest.substr(q2 + 1);
    if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
  }
  return out;
}

}  // namespace tocsin::promql

#endif  // TOCSIN_TESTS_ENGINE_PARSER_FAKES_H_
