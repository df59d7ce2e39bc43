// The router: everything `tocsin router` runs, wired as Alertmanager wires
// it. The alert store feeds the inhibitor and the dispatcher; the
// dispatcher's groups flush through the pipeline (inhibition, time
// intervals, silences, dedup against the notification log, delivery with
// retries); silences and the notification log persist under the storage
// path. Maintenance runs on the scheduler: resolved alerts are dropped
// every alerts_gc_interval, and every maintenance_interval silences and
// log entries past their retention are dropped and snapshots written.
//
// ApplyConfig swaps in a new route tree, inhibition rules, receivers and
// dispatcher, keeping alerts, silences and the notification log; groups
// are rebuilt from the stored alerts, as on an Alertmanager reload.
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_ROUTER_H_
#define TOCSIN_NOTIFIERS_ROUTER_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "notifiers/alert_store.h"
#include "notifiers/config.h"
#include "notifiers/dispatcher.h"
#include "notifiers/inhibitor.h"
#include "notifiers/marker.h"
#include "notifiers/nflog.h"
#include "notifiers/notifier.h"
#include "notifiers/pipeline.h"
#include "notifiers/scheduler.h"
#include "notifiers/silences.h"

namespace tocsin::notifiers {

struct RouterOptions {
  std::string storage_path;                  // empty: nothing is persisted
  Duration retention = Seconds(120 * 3600);  // --data.retention
  Duration alerts_gc_interval = Seconds(30 * 60);
  Duration maintenance_interval = Seconds(15 * 60);
  RetryPolicy retry;
  DispatcherOptions dispatcher;
};

class Router {
 public:
  Router(Scheduler* scheduler, NotifierFactory factory,
         RouterOptions options = {});
  ~Router();

  // Loads silences and the notification log and starts maintenance.
  Status Open();
  // Starts using `config`. On error (a receiver that cannot be built) the
  // previous configuration stays in effect.
  Status ApplyConfig(Config config);
  // Stops the dispatcher and maintenance; writes snapshots.
  void Stop();

  // POST /api/v2/alerts: prepares and validates every alert, stores the
  // valid ones, and returns the validation errors joined by "; ".
  Status PostAlerts(std::vector<Alert> alerts);
  // Re-evaluates inhibition and silences of one alert for the marker, as
  // the API does before listing alerts.
  void UpdateStatus(const promql::Labels& labels);

  AlertStore& alerts() { return alerts_; }
  Marker& marker() { return marker_; }
  Silences& silences() { return silences_; }
  NotificationLog& nflog() { return nflog_; }
  PipelineMetrics& metrics() { return metrics_; }
  std::shared_ptr<Dispatcher> dispatcher() const;
  std::shared_ptr<const Config> config() const;
  Scheduler& scheduler() { return *scheduler_; }

 private:
  void Maintenance();
  void GcAlerts();

  Scheduler* scheduler_;
  NotifierFactory factory_;
  RouterOptions options_;

  Marker marker_;
  AlertStore alerts_;
  Silences silences_;
  Silencer silencer_;
  NotificationLog nflog_;
  PipelineMetrics metrics_;

  mutable std::mutex mu_;
  std::shared_ptr<const Config> config_;
  std::shared_ptr<Inhibitor> inhibitor_;
  std::shared_ptr<Dispatcher> dispatcher_;
  int inhibitor_sub_ = 0;
  int dispatcher_sub_ = 0;
  Scheduler::TaskId maintenance_timer_ = 0;
  Scheduler::TaskId gc_timer_ = 0;
  bool stopped_ = false;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ROUTER_H_
