#include "engine/alert_notifier.h"

#include <algorithm>

#include "engine/am_api_json.h"
#include "engine/logging.h"
#include "notifiers/notification_data.h"
#include "notifiers/router.h"
#include "template/prometheus.h"

namespace tocsin::engine {
namespace {

constexpr size_t kMaxBatchSize = 64;  // as Prometheus's notifier

}  // namespace

std::string EncodePostableAlerts(const std::vector<OutgoingAlert>& alerts) {
  std::string out = "[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    const OutgoingAlert& a = alerts[i];
    if (i > 0) out += ',';
    // Field order of Go's models.PostableAlert marshalling: its own fields,
    // then the embedded Alert's.
    out += '{';
    if (!a.annotations.empty()) {
      out += "\"annotations\":{";
      for (size_t k = 0; k < a.annotations.size(); ++k) {
        if (k > 0) out += ',';
        notifiers::AppendGoJsonString(&out, a.annotations[k].name);
        out += ':';
        notifiers::AppendGoJsonString(&out, a.annotations[k].value);
      }
      out += "},";
    }
    out += "\"endsAt\":\"" +
           FormatApiTime(notifiers::FromUnixMillis(a.ends_at_ms)) + "\",";
    out += "\"startsAt\":\"" +
           FormatApiTime(notifiers::FromUnixMillis(a.starts_at_ms)) + "\",";
    if (!a.generator_url.empty()) {
      out += "\"generatorURL\":";
      notifiers::AppendGoJsonString(&out, a.generator_url);
      out += ',';
    }
    out += "\"labels\":";
    AppendLabelSet(&out, a.labels);
    out += '}';
  }
  out += ']';
  return out;
}

notifiers::Alert ToRouterAlert(const OutgoingAlert& alert,
                               const notifiers::SharedString& previous_url) {
  notifiers::Alert a;
  a.labels = alert.labels;
  // A rule's annotations are sorted by name already.
  a.annotations = promql::StringPairs::FromSorted(
      std::span<const promql::Label>(alert.annotations));
  a.starts_at = notifiers::FromUnixMillis(alert.starts_at_ms);
  a.ends_at = notifiers::FromUnixMillis(alert.ends_at_ms);
  a.generator_url = previous_url.Reuse(alert.generator_url);
  return a;
}

Result<std::unique_ptr<AlertNotifier>> AlertNotifier::Make(
    AlertNotifierOptions options) {
  std::unique_ptr<AlertNotifier> n(new AlertNotifier(std::move(options)));
  for (const datasource::DatasourceConfig& am : n->options_.alertmanagers) {
    datasource::DatasourceConfig c = am;
    c.max_retries = 0;  // Prometheus does not retry a failed post
    auto client = datasource::HttpClient::Make(std::move(c));
    if (!client.ok()) return client.status();
    n->clients_.push_back(std::move(client).value());
    auto stats = std::make_unique<AlertmanagerStats>();
    stats->url = am.url;
    n->stats_.push_back(std::move(stats));
  }
  n->sender_ = std::thread([p = n.get()] { p->Run(); });
  return n;
}

AlertNotifier::AlertNotifier(AlertNotifierOptions options)
    : options_(std::move(options)) {}

AlertNotifier::~AlertNotifier() { Stop(std::chrono::milliseconds(0)); }

void AlertNotifier::Send(const std::string& expr,
                         const std::vector<rules::Alert>& alerts) {
  if (alerts.empty()) return;
  const std::string generator_url =
      options_.external_url + tmpl::TableLink(expr);
  std::vector<OutgoingAlert> out;
  out.reserve(alerts.size());
  for (const rules::Alert& a : alerts) {
    OutgoingAlert o;
    promql::LabelsBuilder b(a.labels);
    for (promql::LabelView l : options_.external_labels) {
      if (a.labels.Get(l.name).empty()) b.Set(l.name, l.value);
    }
    o.labels = b.Build();
    o.annotations = a.annotations;
    o.starts_at_ms = options_.clock.ToRealMs(a.fired_at);
    o.ends_at_ms = options_.clock.ToRealMs(
        a.resolved_at != rules::kZeroTime ? a.resolved_at : a.valid_until);
    o.generator_url = generator_url;
    out.push_back(std::move(o));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return;
  for (OutgoingAlert& o : out) queue_.push_back(std::move(o));
  if (queue_.size() > options_.queue_capacity) {
    const size_t d = queue_.size() - options_.queue_capacity;
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(d));
    dropped_ += d;
    LogWarn("Alert notification queue full, dropping alerts",
            {{"num_dropped", std::to_string(d)}});
  }
  more_.notify_one();
}

void AlertNotifier::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    more_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, all delivered
    const size_t n = std::min(queue_.size(), kMaxBatchSize);
    std::vector<OutgoingAlert> batch(
        std::make_move_iterator(queue_.begin()),
        std::make_move_iterator(queue_.begin() + static_cast<long>(n)));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
    busy_ = true;
    lock.unlock();
    Deliver(batch);
    lock.lock();
    busy_ = false;
    drained_.notify_all();
  }
  drained_.notify_all();
}

void AlertNotifier::Deliver(const std::vector<OutgoingAlert>& batch) {
  if (options_.router != nullptr) {
    std::vector<notifiers::Alert> alerts;
    alerts.reserve(batch.size());
    notifiers::SharedString url;
    for (const OutgoingAlert& a : batch) {
      alerts.push_back(ToRouterAlert(a, url));
      url = alerts.back().generator_url;
    }
    if (Status s = options_.router->PostAlerts(std::move(alerts)); !s.ok()) {
      LogError("Error sending alerts to the built-in router",
               {{"err", s.message()}});
    }
  }
  if (clients_.empty()) return;
  const std::string body = EncodePostableAlerts(batch);
  std::vector<std::future<Result<datasource::HttpResponse>>> posts;
  for (auto& client : clients_) {
    datasource::HttpRequest r;
    r.method = "POST";
    r.target = "/api/v2/alerts";
    r.body = body;
    r.content_type = "application/json";
    posts.push_back(client->Send(std::move(r)));
  }
  for (size_t i = 0; i < posts.size(); ++i) {
    auto res = posts[i].get();
    AlertmanagerStats& st = *stats_[i];
    std::string err;
    if (!res.ok()) {
      err = res.status().message();
    } else if (res->status / 100 != 2) {
      err = "bad response status " + std::to_string(res->status) + " " +
            res->reason;
    }
    if (err.empty()) {
      st.sent += batch.size();
      continue;
    }
    st.errors += batch.size();
    LogError("Error sending alert",
             {{"alertmanager", st.url + "/api/v2/alerts"},
              {"count", std::to_string(batch.size())},
              {"err", err}});
  }
}

void AlertNotifier::Stop(std::chrono::milliseconds timeout) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!sender_.joinable()) return;
    drained_.wait_for(lock, timeout, [&] { return queue_.empty() && !busy_; });
    stopping_ = true;
    queue_.clear();
    more_.notify_all();
  }
  sender_.join();
}

size_t AlertNotifier::queue_length() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace tocsin::engine
