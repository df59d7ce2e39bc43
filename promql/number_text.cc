#include "promql/number_text.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace tocsin::promql {
namespace {

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when `s` is digits with an optional '.' and exponent and at least
// one mantissa digit.
bool IsDecimalFloat(std::string_view s) {
  size_t i = 0;
  size_t mantissa_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++mantissa_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

int DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

}  // namespace

std::optional<double> ParseGoFloat(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualFold(body, "inf") || EqualFold(body, "infinity")) {
    double inf = std::numeric_limits<double>::infinity();
    return negative ? -inf : inf;
  }
  if (EqualFold(body, "nan")) {
    if (body.size() != s.size()) return std::nullopt;  // no sign on NaN
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (!IsDecimalFloat(body)) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves v unset on range errors: decide between overflow
    // and underflow from the exponent's sign.
    size_t e = body.find_first_of("eE");
    bool tiny = e != std::string_view::npos && e + 1 < body.size() &&
                body[e + 1] == '-';
    v = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (ec != std::errc() || ptr != body.data() + body.size()) {
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<int64_t> ParseGoInt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  bool prefixed = false;
  if (s.size() >= 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') base = 16, prefixed = true;
    if (p == 'o' || p == 'O') base = 8, prefixed = true;
    if (p == 'b' || p == 'B') base = 2, prefixed = true;
    if (prefixed) {
      s.remove_prefix(2);
    } else {
      base = 8;  // a leading 0 means octal
    }
  }
  // Underscores may separate digits, or follow a base prefix.
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  size_t digits = 0;
  bool last_underscore = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (last_underscore || (digits == 0 && !prefixed)) return std::nullopt;
      last_underscore = true;
      continue;
    }
    int d = DigitValue(s[i]);
    if (d >= base) return std::nullopt;
    last_underscore = false;
    ++digits;
    if (magnitude > (limit - d) / base) return std::nullopt;
    magnitude = magnitude * base + d;
  }
  if (digits == 0 || last_underscore) return std::nullopt;
  if (negative) return static_cast<int64_t>(0 - magnitude);
  return static_cast<int64_t>(magnitude);
}

std::optional<double> ParseGoNumber(std::string_view s) {
  if (auto i = ParseGoInt(s)) return static_cast<double>(*i);
  return ParseGoFloat(s);
}

}  // namespace tocsin::promql
