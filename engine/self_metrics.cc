#include "engine/self_metrics.h"

#include <prometheus/text_serializer.h>

#include <map>
#include <memory>
#include <sstream>

#include "datasource/http_client.h"
#include "datasource/remote_write.h"
#include "engine/alert_notifier.h"
#include "engine/rule_manager.h"
#include "notifiers/router.h"
#include "rules/alerting_rule.h"

namespace tocsin::engine {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Families under construction; references stay valid until Flush moves
// them to the output.
class Families {
 public:
  explicit Families(MetricFamilies* out) : out_(out) {}
  ~Families() {
    for (auto& f : families_) out_->push_back(std::move(*f));
  }
  MetricFamily& Add(std::string name, std::string help, MetricType type) {
    families_.push_back(std::make_unique<MetricFamily>(
        MetricFamily{std::move(name), std::move(help), type, {}}));
    return *families_.back();
  }

 private:
  MetricFamilies* out_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

void Add(MetricFamily& f, std::vector<ClientMetric::Label> labels,
         double value) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f.type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
}

}  // namespace

void AddRouterMetrics(notifiers::Router& router, MetricFamilies* out) {
  Families fam(out);
  auto all = router.metrics().All();
  auto& sent = fam.Add("alertmanager_notifications_total",
                      "The total number of attempted notifications.",
                      MetricType::Counter);
  auto& failed = fam.Add("alertmanager_notifications_failed_total",
                        "The total number of failed notifications.",
                        MetricType::Counter);
  for (const auto& [integration, c] : all) {
    Add(sent, {{"integration", integration}},
        static_cast<double>(c->notifications.load()));
    Add(failed, {{"integration", integration}},
        static_cast<double>(c->notifications_failed.load()));
  }
  auto& alerts = fam.Add("alertmanager_alerts", "How many alerts by state.",
                        MetricType::Gauge);
  Add(alerts, {{"state", "active"}},
      static_cast<double>(router.marker().Count(notifiers::AlertState::kActive)));
  Add(alerts, {{"state", "suppressed"}},
      static_cast<double>(
          router.marker().Count(notifiers::AlertState::kSuppressed)));
}

void AddRuleMetrics(const RuleManager& rules, MetricFamilies* out) {
  Families fam(out);
  auto& duration = fam.Add("prometheus_rule_group_last_duration_seconds",
                          "The duration of the last rule group evaluation.",
                          MetricType::Gauge);
  auto& last = fam.Add("prometheus_rule_group_last_evaluation_timestamp_seconds",
                      "The timestamp of the last rule group evaluation in "
                      "seconds.",
                      MetricType::Gauge);
  auto& interval = fam.Add("prometheus_rule_group_interval_seconds",
                          "The interval of a rule group.", MetricType::Gauge);
  auto& count = fam.Add("prometheus_rule_group_rules",
                       "The number of rules.", MetricType::Gauge);
  auto& iterations = fam.Add("prometheus_rule_group_iterations_total",
                            "The total number of scheduled rule group "
                            "evaluations, whether executed or missed.",
                            MetricType::Counter);
  auto& missed = fam.Add("prometheus_rule_group_iterations_missed_total",
                        "The total number of rule group evaluations missed "
                        "due to slow rule group evaluation.",
                        MetricType::Counter);
  auto& evals = fam.Add("prometheus_rule_evaluations_total",
                       "The total number of rule evaluations.",
                       MetricType::Counter);
  auto& failures = fam.Add("prometheus_rule_evaluation_failures_total",
                          "The total number of rule evaluation failures.",
                          MetricType::Counter);
  auto& save_failures = fam.Add("tocsin_rule_group_state_save_failures_total",
                               "The total number of failed writes of a rule "
                               "group's alert state.",
                               MetricType::Counter);
  std::map<std::string, double> by_state = {
      {"pending", 0}, {"firing", 0}, {"inactive", 0}};
  rules.ForEachGroup([&](const GroupRunner& g) {
    const GroupStats& s = g.stats();
    std::vector<ClientMetric::Label> l = {
        {"rule_group", g.file() + ";" + g.name()}};
    Add(duration, l, static_cast<double>(s.last_duration_ns.load()) / 1e9);
    Add(last, l, static_cast<double>(s.last_evaluation_ms.load()) / 1e3);
    Add(iterations, l, static_cast<double>(s.iterations.load()));
    Add(missed, l, static_cast<double>(s.missed.load()));
    Add(evals, l, static_cast<double>(s.evaluations.load()));
    Add(failures, l, static_cast<double>(s.failures.load()));
    Add(save_failures, l, static_cast<double>(s.state_save_failures.load()));
    g.WithGroup([&](const rules::Group& group) {
      Add(interval, l, static_cast<double>(group.interval_ms()) / 1e3);
      Add(count, l, static_cast<double>(group.rules().size()));
      for (const auto& rule : group.rules()) {
        if (!rule->is_alerting()) continue;
        static_cast<const rules::AlertingRule&>(*rule).ForEachAlert(
            [&](const rules::Alert& a) {
              by_state[rules::AlertStateName(a.state)] += 1;
            });
      }
    });
  });
  auto& alerts = fam.Add("tocsin_alerts",
                        "Alerts of the alerting rules by state (resolved "
                        "alerts kept for re-sending are inactive).",
                        MetricType::Gauge);
  for (const auto& [state, n] : by_state) Add(alerts, {{"state", state}}, n);
}

