#include "promql/functions/go_time.h"

namespace tocsin::promql {
namespace {

constexpr uint64_t kSecondsPerMinute = 60;
constexpr uint64_t kSecondsPerHour = 60 * kSecondsPerMinute;
constexpr uint64_t kSecondsPerDay = 24 * kSecondsPerHour;
constexpr uint64_t kSecondsPerWeek = 7 * kSecondsPerDay;
constexpr uint64_t kDaysPer400Years = 365 * 400 + 97;
constexpr uint64_t kDaysPer100Years = 365 * 100 + 24;
constexpr uint64_t kDaysPer4Years = 365 * 4 + 1;

// Go counts seconds from January 1 of this year (unsigned) internally.
constexpr int64_t kAbsoluteZeroYear = -292277022399;
// Seconds from that zero to the Unix epoch:
// unixToInternal + internalToAbsolute in Go's time package.
constexpr uint64_t kUnixToAbsolute = 9223372028715321600ULL;

constexpr int kDaysBefore[] = {0,   31,  59,  90,  120, 151, 181,
                               212, 243, 273, 304, 334, 365};

bool IsLeap(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

struct Date {
  int64_t year;
  int month;
  int day;
  int yday;  // 0-based
};

// Go's absDate(abs, full=true).
Date AbsDate(uint64_t abs) {
  uint64_t d = abs / kSecondsPerDay;
  uint64_t n = d / kDaysPer400Years;
  uint64_t y = 400 * n;
  d -= kDaysPer400Years * n;
  n = d / kDaysPer100Years;
  n -= n >> 2;
  y += 100 * n;
  d -= kDaysPer100Years * n;
  n = d / kDaysPer4Years;
  y += 4 * n;
  d -= kDaysPer4Years * n;
  n = d / 365;
  n -= n >> 2;
  y += n;
  d -= 365 * n;

  Date out;
  out.year = static_cast<int64_t>(y) + kAbsoluteZeroYear;
  out.yday = static_cast<int>(d);
  int day = out.yday;
  if (IsLeap(out.year)) {
    if (day == 31 + 29 - 1) {
      out.month = 2;
      out.day = 29;
      return out;
    }
    if (day > 31 + 29 - 1) day--;
  }
  int month = day / 31;
  int end = kDaysBefore[month + 1];
  int begin;
  if (day >= end) {
    month++;
    begin = end;
  } else {
    begin = kDaysBefore[month];
  }
  out.month = month + 1;
  out.day = day - begin + 1;
  return out;
}

// Go's daysSinceEpoch: days from the absolute zero to January 1 of `year`.
uint64_t DaysSinceEpoch(int64_t year) {
  uint64_t y =
      static_cast<uint64_t>(year) - static_cast<uint64_t>(kAbsoluteZeroYear);
  uint64_t n = y / 400;
  y -= 400 * n;
  uint64_t d = kDaysPer400Years * n;
  n = y / 100;
  y -= 100 * n;
  d += kDaysPer100Years * n;
  n = y / 4;
  y -= 4 * n;
  d += kDaysPer4Years * n;
  d += 365 * y;
  return d;
}

}  // namespace

GoCivilTime GoTimeFromUnix(int64_t unix_seconds) {
  uint64_t abs = static_cast<uint64_t>(unix_seconds) + kUnixToAbsolute;
  Date date = AbsDate(abs);
  GoCivilTime t;
  t.year = date.year;
  t.month = date.month;
  t.day = date.day;
  t.yday = date.yday + 1;
  t.hour = static_cast<int>((abs % kSecondsPerDay) / kSecondsPerHour);
  t.minute = static_cast<int>((abs % kSecondsPerHour) / kSecondsPerMinute);
  // January 1 of the absolute zero year was a Monday.
  t.weekday = static_cast<int>(((abs + kSecondsPerDay) % kSecondsPerWeek) /
                               kSecondsPerDay);
  return t;
}

int GoDaysInMonth(int64_t year, int month) {
  uint64_t d = DaysSinceEpoch(year);
  d += static_cast<uint64_t>(kDaysBefore[month - 1]);
  if (IsLeap(year) && month >= 3) d++;
  d += 32 - 1;
  return 32 - AbsDate(d * kSecondsPerDay).day;
}

}  // namespace tocsin::promql
