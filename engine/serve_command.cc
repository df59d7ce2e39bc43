// tocsin serve: loads recorded series (or reads a remote datasource,
// --datasource.url) and serves Prometheus's query API over them until
// SIGINT or SIGTERM. Exit codes: 0 after a signal, 1 when
// the series cannot be loaded or the address cannot be bound, 2 on usage
// errors.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "engine/commands.h"
#include "engine/http_server.h"
#include "engine/logging.h"
#include "engine/query_api.h"
#include "engine/query_flags.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

struct ServeArgs {
  QueryFlags flags;
  std::string listen_address = "0.0.0.0:9090";
  std::string read_timeout = "5m";
  int max_connections = 512;
  int threads = 0;  // 0: one per core
  LogFlags log;
};

// Blocks SIGINT and SIGTERM in this thread and in every thread started
// after it, so that only WaitForSignal() sees them.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int RunServe(const ServeArgs& args) {
  if (Status s = args.log.Apply(); !s.ok()) {
    std::cerr << "tocsin serve: " << s.message() << "\n";
    return 2;
  }
  auto address = SplitHostPort(args.listen_address);
  if (!address.ok()) {
    std::cerr << "tocsin serve: --web.listen-address: "
              << address.status().message() << "\n";
    return 2;
  }
  auto options = args.flags.EngineOptions();
  auto read_timeout = promql::ParseDuration(args.read_timeout);
  if (!options.ok() || !read_timeout.ok()) {
    std::cerr << "tocsin serve: "
              << (options.ok() ? "invalid --web.read-timeout \"" +
                                     args.read_timeout + "\""
                               : options.status().message())
              << "\n";
    return 2;
  }

  auto backend = args.flags.OpenBackend(*options);
  if (!backend.ok()) {
    if (backend.status().code() == Status::Code::kInvalidArgument) {
      std::cerr << "tocsin serve: " << backend.status().message() << "\n";
      return 2;
    }
    LogError("Error loading series", {{"err", backend.status().message()}});
    return 1;
  }
  if (backend->storage) {
    LogInfo("Series loaded",
            {{"series", std::to_string(backend->storage->NumSeries())},
             {"samples", std::to_string(backend->storage->NumSamples())}});
  } else {
    LogInfo("Reading series from datasource",
            {{"url", args.flags.datasource_url}});
  }

  QueryApi api(backend->backend.get());
  auto router = std::make_shared<Router>();
  api.Register(router.get());

  HttpServerOptions server_options;
  server_options.host = address->first;
  server_options.port = address->second;
  server_options.read_timeout = std::chrono::milliseconds(*read_timeout);
  server_options.max_connections = args.max_connections;
  server_options.threads =
      args.threads > 0 ? args.threads
                       : std::max(2u, std::thread::hardware_concurrency());

  sigset_t signals = BlockStopSignals();
  auto server = HttpServer::Start(server_options, router);
  if (!server.ok()) {
    LogError("Error starting web server", {{"err", server.status().message()}});
    return 1;
  }
  std::string bound = (*server)->address().find(':') == std::string::npos
                          ? (*server)->address()
                          : "[" + (*server)->address() + "]";
  bound += ":" + std::to_string((*server)->port());
  LogInfo("Listening on", {{"address", bound}});
  LogInfo("Server is ready to receive web requests.");

  int signal = 0;
  sigwait(&signals, &signal);
  LogWarn(signal == SIGINT ? "Received SIGINT, exiting gracefully..."
                           : "Received SIGTERM, exiting gracefully...");
  (*server)->Stop();
  LogInfo("See you next time!");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve Prometheus's query API over recorded series");
  args->flags.Add(cmd);
  cmd->add_option("--web.listen-address", args->listen_address,
                  "Address to listen on for the API (port 0 picks one)")
      ->capture_default_str();
  cmd->add_option("--web.read-timeout", args->read_timeout,
                  "Maximum duration before timing out read of the request, "
                  "and closing idle connections")
      ->capture_default_str();
  cmd->add_option("--web.max-connections", args->max_connections,
                  "Maximum number of simultaneous connections")
      ->capture_default_str();
  cmd->add_option("--web.threads", args->threads,
                  "Worker threads that serve requests (0: one per core)")
      ->capture_default_str();
  args->log.Add(cmd);
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace tocsin::engine
