// tocsin router: a drop-in Alertmanager. Loads the Alertmanager config,
// opens silences and the notification log under --storage.path, and serves
// the Alertmanager API v2 (am_api.h) on the same HTTP server `tocsin serve`
// uses, until SIGINT or SIGTERM. SIGHUP and POST /-/reload re-read the
// config; an invalid one is logged and the running one stays.
// Exit codes: 0 after a signal, 1 when the config, the storage or the
// address cannot be used, 2 on usage errors.

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <mutex>

#include "engine/am_api.h"
#include "engine/am_api_json.h"
#include "engine/commands.h"
#include "engine/http_server.h"
#include "engine/logging.h"
#include "engine/query_flags.h"
#include "notifiers/config.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/webhook_notifier.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

struct RouterArgs {
  std::string config_file = "alertmanager.yml";
  std::string storage_path = "data/";
  std::string listen_address = ":9093";
  std::string external_url;
  std::string retention = "120h";
  std::string cluster_listen_address;  // accepted for compatibility
  size_t max_body_bytes = 32 * 1024 * 1024;
  int workers = 8;
  LogFlags log;
};

// Reloads the config file into the router; serialized.
class Reloader {
 public:
  Reloader(notifiers::Router* router, std::string file)
      : router_(router), file_(std::move(file)) {}
  Status Reload() {
    std::lock_guard<std::mutex> lock(mu_);
    LogInfo("Loading configuration file", {{"file", file_}});
    auto cfg = notifiers::LoadConfigFile(file_);
    Status s =
        cfg.ok() ? router_->ApplyConfig(std::move(cfg).value()) : cfg.status();
    if (!s.ok()) {
      LogError("Loading configuration file failed",
               {{"file", file_}, {"err", s.message()}});
      return s;
    }
    LogInfo("Completed loading of configuration file", {{"file", file_}});
    return Status::OK();
  }

 private:
  std::mutex mu_;
  notifiers::Router* router_;
  std::string file_;
};

sigset_t BlockSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

HttpServerOptions ServerOptions(const RouterArgs& args,
                                const std::pair<std::string, uint16_t>& addr) {
  HttpServerOptions o;
  o.host = addr.first;
  o.port = addr.second;
  o.threads = 2;
  // Every request of the Alertmanager API is short.
  o.pin_connections = true;
  o.body_limit = args.max_body_bytes;
  o.body_limit_response = [](const std::string& target) {
    std::string what =
        target.rfind("/api/v2/silences", 0) == 0 ? "silence" : "alerts";
    return SwaggerError(400, 400,
                        "parsing " + what +
                            " body from \"\" failed, because http: request "
                            "body too large");
  };
  return o;
}

int RunRouter(const RouterArgs& args) {
  if (Status s = args.log.Apply(); !s.ok()) {
    std::cerr << "tocsin router: " << s.message() << "\n";
    return 2;
  }
  auto address = SplitHostPort(args.listen_address);
  auto retention = promql::ParseDuration(args.retention);
  if (!address.ok() || !retention.ok()) {
    std::cerr << "tocsin router: "
              << (address.ok()
                      ? "invalid --data.retention \"" + args.retention + "\""
                      : "--web.listen-address: " + address.status().message())
              << "\n";
    return 2;
  }
  sigset_t signals = BlockSignals();
  auto cfg = notifiers::LoadConfigFile(args.config_file);
  if (!cfg.ok()) {
    LogError("Loading configuration file failed",
             {{"file", args.config_file}, {"err", cfg.status().message()}});
    return 1;
  }
  notifiers::RealScheduler scheduler(args.workers);
  notifiers::RouterOptions options;
  options.storage_path = args.storage_path;
  options.retention = std::chrono::milliseconds(*retention);
  notifiers::Router router(&scheduler,
                           notifiers::BuiltinNotifierFactory(
                               ExternalUrl(args.external_url, address->second),
                               &notifiers::SystemClock()),
                           options);
  if (Status s = router.Open(); !s.ok()) {
    LogError("Opening storage failed",
             {{"path", args.storage_path}, {"err", s.message()}});
    return 1;
  }
  if (Status s = router.ApplyConfig(std::move(cfg).value()); !s.ok()) {
    LogError("Loading configuration file failed",
             {{"file", args.config_file}, {"err", s.message()}});
    return 1;
  }
  Reloader reloader(&router, args.config_file);
  AlertmanagerApi api(&router, [&reloader] { return reloader.Reload(); });
  auto http = std::make_shared<Router>();
  api.Register(http.get());
  auto server = HttpServer::Start(ServerOptions(args, *address), http);
  if (!server.ok()) {
    LogError("Error starting web server", {{"err", server.status().message()}});
    return 1;
  }
  LogInfo("Listening",
          {{"address",
            (*server)->address() + ":" + std::to_string((*server)->port())},
           {"external_url", ExternalUrl(args.external_url, address->second)}});
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGHUP) {
      (void)reloader.Reload();
      continue;
    }
    LogInfo("Received shutdown signal",
            {{"signal", sig == SIGINT ? "interrupt" : "terminated"}});
    break;
  }
  (*server)->Stop();
  router.Stop();
  // Deliveries still running use the router: let them end first.
  scheduler.Shutdown();
  return 0;
}

}  // namespace

void AddRouterDaemonCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RouterArgs>();
  auto* cmd = app.add_subcommand(
      "router",
      "Run the Alertmanager-compatible router (a drop-in Alertmanager)");
  cmd->add_option("--config.file", args->config_file,
                  "Alertmanager configuration file name")
      ->capture_default_str();
  cmd->add_option("--storage.path", args->storage_path,
                  "Base path for data storage (silences, notification log)")
      ->capture_default_str();
  cmd->add_option("--web.listen-address", args->listen_address,
                  "Address to listen on for the web interface and API")
      ->capture_default_str();
  cmd->add_option("--web.external-url", args->external_url,
                  "The URL under which the router is externally reachable");
  cmd->add_option("--data.retention", args->retention,
                  "How long to keep data (silences, notification log)")
      ->capture_default_str();
  // Often given empty (--cluster.listen-address=) to turn clustering off;
  // an empty value must not swallow the next argument.
  cmd->add_option("--cluster.listen-address", args->cluster_listen_address,
                  "Accepted for compatibility; clustering is not supported")
      ->expected(0, 1);
  cmd->add_option("--web.max-request-body-bytes", args->max_body_bytes,
                  "Larger request bodies are answered with 400")
      ->capture_default_str();
  cmd->add_option("--notify.workers", args->workers,
                  "Threads that run flushes and deliveries")
      ->capture_default_str();
  args->log.Add(cmd);
  cmd->callback([args, exit_code] { *exit_code = RunRouter(*args); });
}

}  // namespace tocsin::engine
