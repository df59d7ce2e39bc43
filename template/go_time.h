// Go's time.Time as templates see it: an instant with a fixed zone, its
// String() form ("2009-02-13 23:31:30.122 +0000 UTC"), Format with Go's
// reference layouts ("2006-01-02T15:04:05Z07:00"), and the template types
// time.Time and *time.Time with their commonly used methods (Format, Unix,
// UnixMilli, UnixNano, UTC, IsZero, Add, Sub, Year, ...).
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_TEMPLATE_GO_TIME_H_
#define TOCSIN_TEMPLATE_GO_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "promql/status.h"
#include "template/value.h"

namespace tocsin::tmpl {

struct GoTime {
  int64_t sec = kZeroSec;    // Unix seconds
  int32_t nsec = 0;          // [0, 1e9)
  int32_t offset = 0;        // seconds east of UTC
  std::string zone = "UTC";  // abbreviation; empty for an unnamed offset

  // Go's zero Time, January 1, year 1, 00:00:00 UTC.
  static constexpr int64_t kZeroSec = -62135596800;

  static GoTime FromUnixNano(int64_t ns);
  static GoTime FromUnixMilli(int64_t ms);
  bool IsZero() const { return sec == kZeroSec && nsec == 0; }
  int64_t UnixNano() const { return sec * 1000000000 + nsec; }
  GoTime UTC() const;
};

// time.Time.Format.
std::string FormatTime(const GoTime& t, std::string_view layout);
// time.Duration.String: "1h2m3.5s", "1.5ms", "0s".
std::string DurationText(int64_t nanoseconds);
// time.Time.String: "2006-01-02 15:04:05.999999999 -0700 MST".
std::string TimeString(const GoTime& t);
// Parses RFC 3339 ("2006-01-02T15:04:05.999999999Z07:00"), as Go's JSON
// decoding of a time.Time does; a "Z" zone gives UTC, an offset gives an
// unnamed fixed zone.
Result<GoTime> ParseRFC3339(std::string_view s);

const Type* TimeType();      // time.Time
const Type* TimePtrType();   // *time.Time
const Type* DurationType();  // time.Duration (int64 nanoseconds)
Value TimeValue(const GoTime& t);
Value TimePtrValue(const GoTime& t);
// The GoTime inside a time.Time or *time.Time value, or null.
const GoTime* AsTime(const Value& v);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_GO_TIME_H_
