#include "notifiers/scheduler.h"

// jemalloc's control interface, when tocsin runs on jemalloc.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp,
                       void* newp, size_t newlen) __attribute__((weak));

namespace tocsin::notifiers {
namespace {

// The scheduler's threads allocate little and seldom: without jemalloc's
// per-thread cache the router's nine of them kept 0.8 MiB less resident
// (10k alerts, bench/compare_alertmanager.py).
void DisableThreadCache() {
  if (mallctl == nullptr) return;
  bool enabled = false;
  mallctl("thread.tcache.enabled", nullptr, nullptr, &enabled, sizeof(enabled));
}

}  // namespace

RealScheduler::RealScheduler(int workers) {
  timer_thread_ = std::thread([this] {
    DisableThreadCache();
    TimerLoop();
  });
  for (int i = 0; i < workers; ++i) {
    workers_.emplace_back([this] {
      DisableThreadCache();
      WorkerLoop();
    });
  }
}

RealScheduler::~RealScheduler() { Shutdown(); }

void RealScheduler::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  work_cv_.notify_all();
  if (timer_thread_.joinable()) timer_thread_.join();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
}

Scheduler::TaskId RealScheduler::At(Time when, std::function<void()> fn) {
  TaskId id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_id_++;
    timers_.emplace(std::make_pair(when, id), std::move(fn));
    timer_index_.emplace(id, when);
  }
  timer_cv_.notify_one();
  return id;
}

bool RealScheduler::Cancel(TaskId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return false;
  timers_.erase({it->second, id});
  timer_index_.erase(it);
  return true;
}

void RealScheduler::Run(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    work_.push_back(std::move(fn));
  }
  work_cv_.notify_one();
}

void RealScheduler::TimerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      timer_cv_.wait(lock);
      continue;
    }
    auto first = timers_.begin();
    Time when = first->first.first;
    if (SystemClock().Now() < when) {
      timer_cv_.wait_until(
          lock,
          std::chrono::system_clock::time_point(
              std::chrono::duration_cast<std::chrono::system_clock::duration>(
                  when.time_since_epoch())));
      continue;
    }
    std::function<void()> fn = std::move(first->second);
    timer_index_.erase(first->first.second);
    timers_.erase(first);
    lock.unlock();
    fn();
    lock.lock();
  }
}

void RealScheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stopping_ || !work_.empty(); });
    if (stopping_) return;
    std::function<void()> fn = std::move(work_.front());
    work_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
}

Scheduler::TaskId FakeScheduler::At(Time when, std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  TaskId id = next_id_++;
  timers_.emplace(std::make_pair(when, id), std::move(fn));
  timer_index_.emplace(id, when);
  return id;
}

bool FakeScheduler::Cancel(TaskId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return false;
  timers_.erase({it->second, id});
  timer_index_.erase(it);
  return true;
}

void FakeScheduler::AdvanceTo(Time t) {
  while (true) {
    std::function<void()> fn;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (timers_.empty() || timers_.begin()->first.first > t) break;
      auto first = timers_.begin();
      if (first->first.first > clock_.Now()) clock_.Set(first->first.first);
      fn = std::move(first->second);
      timer_index_.erase(first->first.second);
      timers_.erase(first);
    }
    fn();
  }
  if (t > clock_.Now()) clock_.Set(t);
}

size_t FakeScheduler::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.size();
}

}  // namespace tocsin::notifiers
