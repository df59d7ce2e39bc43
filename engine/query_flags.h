// The flags that `tocsin query` and `tocsin serve` share: the series files
// to load and the PromQL engine's limits (--query.timeout,
// --query.max-samples, --query.lookback-delta, as Prometheus names them).
//
// Not thread-safe; used while parsing the command line and starting up.

#ifndef TOCSIN_ENGINE_QUERY_FLAGS_H_
#define TOCSIN_ENGINE_QUERY_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "promql/engine.h"
#include "promql/memory_storage.h"
#include "promql/status.h"

namespace CLI {
class App;
}

namespace tocsin::engine {

struct QueryFlags {
  std::vector<std::string> series_files;
  std::string timeout = "2m";
  std::string lookback_delta = "5m";
  int64_t max_samples = 50'000'000;

  // Registers the flags on `cmd`.
  void Add(CLI::App* cmd);
  // The engine options; fails with kInvalidArgument on a bad duration
  // ("invalid --query.timeout \"x\": ...").
  Result<promql::EngineOptions> EngineOptions() const;
  // Loads every series file into `storage` and seals it. Fails with the
  // loader's message ("recording.om:12:9: expected a timestamp").
  Status LoadSeries(promql::MemoryStorage* storage) const;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_QUERY_FLAGS_H_
