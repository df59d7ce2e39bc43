#include "engine/daemon.h"

#include <atomic>
#include <filesystem>
#include <mutex>

#include "datasource/http_client.h"
#include "datasource/remote_write.h"
#include "engine/alert_notifier.h"
#include "engine/alert_state_store.h"
#include "engine/am_api.h"
#include "engine/api_params.h"
#include "engine/daemon_backend.h"
#include "engine/daemon_config.h"
#include "engine/eval_clock.h"
#include "engine/http_server.h"
#include "engine/logging.h"
#include "engine/query_api.h"
#include "engine/remote_backend.h"
#include "engine/rule_manager.h"
#include "engine/rule_output_store.h"
#include "engine/rules_api.h"
#include "engine/self_metrics.h"
#include "engine/storage_backend.h"
#include "engine/version.h"
#include "go/strconv.h"
#include "notifiers/config.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/webhook_notifier.h"
#include "promql/memory_storage.h"
#include "promql/series_file.h"

namespace tocsin::engine {
namespace {

// How long the rules' own series are kept in memory: enough for any range
// a rule reads over them.
constexpr int64_t kOutputRetentionMs = 2 * 60 * 60 * 1000;

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string JoinErrors(const std::vector<std::string>& errors) {
  std::string out;
  for (const std::string& e : errors) {
    if (!out.empty()) out += "\n";
    out += e;
  }
  return out;
}

}  // namespace

struct Daemon::Impl {
  DaemonOptions options;
  DaemonConfig config;
  std::string external_url;
  EvalClock clock = EvalClock::Live();

  // Data.
  std::unique_ptr<promql::MemoryStorage> recording;
  std::unique_ptr<EngineBackend> datasource;  // Remote or Storage backend
  datasource::HttpClient* client = nullptr;   // owned by `datasource`
  std::vector<std::unique_ptr<datasource::RemoteWriter>> writers;
  std::unique_ptr<RuleOutputStore> outputs;
  std::unique_ptr<DaemonBackend> query_backend;
  promql::Engine engine;

  // Alerts.
  std::unique_ptr<notifiers::RealScheduler> scheduler;
  std::unique_ptr<notifiers::Router> router;
  std::unique_ptr<AlertNotifier> notifier;

  // Rules.
  std::unique_ptr<AlertStateStore> state_store;
  RuleDataShared data_shared;
  GroupRunnerShared runner_shared;
  std::unique_ptr<RuleManager> rules;

  // HTTP.
  std::unique_ptr<QueryApi> query_api;
  std::unique_ptr<RulesApi> rules_api;
  std::unique_ptr<AlertmanagerApi> am_api;
  std::unique_ptr<HttpServer> server;

  std::mutex reload_mu;
  std::atomic<bool> last_reload_ok{true};
  std::atomic<int64_t> last_reload_success_ms{0};
  bool stopped = false;