void AddNotifierMetrics(const AlertNotifier& notifier, MetricFamilies* out) {
  Families fam(out);
  auto& sent = fam.Add("prometheus_notifications_sent_total",
                      "Total number of alerts sent.", MetricType::Counter);
  auto& errors = fam.Add("prometheus_notifications_errors_total",
                        "Total number of errors sending alert notifications.",
                        MetricType::Counter);
  for (const auto& s : notifier.stats()) {
    std::vector<ClientMetric::Label> l = {
        {"alertmanager", s->url + "/api/v2/alerts"}};
    Add(sent, l, static_cast<double>(s->sent.load()));
    Add(errors, l, static_cast<double>(s->errors.load()));
  }
  Add(fam.Add("prometheus_notifications_dropped_total",
             "Total number of alerts dropped due to errors when sending to "
             "Alertmanager.",
             MetricType::Counter),
      {}, static_cast<double>(notifier.dropped()));
  Add(fam.Add("prometheus_notifications_queue_length",
             "The number of alert notifications in the queue.",
             MetricType::Gauge),
      {}, static_cast<double>(notifier.queue_length()));
}

void AddDatasourceMetrics(const datasource::HttpClientStats& stats,
                          MetricFamilies* out) {
  Families fam(out);
  using datasource::HttpClientStats;
  auto counter = [&](const char* name, const char* help, uint64_t v) {
    Add(fam.Add(name, help, MetricType::Counter), {},
        static_cast<double>(v));
  };
  counter("tocsin_datasource_requests_total",
          "Requests to the datasource, retries not counted.",
          stats.requests.load());
  counter("tocsin_datasource_retries_total", "Requests retried.",
          stats.retries.load());
  counter("tocsin_datasource_failures_total",
          "Requests that got no answer (connection errors, timeouts).",
          stats.failures.load());
  counter("tocsin_datasource_response_bytes_total",
          "Bytes received from the datasource, headers included.",
          stats.bytes_received.load());
  auto& codes = fam.Add("tocsin_datasource_responses_total",
                       "Answers by status class.", MetricType::Counter);
  Add(codes, {{"code", "2xx"}}, static_cast<double>(stats.responses_2xx.load()));
  Add(codes, {{"code", "4xx"}}, static_cast<double>(stats.responses_4xx.load()));
  Add(codes, {{"code", "5xx"}}, static_cast<double>(stats.responses_5xx.load()));
  auto& latency = fam.Add("tocsin_datasource_request_duration_seconds",
                         "Time from sending a request to its final result, "
                         "retries included.",
                         MetricType::Histogram);
  ClientMetric m;
  uint64_t cumulative = 0;
  for (int i = 0; i < HttpClientStats::kBuckets; ++i) {
    cumulative += stats.latency_buckets[i].load();
    const double bound = i + 1 < HttpClientStats::kBuckets
                             ? HttpClientStats::kLatencyBounds[i]
                             : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back({cumulative, bound});
  }
  m.histogram.sample_count = stats.latency_count.load();
  m.histogram.sample_sum =
      static_cast<double>(stats.latency_micros_sum.load()) / 1e6;
  latency.metric.push_back(std::move(m));
}

void AddRemoteWriteMetrics(
    const std::vector<std::unique_ptr<datasource::RemoteWriter>>& writers,
    MetricFamilies* out) {
  if (writers.empty()) return;
  Families fam(out);
  auto& sent = fam.Add("prometheus_remote_storage_samples_total",
                       "Total number of samples sent to remote storage.",
                       MetricType::Counter);
  auto& failed = fam.Add("prometheus_remote_storage_samples_failed_total",
                         "Total number of samples which failed on send to "
                         "remote storage, non-recoverable errors.",
                         MetricType::Counter);
  auto& retried = fam.Add("prometheus_remote_storage_samples_retried_total",
                          "Total number of samples which failed on send to "
                          "remote storage but were retried because the send "
                          "error was recoverable.",
                          MetricType::Counter);
  auto& dropped = fam.Add("prometheus_remote_storage_samples_dropped_total",
                          "Total number of samples which were dropped.",
                          MetricType::Counter);
  auto& pending = fam.Add("prometheus_remote_storage_samples_pending",
                          "The number of samples pending in the queues.",
                          MetricType::Gauge);
  auto& bytes = fam.Add("prometheus_remote_storage_bytes_total",
                        "The total number of bytes of data sent by queues.",
                        MetricType::Counter);
  auto& highest = fam.Add(
      "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
      "Timestamp from a WAL sample, the highest timestamp successfully sent "
      "by this queue, in seconds since epoch.",
      MetricType::Gauge);
  for (const auto& w : writers) {
    const datasource::RemoteWriteStats st = w->stats();
    std::vector<ClientMetric::Label> l = {{"remote_name", w->config().name},
                                          {"url", w->config().http.url}};
    Add(sent, l, static_cast<double>(st.samples_sent));
    Add(failed, l, static_cast<double>(st.samples_failed));
    Add(retried, l, static_cast<double>(st.samples_retried));
    Add(dropped, l, static_cast<double>(st.samples_dropped));
    Add(pending, l, static_cast<double>(st.samples_pending));
    Add(bytes, l, static_cast<double>(st.bytes_sent));
    Add(highest, l, static_cast<double>(st.highest_sent_timestamp_ms) / 1e3);
  }
}

void AddReloadMetrics(bool success, int64_t success_time_ms,
                      MetricFamilies* out) {
  Families fam(out);
  Add(fam.Add("tocsin_config_last_reload_successful",
             "Whether the last configuration reload attempt was successful.",
             MetricType::Gauge),
      {}, success ? 1 : 0);
  Add(fam.Add("tocsin_config_last_reload_success_timestamp_seconds",
             "Timestamp of the last successful configuration reload.",
             MetricType::Gauge),
      {}, static_cast<double>(success_time_ms) / 1e3);
}

HttpResponse MetricsResponse(const MetricFamilies& families) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = out.str();
  return r;
}

}  // namespace tocsin::engine
