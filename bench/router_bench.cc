// Router costs (`tocsin router`, Alertmanager's hot paths): route matching
// over the seed's route tree and generated larger trees, aggregation-group
// updates in the dispatcher, the alert store and the marker, whole posts
// (decoding the JSON Prometheus posts, preparing, storing, inhibitor and
// dispatcher), and rendering the default Slack, PagerDuty and webhook
// messages and the seed's custom templates for a group of N alerts.
//
// The alerts are those of bench/compare_alertmanager.py's stream: 40 alert
// names (10 critical, 30 warning), 4 clusters, 63 instances, a summary and
// a description, grouped by [alertname, severity, cluster].

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/am_api.h"
#include "engine/am_api_json.h"
#include "engine/http_router.h"
#include "notifiers/alert_store.h"
#include "notifiers/config.h"
#include "notifiers/dispatcher.h"
#include "notifiers/marker.h"
#include "notifiers/notification_data.h"
#include "notifiers/pagerduty_notifier.h"
#include "notifiers/route.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/slack_notifier.h"
#include "notifiers/template_expander.h"
#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

// The seed document's Alertmanager config, unchanged.
constexpr char kSeedConfig[] = R"(
global:
  resolve_timeout: 5m
  slack_api_url: 'https://hooks.slack.com/services/YOUR/WEBHOOK/URL'

route:
  group_by: ['alertname', 'severity']
  group_wait: 10s
  group_interval: 10s
  repeat_interval: 12h
  receiver: 'default'
  routes:
    - match:
        severity: critical
      receiver: 'pagerduty-critical'
      continue: true
    - match:
        severity: critical
      receiver: 'slack-critical'
    - match:
        severity: warning
      receiver: 'slack-warning'

receivers:
  - name: 'default'
    slack_configs:
      - channel: '#sergas-alerts'
        title: 'Sergas Alert'
        text: '{{ range .Alerts }}{{ .Annotations.description }}{{ end }}'
  - name: 'pagerduty-critical'
    pagerduty_configs:
      - service_key: 'YOUR_PAGERDUTY_KEY'
        description: '{{ .CommonAnnotations.summary }}'
  - name: 'slack-critical'
    slack_configs:
      - channel: '#sergas-critical'
        color: 'danger'
        title: '🚨 CRITICAL: {{ .GroupLabels.alertname }}'
        text: |
          *Summary:* {{ .CommonAnnotations.summary }}
          *Description:* {{ .CommonAnnotations.description }}
          *Severity:* {{ .CommonLabels.severity }}
  - name: 'slack-warning'
    slack_configs:
      - channel: '#sergas-warnings'
        color: 'warning'
        title: '⚠️ WARNING: {{ .GroupLabels.alertname }}'
        text: '{{ .CommonAnnotations.description }}'
  - name: 'slack-plain'
    slack_configs:
      - channel: '#plain'
  - name: 'pagerduty-v2'
    pagerduty_configs:
      - routing_key: 'YOUR_ROUTING_KEY'

inhibit_rules:
  - source_match:
      severity: 'critical'
    target_match:
      severity: 'warning'
    equal: ['alertname', 'instance']
)";

// The seed's tree with the load script's grouping.
std::string StreamConfig() {
  std::string c = kSeedConfig;
  c.replace(c.find("group_by: ['alertname', 'severity']"),
            std::string("group_by: ['alertname', 'severity']").size(),
            "group_by: ['alertname', 'severity', 'cluster']");
  return c;
}

// A tree of `teams` team routes (team="tN"), each with `services` children
// matching a service regexp and a severity, the critical ones with
// `continue` into a second receiver; 1 + teams * (1 + services) routes.
std::string GeneratedConfig(int teams, int services) {
  std::string c =
      "route:\n  receiver: default\n  group_by: [alertname, severity, "
      "cluster]\n  routes:\n";
  for (int t = 0; t < teams; ++t) {
    c += "  - matchers: ['team=\"t" + std::to_string(t) +
         "\"']\n    receiver: team\n    routes:\n";
    for (int s = 0; s < services; ++s) {
      bool critical = s % 2 == 0;
      c += "    - matchers: ['job=~\"svc-" + std::to_string(s) +
           "|svc-" + std::to_string(s) + "-.+\"', 'severity=\"" +
           (critical ? "critical" : "warning") + "\"']\n      receiver: " +
           (critical ? "pager\n      continue: true\n" : "team\n");
    }
  }
  c +=
      "receivers:\n- name: default\n- name: team\n- name: pager\n";
  return c;
}

