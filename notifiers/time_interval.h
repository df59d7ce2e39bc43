// Alertmanager's time intervals (package timeinterval): times of day,
// weekdays, days of the month (negative days count from the month's end),
// months, years and a location, and ContainsTime exactly as Alertmanager
// 0.25 evaluates it (including its day count of a month, which truncates
// the month's length in hours, so a month with a daylight-saving change
// forward counts one day less).
//
// The YAML forms ("09:00", "monday:friday", "-3:-1", "january:march",
// "2021:2022", "Europe/Berlin") are decoded by DecodeTimeInterval with
// Alertmanager's messages. Values are immutable and thread-safe.

#ifndef TOCSIN_NOTIFIERS_TIME_INTERVAL_H_
#define TOCSIN_NOTIFIERS_TIME_INTERVAL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "notifiers/timezone.h"
#include "notifiers/yaml_decoder.h"

namespace tocsin::notifiers {

struct InclusiveRange {
  int begin = 0;
  int end = 0;
};

struct TimeRange {
  int start_minute = 0;  // minutes after midnight, [0, 1440)
  int end_minute = 0;    // exclusive, up to 1440
};

struct TimeInterval {
  // An empty optional means "no restriction"; Alertmanager distinguishes a
  // missing list from an empty one (an empty list matches nothing).
  std::optional<std::vector<TimeRange>> times;
  std::optional<std::vector<InclusiveRange>> weekdays;       // 0 = Sunday
  std::optional<std::vector<InclusiveRange>> days_of_month;  // may be < 0
  std::optional<std::vector<InclusiveRange>> months;         // 1-12
  std::optional<std::vector<InclusiveRange>> years;
  std::shared_ptr<const TimeZone> location;  // null: UTC

  // Whether the instant `unix_seconds` lies in this interval.
  bool ContainsTime(int64_t unix_seconds) const;
};

// Decodes one element of a `time_intervals:` list into *out.
void DecodeTimeInterval(YamlDecoder& d, const YAML::Node& node,
                        TimeInterval* out);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_TIME_INTERVAL_H_
