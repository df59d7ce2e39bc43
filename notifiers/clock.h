// Time for the router: instants with nanosecond precision (Go's time.Time
// as Alertmanager uses it), a zero instant meaning "unset", and the Clock
// abstraction through which every component reads the current time so that
// tests can drive time deterministically.
//
// Clocks are thread-safe.

#ifndef TOCSIN_NOTIFIERS_CLOCK_H_
#define TOCSIN_NOTIFIERS_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace tocsin::notifiers {

using Duration = std::chrono::nanoseconds;
using Time = std::chrono::time_point<std::chrono::system_clock, Duration>;

// The unset instant. Alertmanager's zero time.Time (year 1) is rendered
// from it where a time is written out.
inline constexpr Time kZeroTime{};
inline bool IsZero(Time t) { return t == kZeroTime; }

inline Time FromUnixNanos(int64_t ns) { return Time(Duration(ns)); }
inline Time FromUnixMillis(int64_t ms) {
  return Time(std::chrono::milliseconds(ms));
}
inline Time FromUnixSeconds(int64_t s) { return Time(std::chrono::seconds(s)); }
inline int64_t UnixNanos(Time t) { return t.time_since_epoch().count(); }
inline int64_t UnixMillis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}
inline int64_t UnixSeconds(Time t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline Duration Millis(int64_t ms) { return std::chrono::milliseconds(ms); }
inline Duration Seconds(int64_t s) { return std::chrono::seconds(s); }

// RFC 3339 with nanoseconds as Go marshals time.Time to JSON
// ("2024-01-02T03:04:05.123456789Z", trailing zeros dropped); the zero
// instant is "0001-01-01T00:00:00Z".
std::string FormatRfc3339(Time t);
// Parses RFC 3339 ("Z" or a numeric offset, optional fraction).
bool ParseRfc3339(std::string_view s, Time* out);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
};

// The system's real-time clock.
Clock& SystemClock();

// A clock that only moves when told to. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Time start) : now_(UnixNanos(start)) {}
  Time Now() const override { return FromUnixNanos(now_.load()); }
  void Set(Time t) { now_.store(UnixNanos(t)); }
  void Advance(Duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_CLOCK_H_
