// Time zones for time intervals: Go's time.LoadLocation over the system's
// zoneinfo files (TZif v1-v3, with the POSIX TZ rule in the footer for
// times after the last transition), and civil-time arithmetic (calendar
// fields of an instant in a zone, the instant of a civil time) as Go's time
// package does it.
//
// A TimeZone is immutable after loading and safe to share between threads.

#ifndef TOCSIN_NOTIFIERS_TIMEZONE_H_
#define TOCSIN_NOTIFIERS_TIMEZONE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

class TimeZone {
 public:
  // "" and "UTC" give UTC; "Local" the process's zone (TZ, then
  // /etc/localtime); other names are looked up under ZONEINFO or
  // /usr/share/zoneinfo. Errors read as Go's ("unknown time zone X",
  // "time: invalid location name").
  static Result<std::shared_ptr<const TimeZone>> Load(std::string_view name);
  static std::shared_ptr<const TimeZone> Utc();
  // Parses TZif data (exposed for tests).
  static Result<std::shared_ptr<const TimeZone>> FromTzif(
      std::string name, std::string_view data);

  const std::string& name() const { return name_; }
  // Seconds east of UTC at Unix time `t`.
  int OffsetAt(int64_t t) const;

 private:
  struct Type {
    int offset;
    bool dst;
  };
  // A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3").
  struct RuleDate {
    char kind = 0;  // 'M' (month.week.day), 'J' (1-365, no Feb 29), 'D' (0-365)
    int month = 0, week = 0, day = 0;
    int time = 7200;  // seconds after local midnight
  };
  struct Rule {
    bool valid = false;
    int std_offset = 0;
    int dst_offset = 0;
    bool has_dst = false;
    RuleDate start, end;
  };
  static bool ParseRule(std::string_view s, Rule* rule);
  int RuleOffsetAt(int64_t t) const;

  std::string name_;
  std::vector<int64_t> transitions_;
  std::vector<uint8_t> transition_types_;
  std::vector<Type> types_;
  Rule rule_;
};

// Calendar fields of an instant in a zone, as Go's Time methods give them.
struct CivilTime {
  int year;
  int month;    // 1-12
  int day;      // 1-31
  int hour;     // 0-23
  int minute;   // 0-59
  int second;   // 0-59
  int weekday;  // 0 = Sunday
};
CivilTime ToCivil(int64_t unix_seconds, const TimeZone& zone);
// Go's time.Date(year, month, day, 0, 0, 0, 0, zone).Unix(); month and day
// may be out of range and are normalized.
int64_t CivilToUnix(int year, int month, int day, const TimeZone& zone);
// Days since 1970-01-01 of a proleptic Gregorian date (any month/day
// normalization left to the caller).
int64_t DaysFromCivil(int64_t y, int m, int d);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_TIMEZONE_H_
