// GroupRunner: one rule group of the daemon, evaluated on its own thread at
// Prometheus's slot times.
//
// The first evaluation happens at the group's first slot after Start (slot =
// k * interval + hash(file, name) mod interval, on the EvalClock), then one
// per interval, evaluated at the slot time; an evaluation never overlaps
// the previous one: slots that passed while an evaluation ran too long are
// skipped and counted as missed, as Prometheus does. Each evaluation
// fetches the group's data at once (RuleDataSource), evaluates every rule
// in order, hands the alerts to send to the NotifyFunc, and then saves the
// group's alert state (AlertStateStore).
//
// Thread-safety: Start/Stop/TakeStateFrom/Restore come from the manager;
// WithGroup may be called from any thread (API handlers) and runs under
// the lock evaluations hold.

#ifndef TOCSIN_ENGINE_GROUP_RUNNER_H_
#define TOCSIN_ENGINE_GROUP_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/alert_state_store.h"
#include "engine/eval_clock.h"
#include "engine/rule_data_source.h"
#include "rules/group.h"
#include "rules/loader.h"
#include "rules/rule_file.h"

namespace tocsin::engine {

// What all runners of a daemon share; must outlive them.
struct GroupRunnerShared {
  EvalClock clock = EvalClock::Live();
  const RuleDataShared* data = nullptr;
  AlertStateStore* state_store = nullptr;  // may be null
  rules::NotifyFunc notify;                // may be empty
  promql::Engine* engine = nullptr;
  rules::SampleAppender* appender = nullptr;
  int64_t query_offset_ms = 0;
  std::string external_url;
  // Called after each evaluation, outside the group's lock.
  std::function<void()> on_evaluated;
};

// Counters of one group, for /metrics.
struct GroupStats {
  std::atomic<uint64_t> iterations{0};  // scheduled, missed ones included
  std::atomic<uint64_t> missed{0};
  std::atomic<uint64_t> evaluations{0};  // rule evaluations
  std::atomic<uint64_t> failures{0};     // failed rule evaluations
  std::atomic<uint64_t> state_save_failures{0};
  std::atomic<int64_t> last_duration_ns{0};
  std::atomic<int64_t> last_evaluation_ms{0};  // the slot time
  std::atomic<bool> evaluated{false};
};

class GroupRunner {
 public:
  // Builds the group of `spec` from the rule file `file`. `fingerprint`
  // identifies the group's definition (equal fingerprints: unchanged).
  GroupRunner(const rules::GroupSpec& spec, const std::string& file,
              int64_t default_interval_ms, const rules::LoadOptions& load,
              const GroupRunnerShared* shared);
  ~GroupRunner();

  const std::string& file() const { return group_->file(); }
  const std::string& name() const { return group_->name(); }
  const std::string& fingerprint() const { return fingerprint_; }
  const GroupStats& stats() const { return stats_; }

  // Takes the alert states of `old` (the group it replaces on reload),
  // which must be stopped.
  void TakeStateFrom(GroupRunner& old);
  // Restores the state saved for this group unless it is older than
  // `outage_tolerance_ms`; returns the number of alerts restored.
  size_t Restore(int64_t outage_tolerance_ms);

  void Start();
  // Stops the thread; an evaluation in progress finishes first.
  void Stop();

  // Evaluates the group once at `ts_ms`, as the thread does (for tests
  // and for callers that drive time themselves).
  void EvaluateAt(int64_t ts_ms);

  // Runs f(const rules::Group&) under the group's lock.
  template <typename F>
  auto WithGroup(F&& f) const {
    std::lock_guard<std::mutex> lock(eval_mu_);
    return f(static_cast<const rules::Group&>(*group_));
  }

 private:
  void Run();

  const GroupRunnerShared* shared_;
  std::string fingerprint_;
  rules::GroupOptions options_;
  std::unique_ptr<RuleDataSource> data_;
  std::unique_ptr<rules::Group> group_;
  std::vector<const promql::Expr*> exprs_;
  GroupStats stats_;

  mutable std::mutex eval_mu_;  // held while evaluating
  std::mutex run_mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// A text that is equal for two groups exactly when their definitions
// (interval, limit, rules) are.
std::string GroupFingerprint(const rules::GroupSpec& spec,
                             int64_t interval_ms);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_GROUP_RUNNER_H_