Config MustLoad(const std::string& yaml) {
  auto cfg = LoadConfig(yaml, "bench.yml");
  if (!cfg.ok()) {
    std::fprintf(stderr, "bench config: %s\n", cfg.status().message().c_str());
    std::abort();
  }
  return std::move(cfg).value();
}

// Alert i of the stream (labels as the load script sends them).
Alert StreamAlert(int i, int teams = 5) {
  int k = i % 40;
  Alert a;
  std::string name = "SergasAlert" + std::to_string(k);
  std::string severity = k < 10 ? "critical" : "warning";
  a.labels = promql::Labels::FromVector({
      {"alertname", name},
      {"severity", severity},
      {"cluster", "eu-" + std::to_string((i / 40) % 4)},
      {"instance", "host-" + std::to_string(i / 160) + ":9100"},
      {"job", "svc-" + std::to_string((i / 160) % 10)},
      {"team", "t" + std::to_string(k % teams)},
  });
  a.annotations = {
      {"description", "Instance host-" + std::to_string(i / 160) +
                          " has been failing for 5 minutes (value " +
                          std::to_string(i % 97) + ".5)"},
      {"summary", name + " on " + "host-" + std::to_string(i / 160)},
  };
  a.generator_url =
      "http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1";
  return a;
}

Time BenchT0() { return FromUnixSeconds(1704888000); }

std::vector<AlertPtr> PreparedAlerts(int n, Time now, int teams = 5) {
  std::vector<AlertPtr> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    Alert a = StreamAlert(i, teams);
    a.starts_at = now;
    a.ends_at = now + Seconds(240);
    (void)PrepareAlert(a, now, Seconds(300));
    out.push_back(std::make_shared<const Alert>(std::move(a)));
  }
  return out;
}

// --- Route matching ---------------------------------------------------------

