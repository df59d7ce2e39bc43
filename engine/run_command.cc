// tocsin run: the daemon. Evaluates the rule groups of tocsin.yml at their
// intervals against the datasource and delivers alerts, until SIGINT or
// SIGTERM; SIGHUP and POST /-/reload reload the configuration.
// Exit codes: 0 after a signal, 1 when the configuration, the rules, the
// storage or the address cannot be used, 2 on usage errors.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "engine/commands.h"
#include "engine/daemon.h"
#include "engine/logging.h"
#include "engine/query_flags.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

struct RunArgs {
  DaemonOptions daemon;
  QueryFlags query;  // only the engine's limits are used
  std::string outage_tolerance = "1h";
  LogFlags log;
};

int RunDaemon(RunArgs args) {
  if (Status s = args.log.Apply(); !s.ok()) {
    std::cerr << "tocsin run: " << s.message() << "\n";
    return 2;
  }
  auto engine = args.query.EngineOptions();
  auto tolerance = promql::ParseDuration(args.outage_tolerance);
  if (!engine.ok() || !tolerance.ok()) {
    std::cerr << "tocsin run: "
              << (engine.ok() ? "invalid --rules.alert.for-outage-tolerance"
                              : engine.status().message())
              << "\n";
    return 2;
  }
  args.daemon.engine = *engine;
  args.daemon.outage_tolerance_ms = *tolerance;

  sigset_t signals;
  sigemptyset(&signals);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, sig);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  LogInfo("Starting tocsin", {{"config", args.daemon.config_file}});
  auto daemon = Daemon::Start(args.daemon);
  if (!daemon.ok()) {
    LogError("Error starting tocsin", {{"err", daemon.status().message()}});
    return daemon.status().code() == Status::Code::kInvalidArgument &&
                   daemon.status().message().rfind("--", 0) == 0
               ? 2
               : 1;
  }
  LogInfo("Server is ready to receive web requests.");
  for (;;) {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGHUP) {
      (void)(*daemon)->Reload();
      continue;
    }
    LogWarn(sig == SIGINT ? "Received SIGINT, exiting gracefully..."
                          : "Received SIGTERM, exiting gracefully...");
    break;
  }
  (*daemon)->Stop();
  LogInfo("See you next time!");
  return 0;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run",
      "Evaluate alerting and recording rules against a datasource and "
      "deliver alerts");
  DaemonOptions& d = args->daemon;
  cmd->add_option("--config.file", d.config_file, "tocsin configuration file")
      ->capture_default_str();
  cmd->add_option("--web.listen-address", d.listen_address,
                  "Address to listen on for the API")
      ->capture_default_str();
  cmd->add_option("--storage.path", d.storage_path,
                  "Where alert state, silences and the notification log are "
                  "kept")
      ->capture_default_str();
  cmd->add_option("--web.external-url", d.external_url,
                  "The URL under which tocsin is reachable (generator URLs, "
                  "notification links)");
  cmd->add_option("--web.threads", d.http_threads,
                  "Worker threads that serve HTTP requests")
      ->capture_default_str();
  cmd->add_option("--rules.alert.for-outage-tolerance", args->outage_tolerance,
                  "Max time to tolerate an outage for restoring the 'for' "
                  "state of alerts")
      ->capture_default_str();
  args->query.AddEngineFlags(cmd);
  args->log.Add(cmd);
  cmd->callback([args, exit_code] { *exit_code = RunDaemon(*args); });
}

}  // namespace tocsin::engine
