#include "engine/eval_clock.h"

#include <cmath>

namespace tocsin::engine {
namespace {

int64_t RealNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EvalClock EvalClock::Live() { return EvalClock(0, 0, 1); }

EvalClock EvalClock::Replay(int64_t start_ms, double speed) {
  return EvalClock(start_ms * 1000000, RealNowNs(), speed);
}

int64_t EvalClock::NowNs() const {
  const int64_t real = RealNowNs();
  if (live()) return real;
  return origin_ns_ + static_cast<int64_t>(
                          std::llround((real - real_origin_ns_) * speed_));
}

std::chrono::system_clock::time_point EvalClock::RealTimeAt(
    int64_t t_ns) const {
  const int64_t real =
      live() ? t_ns
             : real_origin_ns_ + static_cast<int64_t>(std::llround(
                                     (t_ns - origin_ns_) / speed_));
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(real)));
}

int64_t EvalClock::ToRealMs(int64_t t_ms) const {
  if (live()) return t_ms;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             RealTimeAt(t_ms * 1000000).time_since_epoch())
      .count();
}

int64_t EvalClock::ToRealDurationNs(int64_t ns) const {
  return live() ? ns : static_cast<int64_t>(std::llround(ns / speed_));
}

}  // namespace tocsin::engine
