// AlertNotifier: delivers the alerts rule groups hand out, as Prometheus
// 2.42's notifier does, to external Alertmanagers and to tocsin's built-in
// router.
//
// Send converts each rules::Alert the way Prometheus's SendAlerts does
// (StartsAt = FiredAt, EndsAt = ResolvedAt for resolved alerts, else
// ValidUntil, GeneratorURL = external URL + the table link of the rule's
// expression), adds the external labels an alert does not carry already,
// and queues the alerts; when the queue would exceed its capacity the
// oldest alerts are dropped (counted). A sender thread takes batches of up
// to 64 alerts and posts each batch to every Alertmanager at once (POST
// /api/v2/alerts with Prometheus's JSON body) and hands it to the built-in
// router. A failed post is counted and logged, not retried: the rules
// re-send unresolved alerts every resend delay, as with Prometheus.
//
// While replaying a recording, alert times are on the replay clock; they
// are mapped to real time before they leave, since receivers' timers run
// in real time.
//
// Thread-safety: Send may be called from any thread.

#ifndef TOCSIN_ENGINE_ALERT_NOTIFIER_H_
#define TOCSIN_ENGINE_ALERT_NOTIFIER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "datasource/config.h"
#include "datasource/http_client.h"
#include "engine/eval_clock.h"
#include "notifiers/alert.h"
#include "promql/labels.h"
#include "rules/alert.h"

namespace tocsin::notifiers {
class Router;
}

namespace tocsin::engine {

// One alert as it leaves tocsin (Prometheus's notifier.Alert); times in
// real Unix milliseconds.
struct OutgoingAlert {
  promql::Labels labels;
  rules::Annotations annotations;
  int64_t starts_at_ms = 0;
  int64_t ends_at_ms = 0;
  std::string generator_url;
};

// Prometheus's JSON body for POST /api/v2/alerts (models.PostableAlerts).
std::string EncodePostableAlerts(const std::vector<OutgoingAlert>& alerts);
// The router's form of an outgoing alert; its generator URL shares
// `previous_url`'s characters when equal (the alerts of a rule come
// together).
notifiers::Alert ToRouterAlert(
    const OutgoingAlert& alert,
    const notifiers::SharedString& previous_url = {});

struct AlertNotifierOptions {
  std::string external_url;  // without a trailing slash
  promql::Labels external_labels;
  EvalClock clock = EvalClock::Live();
  size_t queue_capacity = 10000;
  std::vector<datasource::DatasourceConfig> alertmanagers;
  notifiers::Router* router = nullptr;  // the built-in router, if any
};

// Per-Alertmanager counters, for /metrics.
struct AlertmanagerStats {
  std::string url;
  std::atomic<uint64_t> sent{0};    // alerts in successful posts
  std::atomic<uint64_t> errors{0};  // alerts in failed posts
};

class AlertNotifier {
 public:
  static Result<std::unique_ptr<AlertNotifier>> Make(
      AlertNotifierOptions options);
  ~AlertNotifier();

  // Queues the alerts one evaluation of an alerting rule with expression
  // `expr` needs to send.
  void Send(const std::string& expr, const std::vector<rules::Alert>& alerts);

  // Delivers what is queued, waiting at most `timeout`, and stops the
  // sender. Later Sends are dropped.
  void Stop(std::chrono::milliseconds timeout);

  uint64_t dropped() const { return dropped_.load(); }
  size_t queue_length() const;
  const std::vector<std::unique_ptr<AlertmanagerStats>>& stats() const {
    return stats_;
  }

 private:
  explicit AlertNotifier(AlertNotifierOptions options);
  void Run();
  void Deliver(const std::vector<OutgoingAlert>& batch);

  AlertNotifierOptions options_;
  std::vector<std::unique_ptr<datasource::HttpClient>> clients_;
  std::vector<std::unique_ptr<AlertmanagerStats>> stats_;
  mutable std::mutex mu_;
  std::condition_variable more_;
  std::condition_variable drained_;
  std::deque<OutgoingAlert> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  std::atomic<uint64_t> dropped_{0};
  std::thread sender_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_ALERT_NOTIFIER_H_