void BM_RouteMatchSeed(benchmark::State& state) {
  Config cfg = MustLoad(kSeedConfig);
  std::unique_ptr<Route> root = Route::Build(cfg.route);
  std::vector<AlertPtr> alerts = PreparedAlerts(1000, BenchT0());
  size_t i = 0, matched = 0;
  for (auto _ : state) {
    auto routes = root->Match(alerts[i++ % alerts.size()]->labels);
    matched += routes.size();
    benchmark::DoNotOptimize(routes);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["routes/alert"] =
      static_cast<double>(matched) / state.iterations();
}
BENCHMARK(BM_RouteMatchSeed);

// Arg: teams (each with 10 service routes).
void BM_RouteMatchGenerated(benchmark::State& state) {
  int teams = static_cast<int>(state.range(0));
  Config cfg = MustLoad(GeneratedConfig(teams, 10));
  std::unique_ptr<Route> root = Route::Build(cfg.route);
  int routes = 0;
  root->Walk([&](const Route&) { ++routes; });
  // Teams spread over the whole tree, so that late siblings are reached.
  std::vector<AlertPtr> alerts = PreparedAlerts(1000, BenchT0(), teams);
  size_t i = 0;
  for (auto _ : state) {
    auto matched = root->Match(alerts[i++ % alerts.size()]->labels);
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["routes"] = routes;
}
BENCHMARK(BM_RouteMatchGenerated)->Arg(1)->Arg(10)->Arg(100);

// --- Alert store and marker -------------------------------------------------

// Arg: alerts. Puts N new alerts into an empty store (no subscribers), in
// batches of 64 as Prometheus posts them.
void BM_AlertStorePutNew(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  std::vector<Alert> alerts;
  for (int i = 0; i < n; ++i) alerts.push_back(StreamAlert(i));
  for (Alert& a : alerts) (void)PrepareAlert(a, BenchT0(), Seconds(300));
  for (auto _ : state) {
    state.PauseTiming();
    Marker marker;
    auto store = std::make_unique<AlertStore>(&marker);
    std::vector<std::vector<Alert>> batches;
    for (int i = 0; i < n; i += 64) {
      batches.emplace_back(alerts.begin() + i,
                           alerts.begin() + std::min(n, i + 64));
    }
    state.ResumeTiming();
    for (auto& b : batches) store->Put(std::move(b));
    benchmark::DoNotOptimize(store->size());
    state.PauseTiming();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AlertStorePutNew)->Arg(64)->Arg(10000);

// Arg: alerts. Re-sends N stored alerts 15s later (each merges with the
// stored version).
void BM_AlertStorePutResend(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  Marker marker;
  AlertStore store(&marker);
  std::vector<Alert> alerts;
  for (int i = 0; i < n; ++i) {
    Alert a = StreamAlert(i);
    a.starts_at = BenchT0();
    a.ends_at = BenchT0() + Seconds(240);
    alerts.push_back(a);
  }
  std::vector<Alert> first = alerts;
  for (Alert& a : first) (void)PrepareAlert(a, BenchT0(), Seconds(300));
  store.Put(std::move(first));
  Time now = BenchT0();
  for (auto _ : state) {
    state.PauseTiming();
    now += Seconds(15);
    std::vector<std::vector<Alert>> batches;
    for (int i = 0; i < n; i += 64) {
      std::vector<Alert> b(alerts.begin() + i,
                           alerts.begin() + std::min(n, i + 64));
      for (Alert& a : b) {
        a.ends_at = now + Seconds(240);
        (void)PrepareAlert(a, now, Seconds(300));
      }
      batches.push_back(std::move(b));
    }
    state.ResumeTiming();
    for (auto& b : batches) store.Put(std::move(b));
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AlertStorePutResend)->Arg(64)->Arg(10000);

// Arg: alerts. Marks N alerts active (no silence) and not inhibited, then
// reads their status, as a flush and the API do.
void BM_MarkerUpdate(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  Marker marker;
  std::vector<AlertPtr> alerts = PreparedAlerts(n, BenchT0());
  for (auto _ : state) {
    for (const AlertPtr& a : alerts) {
      marker.SetActiveOrSilenced(a->fingerprint, 1, {}, {});
      marker.SetInhibited(a->fingerprint, {});
    }
    for (const AlertPtr& a : alerts) {
      AlertStatus s = marker.Status(a->fingerprint);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MarkerUpdate)->Arg(64)->Arg(10000);

// --- Aggregation groups -----------------------------------------------------

struct DispatcherSetup {
  FakeScheduler scheduler{BenchT0()};
  std::shared_ptr<Dispatcher> dispatcher;
  explicit DispatcherSetup(const Config& cfg) {
    std::shared_ptr<const Route> root = Route::Build(cfg.route);
    dispatcher =
        std::make_shared<Dispatcher>(root, nullptr, &scheduler);
    dispatcher->Start();
  }
  ~DispatcherSetup() { dispatcher->Stop(); }
};

// Arg: alerts. Routes N new alerts into the seed's tree with the stream's
// grouping: groups are created and their group_wait timers armed.
void BM_DispatcherInsertNew(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  Config cfg = MustLoad(StreamConfig());
  std::vector<AlertPtr> alerts = PreparedAlerts(n, BenchT0());
  size_t groups = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto setup = std::make_unique<DispatcherSetup>(cfg);
    state.ResumeTiming();
    for (int i = 0; i < n; i += 64) {
      std::vector<AlertPtr> batch(alerts.begin() + i,
                                  alerts.begin() + std::min(n, i + 64));
      setup->dispatcher->OnAlerts(batch);
    }
    state.PauseTiming();
    groups = setup->dispatcher->group_count();
    setup.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["groups"] = static_cast<double>(groups);
}
BENCHMARK(BM_DispatcherInsertNew)->Arg(64)->Arg(1000)->Arg(10000);

// Arg: alerts. Updates N alerts that are already in their groups (the
// re-send every 15s).
void BM_DispatcherUpdate(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  Config cfg = MustLoad(StreamConfig());
  DispatcherSetup setup(cfg);
  std::vector<AlertPtr> alerts = PreparedAlerts(n, BenchT0());
  setup.dispatcher->OnAlerts(alerts);
  for (auto _ : state) {
    for (int i = 0; i < n; i += 64) {
      std::vector<AlertPtr> batch(alerts.begin() + i,
                                  alerts.begin() + std::min(n, i + 64));
      setup.dispatcher->OnAlerts(batch);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DispatcherUpdate)->Arg(64)->Arg(10000);

// --- Whole posts ------------------------------------------------------------

class NullNotifier : public Notifier {
 public:
  NotifyResult Notify(const NotifyRequest&,
                      const std::vector<AlertPtr>&) override {
    return NotifyResult::Ok();
  }
};

struct RouterSetup {
  FakeScheduler scheduler{BenchT0()};
  std::unique_ptr<Router> router;
  RouterSetup() {
    router = std::make_unique<Router>(
        &scheduler,
        [](const Config&, const ReceiverConfig&,
           const IntegrationConfig&) -> Result<std::shared_ptr<Notifier>> {
          return std::shared_ptr<Notifier>(std::make_shared<NullNotifier>());
        });
    (void)router->Open();
    Status s = router->ApplyConfig(MustLoad(StreamConfig()));
    if (!s.ok()) std::abort();
  }
  ~RouterSetup() { router->Stop(); }
};

// The JSON body Prometheus posts for alerts [from, to) of the stream.
std::string PostBody(int from, int to, Time starts, Time ends) {
  std::string b = "[";
  for (int i = from; i < to; ++i) {
    Alert a = StreamAlert(i);
    if (i > from) b += ',';
    b += "{\"labels\":{";
    bool first = true;
    for (const auto& l : a.labels) {
      if (!first) b += ',';
      first = false;
      AppendGoJsonString(&b, l.name);
      b += ':';
      AppendGoJsonString(&b, l.value);
    }
    b += "},\"annotations\":{";
    first = true;
    for (const auto& [k, v] : a.annotations) {
      if (!first) b += ',';
      first = false;
      AppendGoJsonString(&b, k);
      b += ':';
      AppendGoJsonString(&b, v);
    }
    b += "},\"startsAt\":\"" + engine::FormatApiTime(starts) +
         "\",\"endsAt\":\"" + engine::FormatApiTime(ends) +
         "\",\"generatorURL\":";
    AppendGoJsonString(&b, a.generator_url);
    b += '}';
  }
  return b + "]";
}

// Decoding one POST /api/v2/alerts body of 64 alerts.
void BM_DecodePostableAlerts(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  std::string body = PostBody(0, n, BenchT0(), BenchT0() + Seconds(240));
  for (auto _ : state) {
    std::vector<Alert> alerts;
    auto err = engine::DecodePostableAlerts(body, &alerts);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(alerts);
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_DecodePostableAlerts)->Arg(1)->Arg(64);

// Arg: alerts. The POST /api/v2/alerts handler (decode, prepare, store,
// inhibitor, dispatcher; no network) for the stream of N alerts in posts
// of 64: the first round creates alerts and groups, the next ones (15s
// apart, new endsAt) update them.
struct PostSetup {
  RouterSetup router;
  engine::AlertmanagerApi api{router.router.get(), nullptr};
  engine::Router http;
  PostSetup() { api.Register(&http); }
};

void PostRounds(benchmark::State& state, bool resend) {
  int n = static_cast<int>(state.range(0));
  auto make_requests = [&](Time now) {
    std::vector<engine::HttpRequest> reqs;
    for (int i = 0; i < n; i += 64) {
      engine::HttpRequest r;
      r.method = "POST";
      r.target = r.path = "/api/v2/alerts";
      r.headers = {{"Content-Type", "application/json"}};
      r.body = PostBody(i, std::min(n, i + 64), BenchT0(), now + Seconds(240));
      reqs.push_back(std::move(r));
    }
    return reqs;
  };
  auto setup = std::make_unique<PostSetup>();
  if (resend) {
    auto reqs = make_requests(BenchT0());
    for (auto& r : reqs) (void)setup->http.Serve(&r);
  }
  int round = 0;
  double heap_per_alert = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (!resend) {
      setup.reset();
      setup = std::make_unique<PostSetup>();
    }
    size_t heap0 = mallinfo2().uordblks;
    ++round;
    Time now = BenchT0() + Seconds(15 * (resend ? round : 0));
    setup->router.scheduler.fake_clock().Set(now);
    auto reqs = make_requests(now);
    state.ResumeTiming();
    for (auto& r : reqs) {
      engine::HttpResponse res = setup->http.Serve(&r);
      if (res.status != 200) {
        state.SkipWithError(res.body.c_str());
        return;
      }
    }
    state.PauseTiming();
    reqs.clear();
    heap_per_alert =
        (static_cast<double>(mallinfo2().uordblks) - heap0) / n;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  // Heap bytes in use per alert after the round (new alerts: everything
  // the router keeps for them; re-sends: what a round adds).
  state.counters["heap/alert"] = heap_per_alert;
}
void BM_PostAlertsNew(benchmark::State& state) { PostRounds(state, false); }
void BM_PostAlertsResend(benchmark::State& state) { PostRounds(state, true); }
BENCHMARK(BM_PostAlertsNew)->Arg(64)->Arg(10000);
BENCHMARK(BM_PostAlertsResend)->Arg(64)->Arg(10000);

// --- Notification rendering -------------------------------------------------

// The alerts of one group of N (one alert name, one cluster, N instances).
std::vector<AlertPtr> GroupAlerts(int n) {
  std::vector<AlertPtr> out;
  for (int j = 0; j < n; ++j) {
    // Alert index with k = 3 (critical), cluster eu-0, instance j.
    Alert a = StreamAlert(3 + 160 * j);
    a.starts_at = BenchT0();
    a.ends_at = kZeroTime;
    a.updated_at = BenchT0();
    a.ComputeFingerprint();
    out.push_back(std::make_shared<const Alert>(std::move(a)));
  }
  return out;
}

struct Rendering {
  Config cfg = MustLoad(kSeedConfig);
  std::shared_ptr<const NotifierTemplate> tmpl;
  Rendering() {
    auto t = BuildNotifierTemplate(cfg);
    if (!t.ok()) std::abort();
    tmpl = std::move(t).value();
  }
  const ReceiverConfig& Receiver(const char* name) {
    return *cfg.FindReceiver(name);
  }
};

const promql::Labels& GroupLabelsOf() {
  static const promql::Labels l = promql::Labels::FromVector(
      {{"alertname", "SergasAlert3"}, {"severity", "critical"}});
  return l;
}

void RenderSlack(benchmark::State& state, const char* receiver) {
  Rendering r;
  SlackNotifier n(r.Receiver(receiver).slack_configs[0], r.tmpl,
                  "http://alertmanager:9093", &SystemClock());
  std::vector<AlertPtr> alerts = GroupAlerts(state.range(0));
  size_t bytes = 0;
  for (auto _ : state) {
    NotificationData data = BuildNotificationData(
        receiver, GroupLabelsOf(), alerts, "http://alertmanager:9093",
        BenchT0());
    auto body = n.Body(data);
    if (!body.ok()) {
      state.SkipWithError(body.status().message().c_str());
      return;
    }
    bytes = body->size();
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * alerts.size());
  state.counters["bytes"] = static_cast<double>(bytes);
}

void RenderPagerduty(benchmark::State& state, const char* receiver) {
  Rendering r;
  PagerdutyNotifier n(r.Receiver(receiver).pagerduty_configs[0], r.tmpl,
                      "http://alertmanager:9093", &SystemClock());
  std::vector<AlertPtr> alerts = GroupAlerts(state.range(0));
  std::string key = "{}/{severity=\"critical\"}:{alertname=\"SergasAlert3\"}";
  size_t bytes = 0;
  for (auto _ : state) {
    NotificationData data = BuildNotificationData(
        receiver, GroupLabelsOf(), alerts, "http://alertmanager:9093",
        BenchT0());
    auto body = n.Body(data, key);
    if (!body.ok()) {
      state.SkipWithError(body.status().message().c_str());
      return;
    }
    bytes = body->size();
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * alerts.size());
  state.counters["bytes"] = static_cast<double>(bytes);
}

// Slack's defaults (slack.default.title, .text, ... and the color).
void BM_RenderSlackDefault(benchmark::State& state) {
  RenderSlack(state, "slack-plain");
}
// PagerDuty Events v2 with the defaults (pagerduty.default.*, details).
void BM_RenderPagerdutyV2Default(benchmark::State& state) {
  RenderPagerduty(state, "pagerduty-v2");
}
// The seed's receivers: its Slack title/text templates and its PagerDuty
// v1 description.
void BM_RenderSeedSlackCritical(benchmark::State& state) {
  RenderSlack(state, "slack-critical");
}
void BM_RenderSeedSlackWarning(benchmark::State& state) {
  RenderSlack(state, "slack-warning");
}
void BM_RenderSeedSlackDefault(benchmark::State& state) {
  RenderSlack(state, "default");
}
void BM_RenderSeedPagerdutyV1(benchmark::State& state) {
  RenderPagerduty(state, "pagerduty-critical");
}
// The webhook's JSON (no templates).
void BM_RenderWebhook(benchmark::State& state) {
  std::vector<AlertPtr> alerts = GroupAlerts(state.range(0));
  size_t bytes = 0;
  for (auto _ : state) {
    NotificationData data =
        BuildNotificationData("webhook", GroupLabelsOf(), alerts,
                              "http://alertmanager:9093", BenchT0());
    std::string body = WebhookMessageJson(
        data, "{}:{alertname=\"SergasAlert3\", severity=\"critical\"}", 0);
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * alerts.size());
  state.counters["bytes"] = static_cast<double>(bytes);
}

BENCHMARK(BM_RenderSlackDefault)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderPagerdutyV2Default)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderSeedSlackCritical)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderSeedSlackWarning)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderSeedSlackDefault)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderSeedPagerdutyV1)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RenderWebhook)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace tocsin::notifiers

BENCHMARK_MAIN();
