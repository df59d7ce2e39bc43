// The notification pipeline run on every flush of an aggregation group, in
// Alertmanager's stage order: inhibition, active time intervals, mute time
// intervals, silences; then, for each integration of the receiver in
// parallel, dedup against the notification log, delivery with retries and
// exponential backoff until the flush's deadline, and the notification log
// entry. A failing or slow integration never holds up the others; the flush
// succeeds when every integration succeeded (or had nothing new to send).
//
// Dedup (notify.DedupStage): a flush is sent when no entry exists and
// something fires; when an alert fires that did not at the last delivery;
// when nothing fires any more but something did; when the integration
// sends resolved alerts and an alert resolved since; and otherwise once
// repeat_interval has passed. An integration without send_resolved gets
// the firing alerts only, and nothing (but a log entry) when none fires.
//
// Thread-safe: Exec may run concurrently for different groups.

#ifndef TOCSIN_NOTIFIERS_PIPELINE_H_
#define TOCSIN_NOTIFIERS_PIPELINE_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "notifiers/inhibitor.h"
#include "notifiers/nflog.h"
#include "notifiers/notifier.h"
#include "notifiers/scheduler.h"
#include "notifiers/silences.h"
#include "notifiers/time_interval.h"

namespace tocsin::notifiers {

// cenkalti/backoff's ExponentialBackOff as Alertmanager configures it.
struct RetryPolicy {
  Duration initial = Millis(500);
  double multiplier = 1.5;
  double randomization = 0.5;
  Duration max_interval = Seconds(60);
  // Uniform in [0, 1); defaults to a shared random engine.
  std::function<double()> random;
};

struct FlushRequest {
  std::string receiver;
  std::string group_key;
  promql::Labels group_labels;
  Time now;       // the flush's instant
  Time deadline;  // deliveries give up by then
  Duration repeat_interval;
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
};

// Counters per integration kind, as Alertmanager exports them.
struct IntegrationCounters {
  std::atomic<uint64_t> notifications{0};
  std::atomic<uint64_t> notifications_failed{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> requests_failed{0};
};

class PipelineMetrics {
 public:
  IntegrationCounters& For(const std::string& integration);
  std::vector<std::pair<std::string, const IntegrationCounters*>> All() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<IntegrationCounters>> counters_;
};

class Pipeline : public std::enable_shared_from_this<Pipeline> {
 public:
  using TimeIntervals = std::map<std::string, std::vector<TimeInterval>>;

  // The raw pointers must outlive the pipeline and every flush it runs;
  // the inhibitor (of this configuration) is shared. Any may be null.
  Pipeline(std::shared_ptr<Inhibitor> inhibitor, Silencer* silencer,
           TimeIntervals intervals, NotificationLog* nflog,
           ReceiverIntegrations receivers, Scheduler* scheduler,
           RetryPolicy retry, PipelineMetrics* metrics);

  // Runs one flush of `alerts`; `done(success)` is called exactly once,
  // possibly on another thread and after Exec returned.
  void Exec(const FlushRequest& request, std::vector<AlertPtr> alerts,
            std::function<void(bool)> done);

 private:
  struct Fanout;
  struct Delivery;
  // Inhibition, time intervals and silences.
  std::vector<AlertPtr> Filter(const FlushRequest& request,
                               std::vector<AlertPtr> alerts);
  bool InIntervals(Time now, const std::vector<std::string>& names) const;
  void Attempt(std::shared_ptr<Delivery> d);
  void Finish(std::shared_ptr<Delivery> d, bool ok);

  std::shared_ptr<Inhibitor> inhibitor_;
  Silencer* silencer_;
  TimeIntervals intervals_;
  NotificationLog* nflog_;
  ReceiverIntegrations receivers_;
  Scheduler* scheduler_;
  RetryPolicy retry_;
  PipelineMetrics* metrics_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_PIPELINE_H_
