// EvalClock: the clock rule groups are scheduled and evaluated by.
//
// Live, it is the system clock. Replaying a recording, it starts at a
// chosen instant of recorded time and runs `speed` times faster than real
// time, so that a day of recorded series plays in minutes; alerts leave the
// rules on this clock and are mapped back to real time (ToRealMs) before
// they reach Alertmanager-style receivers, whose timers run in real time.
//
// A plain value; thread-safe to share read-only.

#ifndef TOCSIN_ENGINE_EVAL_CLOCK_H_
#define TOCSIN_ENGINE_EVAL_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace tocsin::engine {

class EvalClock {
 public:
  // The system clock.
  static EvalClock Live();
  // Recorded time from `start_ms`, starting now, `speed` times real time.
  static EvalClock Replay(int64_t start_ms, double speed);

  // The current instant on this clock, in nanoseconds since the epoch.
  int64_t NowNs() const;
  // The real instant at which this clock shows `t_ns`.
  std::chrono::system_clock::time_point RealTimeAt(int64_t t_ns) const;
  // `t_ms` of this clock as real Unix milliseconds.
  int64_t ToRealMs(int64_t t_ms) const;
  // A duration on this clock as real nanoseconds.
  int64_t ToRealDurationNs(int64_t ns) const;

  bool live() const { return speed_ == 1 && origin_ns_ == real_origin_ns_; }
  double speed() const { return speed_; }

 private:
  EvalClock(int64_t origin_ns, int64_t real_origin_ns, double speed)
      : origin_ns_(origin_ns), real_origin_ns_(real_origin_ns), speed_(speed) {}

  int64_t origin_ns_;       // this clock's reading at real_origin_ns_
  int64_t real_origin_ns_;  // real Unix nanoseconds
  double speed_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_EVAL_CLOCK_H_
