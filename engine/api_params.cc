#include "engine/api_params.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "go/strconv.h"
#include "promql/go_format.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's float64 -> int64 conversion on amd64: truncation, and the "integer
// indefinite" value for NaN and out-of-range inputs.
int64_t GoFloatToInt64(double v) {
  if (std::isnan(v) || v >= 9223372036854775808.0 ||
      v < -9223372036854775808.0) {
    return std::numeric_limits<int64_t>::min();
  }
  return static_cast<int64_t>(v);
}

int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysIn(int month, int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
    return 29;
  }
  return kDays[month - 1];
}

// Reads exactly `n` digits at s[*i].
bool ReadFixed(std::string_view s, size_t* i, int n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  ++*i;
  return true;
}

}  // namespace

int64_t ApiTime::ToMillis() const {
  return WrapAdd(WrapMul(sec, 1000), nsec / 1'000'000);
}

ApiTime ApiTime::FromUnix(int64_t sec, int64_t nsec) {
  if (nsec < 0 || nsec >= kNanosPerSecond) {
    int64_t n = nsec / kNanosPerSecond;
    sec = WrapAdd(sec, n);
    nsec -= n * kNanosPerSecond;
    if (nsec < 0) {
      nsec += kNanosPerSecond;
      sec = WrapAdd(sec, -1);
    }
  }
  return ApiTime{sec, nsec};
}

ApiTime ApiTime::Now() {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return FromUnix(0, ns);
}

ApiTime ApiMinTime() { return ApiTime{-9223309901257974, 0}; }
ApiTime ApiMaxTime() { return ApiTime{9223309901257974, 999999999}; }

std::optional<ApiTime> ParseRfc3339(std::string_view s) {
  size_t i = 0;
  int year, month, day, hour, minute, second;
  if (!ReadFixed(s, &i, 4, &year) || !Expect(s, &i, '-') ||
      !ReadFixed(s, &i, 2, &month) || !Expect(s, &i, '-') ||
      !ReadFixed(s, &i, 2, &day) || !Expect(s, &i, 'T')) {
    return std::nullopt;
  }
  // Go 1.19 accepts a one-digit hour here.
  if (!ReadFixed(s, &i, 2, &hour) && !ReadFixed(s, &i, 1, &hour)) {
    return std::nullopt;
  }
  if (!Expect(s, &i, ':') || !ReadFixed(s, &i, 2, &minute) ||
      !Expect(s, &i, ':') || !ReadFixed(s, &i, 2, &second)) {
    return std::nullopt;
  }
  int64_t nsec = 0;
  if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && IsDigit(s[i + 1])) {
    ++i;
    int64_t scale = 100'000'000;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      nsec += (s[i] - '0') * scale;
      scale /= 10;  // digits past the ninth are dropped
    }
  }
  int64_t offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh, om;
    if (!ReadFixed(s, &i, 2, &oh) || !Expect(s, &i, ':') ||
        !ReadFixed(s, &i, 2, &om)) {
      return std::nullopt;
    }
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
      day < 1 || day > DaysIn(month, year)) {
    return std::nullopt;
  }
  int64_t sec = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                minute * 60 + second - offset;
  return ApiTime{sec, nsec};
}

Result<ApiTime> ParseApiTime(std::string_view s) {
  if (auto f = go::ParseFloat(s); f.ok()) {
    double int_part;
    double frac = std::modf(*f, &int_part);
    frac = std::round(frac * 1000) / 1000;
    return ApiTime::FromUnix(GoFloatToInt64(int_part),
                             GoFloatToInt64(frac * 1e9));
  }
  if (auto t = ParseRfc3339(s)) return *t;
  if (s == kApiMinTimeText) return ApiMinTime();
  if (s == kApiMaxTimeText) return ApiMaxTime();
  return Status::InvalidArgument("cannot parse " + promql::GoQuote(s) +
                                 " to a valid timestamp");
}

Result<int64_t> ParseApiDuration(std::string_view s) {
  if (auto f = go::ParseFloat(s); f.ok()) {
    double ns = *f * 1e9;
    if (ns > 9223372036854775807.0 || ns < -9223372036854775808.0) {
      return Status::InvalidArgument(
          "cannot parse " + promql::GoQuote(s) +
          " to a valid duration. It overflows int64");
    }
    return GoFloatToInt64(ns);
  }
  auto ms = promql::ParseDuration(s);
  if (ms.ok()) return WrapMul(*ms, 1'000'000);
  return Status::InvalidArgument("cannot parse " + promql::GoQuote(s) +
                                 " to a valid duration");
}

int64_t SubTimes(const ApiTime& end, const ApiTime& start) {
  // Whole seconds dominate the sign: |end.nsec - start.nsec| < 1s.
  bool negative = end < start;
  int64_t saturated = negative ? std::numeric_limits<int64_t>::min()
                               : std::numeric_limits<int64_t>::max();
  int64_t seconds, nanos, d;
  if (__builtin_sub_overflow(end.sec, start.sec, &seconds) ||
      __builtin_mul_overflow(seconds, kNanosPerSecond, &nanos) ||
      __builtin_add_overflow(nanos, end.nsec - start.nsec, &d)) {
    return saturated;
  }
  return d;
}

}  // namespace tocsin::engine