  Status LoadData();
  Status StartRemoteWrite();
  Status StartRouter();
  Status StartRules();
  Status StartHttp(const std::pair<std::string, uint16_t>& address);
  void RegisterOwnEndpoints(Router* http);
  Status Reload();
  void Stop();
};

Status Daemon::Impl::LoadData() {
  if (!config.series_files.empty()) {
    recording = std::make_unique<promql::MemoryStorage>();
    for (const std::string& f : config.series_files) {
      if (Status s = promql::LoadSeriesFile(f, recording.get()); !s.ok()) {
        return s;
      }
    }
    recording->Seal();
    LogInfo("Series loaded",
            {{"series", std::to_string(recording->NumSeries())},
             {"samples", std::to_string(recording->NumSamples())}});
    datasource =
        std::make_unique<StorageBackend>(recording.get(), options.engine);
    const int64_t start = config.replay.start_ms.value_or(recording->MinTime());
    clock = EvalClock::Replay(start, config.replay.speed);
    LogInfo("Replaying the recording",
            {{"start", FormatLogTime(start)},
             {"speed", go::FormatFloat(config.replay.speed, 'g', -1)}});
  } else {
    auto c = datasource::HttpClient::Make(config.datasource);
    if (!c.ok()) return c.status();
    client = c->get();
    datasource =
        std::make_unique<RemoteBackend>(std::move(c).value(), options.engine);
    LogInfo("Reading series from datasource", {{"url", config.datasource.url}});
  }
  if (Status s = StartRemoteWrite(); !s.ok()) return s;
  RuleOutputStore::Sink sink;
  if (!writers.empty()) {
    sink = [this](const std::vector<promql::Sample>& samples) {
      std::vector<datasource::WriteSample> batch;
      batch.reserve(samples.size());
      for (const promql::Sample& s : samples) {
        batch.push_back({s.metric, s.t, s.v});
      }
      for (auto& w : writers) w->Append(batch);
    };
  }
  outputs = std::make_unique<RuleOutputStore>(kOutputRetentionMs, sink);
  query_backend = std::make_unique<DaemonBackend>(
      datasource.get(), outputs.get(), [this] { return rules->local_names(); });
  return Status::OK();
}

Status Daemon::Impl::StartRemoteWrite() {
  for (const datasource::RemoteWriteConfig& c : config.remote_write) {
    datasource::RemoteWriterOptions o;
    o.user_agent = "tocsin/" + std::string(Version());
    o.external_labels = config.external_labels;
    const std::string name = c.name;
    o.on_send_error = [name](const Status& error, bool retrying,
                             size_t samples) {
      LogWarn(retrying ? "Failed to send batch, retrying"
                       : "Non-recoverable error sending batch, dropping it",
              {{"remote_name", name},
               {"samples", std::to_string(samples)},
               {"err", error.message()}});
    };
    auto w = datasource::RemoteWriter::Make(c, std::move(o));
    if (!w.ok()) return w.status();
    writers.push_back(std::move(w).value());
    LogInfo("Starting remote write",
            {{"remote_name", name}, {"url", c.http.url}});
  }
  return Status::OK();
}

Status Daemon::Impl::StartRouter() {
  if (config.alertmanager_config.empty()) return Status::OK();
  auto am = notifiers::LoadConfigFile(config.alertmanager_config);
  if (!am.ok()) return am.status();
  scheduler = std::make_unique<notifiers::RealScheduler>();
  notifiers::RouterOptions ro;
  if (!options.storage_path.empty()) {
    ro.storage_path =
        (std::filesystem::path(options.storage_path) / "router").string();
  }
  router = std::make_unique<notifiers::Router>(
      scheduler.get(),
      notifiers::BuiltinNotifierFactory(external_url,
                                        &notifiers::SystemClock()),
      ro);
  if (Status s = router->Open(); !s.ok()) return s;
  return router->ApplyConfig(std::move(am).value());
}

Status Daemon::Impl::StartRules() {
  AlertNotifierOptions no;
  no.external_url = external_url;
  no.external_labels = config.external_labels;
  no.clock = clock;
  no.alertmanagers = config.alertmanagers;
  no.router = router.get();
  auto n = AlertNotifier::Make(std::move(no));
  if (!n.ok()) return n.status();
  notifier = std::move(n).value();

  state_store = std::make_unique<AlertStateStore>(
      options.storage_path.empty()
          ? ""
          : (std::filesystem::path(options.storage_path) / "rules").string());
  if (Status s = state_store->Open(); !s.ok()) return s;

  data_shared.client = client;
  data_shared.recording = recording.get();
  data_shared.outputs = outputs.get();
  data_shared.engine = &engine;
  data_shared.local_names = [this] { return rules->local_names(); };
  data_shared.range_cache_overlap_ms = config.range_cache_overlap_ms;

  runner_shared.clock = clock;
  runner_shared.data = &data_shared;
  runner_shared.state_store = state_store.get();
  runner_shared.notify = [this](const std::string& expr,
                                std::vector<rules::Alert> alerts) {
    notifier->Send(expr, alerts);
  };
  runner_shared.engine = &engine;
  runner_shared.appender = outputs.get();
  runner_shared.query_offset_ms = config.query_offset_ms;
  runner_shared.external_url = external_url;

  RuleManagerOptions mo;
  mo.default_interval_ms = config.evaluation_interval_ms;
  mo.load.default_interval_ms = config.evaluation_interval_ms;
  mo.load.external_labels = config.external_labels;
  mo.load.external_url = external_url;
  mo.outage_tolerance_ms = options.outage_tolerance_ms;
  rules = std::make_unique<RuleManager>(std::move(mo), &runner_shared);
  std::vector<std::string> errors = rules->Update(config.rule_files);
  if (!errors.empty()) return Status::InvalidArgument(JoinErrors(errors));
  LogInfo("Rules loaded",
          {{"groups", std::to_string(rules->NumGroups())},
           {"files", std::to_string(config.rule_files.size())}});
  return Status::OK();
}

void Daemon::Impl::RegisterOwnEndpoints(Router* http) {
  http->Handle("GET", "/-/healthy", [](const HttpRequest&) {
    return HttpResponse::Text(200, "tocsin is Healthy.");
  });
  http->Handle("GET", "/-/ready", [this](const HttpRequest&) {
    if (!rules->AllEvaluated()) {
      return HttpResponse::Text(503, "tocsin is not ready.");
    }
    return HttpResponse::Text(200, "tocsin is Ready.");
  });
  for (const char* method : {"POST", "PUT"}) {
    http->Handle(method, "/-/reload", [this](const HttpRequest&) {
      if (Status s = Reload(); !s.ok()) {
        return HttpResponse::Text(500,
                                  "failed to reload config: " + s.message());
      }
      return HttpResponse();
    });
  }
  http->Handle("GET", "/metrics", [this](const HttpRequest&) {
    MetricFamilies families;
    AddRuleMetrics(*rules, &families);
    AddNotifierMetrics(*notifier, &families);
    if (client != nullptr) AddDatasourceMetrics(client->stats(), &families);
    AddRemoteWriteMetrics(writers, &families);
    if (router) AddRouterMetrics(*router, &families);
    AddReloadMetrics(last_reload_ok, last_reload_success_ms, &families);
    return MetricsResponse(families);
  });
}

Status Daemon::Impl::StartHttp(const std::pair<std::string, uint16_t>& addr) {
  auto http = std::make_shared<Router>();
  RegisterOwnEndpoints(http.get());
  rules_api = std::make_unique<RulesApi>(rules.get());
  rules_api->Register(http.get());
  query_api = std::make_unique<QueryApi>(query_backend.get(), [this] {
    const int64_t ns = clock.NowNs();
    return ApiTime::FromUnix(ns / 1000000000, ns % 1000000000);
  });
  query_api->Register(http.get());
  if (router) {
    am_api = std::make_unique<AlertmanagerApi>(router.get(),
                                               [this] { return Reload(); });
    am_api->Register(http.get());
  }
  HttpServerOptions so;
  so.host = addr.first;
  so.port = addr.second;
  so.threads = options.http_threads;
  auto server_or = HttpServer::Start(so, http);
  if (!server_or.ok()) return server_or.status();
  server = std::move(server_or).value();
  LogInfo("Listening on", {{"address", server->address() + ":" +
                                           std::to_string(server->port())},
                           {"external_url", external_url}});
  return Status::OK();
}

Status Daemon::Impl::Reload() {
  std::lock_guard<std::mutex> lock(reload_mu);
  if (stopped) return Status::OK();
  LogInfo("Loading configuration file", {{"file", options.config_file}});
  auto fail = [&](const Status& s) {
    last_reload_ok = false;
    LogError("Error reloading config",
             {{"file", options.config_file}, {"err", s.message()}});
    return s;
  };
  auto next = LoadDaemonConfig(options.config_file);
  if (!next.ok()) return fail(next.status());
  if (next->datasource.url != config.datasource.url ||
      next->series_files != config.series_files ||
      next->alertmanagers.size() != config.alertmanagers.size() ||
      next->remote_write.size() != config.remote_write.size() ||
      next->alertmanager_config.empty() != config.alertmanager_config.empty()) {
    LogWarn(
        "Datasource, Alertmanager and remote write changes take effect "
        "after a restart",
        {{"file", options.config_file}});
  }
  // Check the Alertmanager config before anything changes.
  std::optional<notifiers::Config> am;
  if (router && !next->alertmanager_config.empty()) {
    auto loaded = notifiers::LoadConfigFile(next->alertmanager_config);
    if (!loaded.ok()) return fail(loaded.status());
    am = std::move(loaded).value();
  }
  const int64_t old_offset = runner_shared.query_offset_ms;
  runner_shared.query_offset_ms = next->query_offset_ms;
  RuleManagerOptions mo;
  mo.default_interval_ms = next->evaluation_interval_ms;
  mo.load.default_interval_ms = next->evaluation_interval_ms;
  mo.load.external_labels = next->external_labels;
  mo.load.external_url = external_url;
  mo.outage_tolerance_ms = options.outage_tolerance_ms;
  std::vector<std::string> errors =
      rules->Update(next->rule_files, std::move(mo));
  if (!errors.empty()) {
    runner_shared.query_offset_ms = old_offset;
    return fail(Status::InvalidArgument(JoinErrors(errors)));
  }
  if (am) {
    if (Status s = router->ApplyConfig(std::move(*am)); !s.ok()) return fail(s);
  }
  config = std::move(next).value();
  last_reload_ok = true;
  last_reload_success_ms = WallMs();
  LogInfo("Completed loading of configuration file",
          {{"file", options.config_file},
           {"groups", std::to_string(rules->NumGroups())}});
  return Status::OK();
}

void Daemon::Impl::Stop() {
  {
    std::lock_guard<std::mutex> lock(reload_mu);
    if (stopped) return;
    stopped = true;
  }
  // Queries in flight are cancelled: an evaluation waiting on a hung
  // datasource ends now (its rules fail, alert states stay as they were).
  if (client != nullptr) client->Shutdown();
  if (rules) rules->Stop();
  if (notifier) notifier->Stop(options.shutdown_timeout);
  for (auto& w : writers) w->Stop(options.shutdown_timeout);
  if (router) router->Stop();
  if (scheduler) scheduler->Shutdown();
  if (server) server->Stop();
}

Result<std::unique_ptr<Daemon>> Daemon::Start(DaemonOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->engine = promql::Engine(impl->options.engine);
  auto address = SplitHostPort(impl->options.listen_address);
  if (!address.ok()) {
    return Status::InvalidArgument("--web.listen-address: " +
                                   address.status().message());
  }
  auto config = LoadDaemonConfig(impl->options.config_file);
  if (!config.ok()) return config.status();
  impl->config = std::move(config).value();
  impl->external_url = ExternalUrl(impl->options.external_url, address->second);
  for (auto step : {&Impl::LoadData, &Impl::StartRouter, &Impl::StartRules}) {
    if (Status s = ((*impl).*step)(); !s.ok()) {
      impl->Stop();
      return s;
    }
  }
  if (Status s = impl->StartHttp(*address); !s.ok()) {
    impl->Stop();
    return s;
  }
  impl->last_reload_success_ms = WallMs();
  return std::unique_ptr<Daemon>(new Daemon(std::move(impl)));
}

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Daemon::~Daemon() { Stop(); }

Status Daemon::Reload() { return impl_->Reload(); }

void Daemon::Stop() { impl_->Stop(); }

std::string Daemon::address() const { return impl_->server->address(); }

uint16_t Daemon::port() const { return impl_->server->port(); }

}  // namespace tocsin::engine
