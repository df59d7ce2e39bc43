// tocsin's own metrics on /metrics, in the Prometheus text format written
// by prometheus-cpp. The values live where the work happens (atomic
// counters of groups, the notifier, HTTP clients and the router); these
// functions read them at scrape time into metric families.
//
// Names follow Prometheus and Alertmanager where they measure the same
// thing, so that existing dashboards and alerts on a ruler or an
// Alertmanager work unchanged: prometheus_rule_group_* and
// prometheus_rule_evaluation*_total per rule_group ("file;name"),
// prometheus_notifications_* per alertmanager, alertmanager_notifications*
// per integration, alertmanager_alerts by state. tocsin's own are
// tocsin_alerts (by state, from the rules), tocsin_datasource_* and
// tocsin_config_last_reload_*.
//
// Thread-safe: the sources are read through atomics and locks.

#ifndef TOCSIN_ENGINE_SELF_METRICS_H_
#define TOCSIN_ENGINE_SELF_METRICS_H_

#include <prometheus/metric_family.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/http_request.h"

namespace tocsin::notifiers {
class Router;
}
namespace tocsin::datasource {
struct HttpClientStats;
class RemoteWriter;
}

namespace tocsin::engine {

class RuleManager;
class AlertNotifier;

using MetricFamilies = std::vector<prometheus::MetricFamily>;

void AddRouterMetrics(notifiers::Router& router, MetricFamilies* out);
void AddRuleMetrics(const RuleManager& rules, MetricFamilies* out);
void AddNotifierMetrics(const AlertNotifier& notifier, MetricFamilies* out);
void AddDatasourceMetrics(const datasource::HttpClientStats& stats,
                          MetricFamilies* out);
// Prometheus's prometheus_remote_storage_* per remote_name and url.
void AddRemoteWriteMetrics(
    const std::vector<std::unique_ptr<datasource::RemoteWriter>>& writers,
    MetricFamilies* out);
// Whether the last reload succeeded and when the last successful one was.
void AddReloadMetrics(bool success, int64_t success_time_ms,
                      MetricFamilies* out);

// The text exposition of `families`, as a 200 response.
HttpResponse MetricsResponse(const MetricFamilies& families);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_SELF_METRICS_H_
