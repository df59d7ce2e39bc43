// Daemon: everything `tocsin run` runs, wired together.
//
//   rule files -> RuleManager (GroupRunner per group, at its slot times)
//        reads: datasource (query API or replayed recording) + rule outputs
//        writes: RuleOutputStore (recorded series, ALERTS)
//        alerts: AlertNotifier -> external Alertmanagers, built-in router
//   HTTP: /api/v1/rules, /api/v1/alerts, /api/v1/query[_range], series and
//         label metadata, the router's Alertmanager API v2, /-/healthy,
//         /-/ready, /-/reload, /metrics
//
// Start loads tocsin.yml, the rule files and the Alertmanager config and
// fails (nothing left running) if any is invalid. Reload re-reads them:
// rule files, the Alertmanager config, the evaluation interval, external
// labels and query offset take effect; an invalid configuration or rule
// file leaves the running one in place and is returned (and shown by
// /metrics). Changes to the datasource or the external Alertmanagers need
// a restart (Reload says so in the log). Stop ends the rule groups (an
// evaluation in progress finishes and saves its state), delivers queued
// alerts within a bound, and stops the router and the HTTP server.
//
// Thread-safety: Reload and Stop may be called from any thread; they are
// serialized internally.

#ifndef TOCSIN_ENGINE_DAEMON_H_
#define TOCSIN_ENGINE_DAEMON_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "promql/engine.h"
#include "promql/status.h"

namespace tocsin::engine {

struct DaemonOptions {
  std::string config_file = "tocsin.yml";
  std::string listen_address = "0.0.0.0:9099";
  std::string storage_path = "data/";  // empty: nothing persisted
  std::string external_url;            // empty: http://<hostname>:<port>
  promql::EngineOptions engine;
  int64_t outage_tolerance_ms = 60 * 60 * 1000;
  // How long Stop waits for queued alerts to be delivered.
  std::chrono::milliseconds shutdown_timeout{5000};
  int http_threads = 4;
};

class Daemon {
 public:
  static Result<std::unique_ptr<Daemon>> Start(DaemonOptions options);
  ~Daemon();

  Status Reload();
  void Stop();

  // The address and port the HTTP server listens on.
  std::string address() const;
  uint16_t port() const;

  struct Impl;

 private:
  explicit Daemon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_DAEMON_H_
