// Parsing of the query API's time and duration parameters, with the exact
// rules and error texts of Prometheus 2.42's web API.
//
// A time is Unix seconds as a Go float ("1435781451.781", "1e9", "-1.5",
// rounded to milliseconds) or RFC 3339 with optional nanoseconds
// ("2015-07-01T20:10:51.781Z", "2015-07-01T22:10:51+02:00"), or one of the
// two sentinel strings Prometheus clients send for "the beginning/end of
// time". A duration is float seconds ("30", "0.5") or a Prometheus duration
// ("5m", "1h30m"). All functions are pure and thread-safe.

#ifndef TOCSIN_ENGINE_API_PARAMS_H_
#define TOCSIN_ENGINE_API_PARAMS_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

#include "promql/status.h"

namespace tocsin::engine {

// A point in time with nanoseconds, as Go's time.Time carries it (the API
// compares and subtracts times at this precision before the engine gets
// milliseconds).
struct ApiTime {
  int64_t sec = 0;
  int64_t nsec = 0;  // always in [0, 1e9)

  // Milliseconds since the epoch, truncating as timestamp.FromTime does.
  int64_t ToMillis() const;
  // time.Unix(sec, nsec): normalizes nsec into [0, 1e9).
  static ApiTime FromUnix(int64_t sec, int64_t nsec);
  static ApiTime Now();
  friend auto operator<=>(const ApiTime&, const ApiTime&) = default;
};

// Prometheus's "minTime" and "maxTime" sentinels and their spellings.
ApiTime ApiMinTime();
ApiTime ApiMaxTime();
inline constexpr std::string_view kApiMinTimeText =
    "-292273086-05-16T16:47:06Z";
inline constexpr std::string_view kApiMaxTimeText =
    "292277025-08-18T07:12:54.999999999Z";

// parseTime: fails with `cannot parse "x" to a valid timestamp`.
Result<ApiTime> ParseApiTime(std::string_view s);

// parseDuration, in nanoseconds: fails with `cannot parse "x" to a valid
// duration` or `cannot parse "x" to a valid duration. It overflows int64`.
Result<int64_t> ParseApiDuration(std::string_view s);

// end.Sub(start) in nanoseconds, saturating as Go's Time.Sub does.
int64_t SubTimes(const ApiTime& end, const ApiTime& start);

// RFC 3339 with optional fraction, as time.Parse(time.RFC3339Nano, s).
std::optional<ApiTime> ParseRfc3339(std::string_view s);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_API_PARAMS_H_
