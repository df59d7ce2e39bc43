#include "promql/functions/go_parse_float.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace tocsin::promql {
namespace {

char Lower(char c) { return static_cast<char>(c | ('x' - 'X')); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

size_t PrefixLenIgnoreCase(std::string_view s, std::string_view prefix) {
  size_t n = 0;
  while (n < s.size() && n < prefix.size()) {
    char c = s[n];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    if (c != prefix[n]) break;
    n++;
  }
  return n;
}

// Go's special(): "inf", "infinity" (signed) and "nan". Returns the number
// of bytes it consumed, or 0.
size_t ParseSpecial(std::string_view s, double* value) {
  if (s.empty()) return 0;
  double sign = 1;
  size_t nsign = 0;
  char c = s[0];
  if (c == '+' || c == '-') {
    if (c == '-') sign = -1;
    nsign = 1;
    s.remove_prefix(1);
  }
  if (nsign == 1 || c == 'i' || c == 'I') {
    size_t n = PrefixLenIgnoreCase(s, "infinity");
    if (n > 3 && n < 8) n = 3;
    if (n == 3 || n == 8) {
      *value = sign * std::numeric_limits<double>::infinity();
      return nsign + n;
    }
    return 0;
  }
  if ((c == 'n' || c == 'N') && PrefixLenIgnoreCase(s, "nan") == 3) {
    *value = std::numeric_limits<double>::quiet_NaN();
    return 3;
  }
  return 0;
}

// Go's underscoreOK: underscores only between digits (a base prefix counts
// as a digit).
bool UnderscoresOk(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); i++) {
    char c = s[i];
    if (IsDigit(c) || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// The syntax check of Go's readFloat. Returns the length of the number at
// the start of `s`, or 0 when there is none.
size_t ScanFloat(std::string_view s, bool* underscores) {
  size_t i = 0;
  *underscores = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
  bool hex = false;
  if (i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') {
    hex = true;
    i += 2;
  }
  bool saw_dot = false, saw_digits = false;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c == '_') {
      *underscores = true;
    } else if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
    } else if (IsDigit(c) || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw_digits = true;
    } else {
      break;
    }
  }
  if (!saw_digits) return 0;
  if (i < s.size() && Lower(s[i]) == (hex ? 'p' : 'e')) {
    i++;
    if (i >= s.size()) return 0;
    if (s[i] == '+' || s[i] == '-') i++;
    if (i >= s.size() || !IsDigit(s[i])) return 0;
    for (; i < s.size() && (IsDigit(s[i]) || s[i] == '_'); i++) {
      if (s[i] == '_') *underscores = true;
    }
  } else if (hex) {
    return 0;
  }
  return i;
}

}  // namespace

std::optional<double> GoParseFloat(std::string_view s) {
  double special;
  if (size_t n = ParseSpecial(s, &special); n > 0) {
    if (n == s.size()) return special;
    return std::nullopt;
  }
  bool underscores;
  size_t n = ScanFloat(s, &underscores);
  if (n == 0 || n != s.size()) return std::nullopt;
  if (underscores && !UnderscoresOk(s)) return std::nullopt;
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  double v = std::strtod(clean.c_str(), nullptr);
  if (std::isinf(v)) return std::nullopt;  // ErrRange
  return v;
}

}  // namespace tocsin::promql
