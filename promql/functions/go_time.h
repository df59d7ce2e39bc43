// Calendar fields of a Unix time in UTC, computed as Go's time package
// computes them (time.Unix(sec, 0).UTC()), including its unsigned
// wrap-around for seconds far outside the representable years, so that the
// date functions agree with Prometheus for every input. Pure and
// thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_GO_TIME_H_
#define TOCSIN_PROMQL_FUNCTIONS_GO_TIME_H_

#include <cstdint>

namespace tocsin::promql {

struct GoCivilTime {
  int64_t year = 0;
  int month = 0;    // 1..12
  int day = 0;      // 1..31
  int yday = 0;     // 1..366
  int hour = 0;     // 0..23
  int minute = 0;   // 0..59
  int weekday = 0;  // 0 = Sunday
};

GoCivilTime GoTimeFromUnix(int64_t unix_seconds);

// 32 - time.Date(year, month, 32, 0, 0, 0, 0, time.UTC).Day(): the number
// of days in that month.
int GoDaysInMonth(int64_t year, int month);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_GO_TIME_H_
