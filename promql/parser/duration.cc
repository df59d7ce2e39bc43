// Prometheus durations (model.Duration): parsing and formatting.

#include <cstdint>

#include "promql/go_format.h"
#include "promql/parser/parser.h"
#include "promql/parser/parser_impl.h"

namespace tocsin::promql {
namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};
// In the only order a duration may use them.
constexpr Unit kUnits[] = {
    {"y", 365LL * 24 * 60 * 60 * 1000},
    {"w", 7LL * 24 * 60 * 60 * 1000},
    {"d", 24LL * 60 * 60 * 1000},
    {"h", 60LL * 60 * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
};
constexpr int64_t kNanosPerMilli = 1000000;

// Go's strconv.Atoi, saturating on overflow as its result does.
int64_t AtoiSaturating(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) {
    if (v > (INT64_MAX - (c - '0')) / 10) return INT64_MAX;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

bool ParseDurationMs(std::string_view s, int64_t* ms, std::string* error) {
  if (s == "0") {
    *ms = 0;
    return true;
  }
  if (s.empty()) {
    *error = "empty duration string";
    return false;
  }
  const std::string invalid = "not a valid duration string: " + GoQuote(s);
  size_t i = 0;
  size_t next_unit = 0;   // units must appear in kUnits order, each once
  uint64_t total_ns = 0;  // stays below 2^64: adding stops at overflow
  bool overflow = false;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i == s.size()) {
      *error = invalid;
      return false;
    }
    std::string_view digits = s.substr(start, i - start);
    std::string_view unit = s.substr(i, 1);
    if (s.substr(i, 2) == "ms") unit = "ms";
    i += unit.size();
    size_t u = next_unit;
    while (u < std::size(kUnits) && kUnits[u].name != unit) ++u;
    if (u == std::size(kUnits)) {
      *error = invalid;
      return false;
    }
    next_unit = u + 1;
    int64_t n = AtoiSaturating(digits);
    if (overflow || n > INT64_MAX / kUnits[u].ms / kNanosPerMilli) {
      overflow = true;
      continue;
    }
    total_ns += static_cast<uint64_t>(n) * kUnits[u].ms * kNanosPerMilli;
    if (total_ns > static_cast<uint64_t>(INT64_MAX)) overflow = true;
  }
  if (overflow) {
    *error = "duration out of range";
    return false;
  }
  *ms = static_cast<int64_t>(total_ns / kNanosPerMilli);
  return true;
}

Result<int64_t> ParseDuration(std::string_view input) {
  int64_t ms;
  std::string error;
  if (!ParseDurationMs(input, &ms, &error)) {
    return Status::InvalidArgument(std::move(error));
  }
  return ms;
}

std::string FormatDuration(int64_t ms) {
  if (ms == 0) return "0s";
  std::string out;
  for (size_t i = 0; i < std::size(kUnits); ++i) {
    const Unit& unit = kUnits[i];
    // Years and weeks only when they divide the duration exactly.
    if (i < 2 && ms % unit.ms != 0) continue;
    int64_t v = ms / unit.ms;
    if (v > 0) {
      out += std::to_string(v);
      out += unit.name;
      ms -= v * unit.ms;
    }
  }
  return out;
}

}  // namespace tocsin::promql
