// The flags that `tocsin query`, `serve` and `run` share: where the data
// comes from (series files to load, or --datasource.url, a
// Prometheus-compatible query API read through the remote datasource) and
// the PromQL engine's limits (--query.timeout, --query.max-samples,
// --query.lookback-delta, as Prometheus names them).
//
// Not thread-safe; used while parsing the command line and starting up.

#ifndef TOCSIN_ENGINE_QUERY_FLAGS_H_
#define TOCSIN_ENGINE_QUERY_FLAGS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/query_backend.h"
#include "promql/engine.h"
#include "promql/memory_storage.h"
#include "promql/status.h"

namespace CLI {
class App;
}

namespace tocsin::engine {

struct QueryFlags {
  std::vector<std::string> series_files;
  std::string datasource_url;
  std::string datasource_timeout = "1m";
  std::string datasource_ca_file;
  std::string datasource_bearer_token_file;
  bool datasource_insecure_skip_verify = false;
  std::string timeout = "2m";
  std::string lookback_delta = "5m";
  int64_t max_samples = 50'000'000;

  // Registers the flags on `cmd`.
  void Add(CLI::App* cmd);
  // Registers the engine's limits alone (--query.*).
  void AddEngineFlags(CLI::App* cmd);
  // The engine options; fails with kInvalidArgument on a bad duration
  // ("invalid --query.timeout \"x\": ...").
  Result<promql::EngineOptions> EngineOptions() const;
  // Loads every series file into `storage` and seals it. Fails with the
  // loader's message ("recording.om:12:9: expected a timestamp").
  Status LoadSeries(promql::MemoryStorage* storage) const;

  // The query backend the flags name: recorded series (loaded here) or a
  // remote datasource.
  struct Backend {
    std::unique_ptr<promql::MemoryStorage> storage;  // when --series
    std::unique_ptr<QueryBackend> backend;
  };
  // Fails with kInvalidArgument for usage errors (neither or both of
  // --series and --datasource.url, a bad URL or duration) and with the
  // loader's error for unreadable series files (kIOError and others).
  Result<Backend> OpenBackend(const promql::EngineOptions& options) const;
};

// --log.level and --log.format, as the long-running commands take them.
struct LogFlags {
  std::string level = "info";
  std::string format = "logfmt";

  void Add(CLI::App* cmd);
  // ConfigureLogging with the flags' values.
  Status Apply() const;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_QUERY_FLAGS_H_
