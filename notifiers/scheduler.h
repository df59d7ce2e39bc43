// Timers and background work for the router. The dispatcher, the retry
// loop and the maintenance jobs never sleep: they schedule callbacks at
// instants (At) and hand blocking work (deliveries) to Run.
//
// RealScheduler runs timer callbacks on one timer thread, in time order,
// and Run() work on a pool of worker threads, so a slow receiver never
// holds a timer or another receiver up; these threads run without
// jemalloc's per-thread cache when tocsin runs on jemalloc (they allocate
// little). FakeScheduler runs everything on the caller's thread: Run()
// executes at once and timers fire when the test advances time, in time
// order, each with the fake clock set to its instant. Both are thread-safe; callbacks must not block (timer
// callbacks) and may schedule more work.

#ifndef TOCSIN_NOTIFIERS_SCHEDULER_H_
#define TOCSIN_NOTIFIERS_SCHEDULER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "notifiers/clock.h"

namespace tocsin::notifiers {

class Scheduler {
 public:
  using TaskId = uint64_t;
  virtual ~Scheduler() = default;

  virtual const Clock& clock() const = 0;
  Time Now() const { return clock().Now(); }
  // Calls `fn` at `when` (at once if it is past). Never returns 0.
  virtual TaskId At(Time when, std::function<void()> fn) = 0;
  // Cancels a timer; true if it had not started.
  virtual bool Cancel(TaskId id) = 0;
  // Runs blocking work `fn` as soon as a worker is free.
  virtual void Run(std::function<void()> fn) = 0;
};

class RealScheduler : public Scheduler {
 public:
  explicit RealScheduler(int workers = 8);
  ~RealScheduler() override;  // Shutdown()

  // Stops the timer thread and the workers and waits for the tasks that are
  // running to return; pending timers and work are dropped. Idempotent.
  // Owners call it before destroying what running tasks use.
  void Shutdown();

  const Clock& clock() const override { return SystemClock(); }
  TaskId At(Time when, std::function<void()> fn) override;
  bool Cancel(TaskId id) override;
  void Run(std::function<void()> fn) override;

 private:
  void TimerLoop();
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable timer_cv_;
  std::condition_variable work_cv_;
  // (when, id) -> callback
  std::map<std::pair<Time, TaskId>, std::function<void()>> timers_;
  std::map<TaskId, Time> timer_index_;
  std::deque<std::function<void()>> work_;
  TaskId next_id_ = 1;
  bool stopping_ = false;
  std::thread timer_thread_;
  std::vector<std::thread> workers_;
};

class FakeScheduler : public Scheduler {
 public:
  explicit FakeScheduler(Time start) : clock_(start) {}

  const Clock& clock() const override { return clock_; }
  FakeClock& fake_clock() { return clock_; }
  TaskId At(Time when, std::function<void()> fn) override;
  bool Cancel(TaskId id) override;
  // Runs `fn` at once on the calling thread.
  void Run(std::function<void()> fn) override { fn(); }

  // Fires, in time order, every timer due at or before `t` (including
  // timers scheduled by the callbacks), then sets the clock to `t`.
  void AdvanceTo(Time t);
  void Advance(Duration d) { AdvanceTo(clock_.Now() + d); }
  // Fires the timers already due at the current instant.
  void RunDue() { AdvanceTo(clock_.Now()); }
  size_t pending() const;

 private:
  mutable std::mutex mu_;
  FakeClock clock_;
  std::map<std::pair<Time, TaskId>, std::function<void()>> timers_;
  std::map<TaskId, Time> timer_index_;
  TaskId next_id_ = 1;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SCHEDULER_H_
