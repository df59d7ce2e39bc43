#include "engine/query_flags.h"

#include <CLI/CLI.hpp>

#include "promql/parser/parser.h"
#include "promql/series_file.h"

namespace tocsin::engine {
namespace {

Result<int64_t> FlagDuration(const char* flag, const std::string& value) {
  auto ms = promql::ParseDuration(value);
  if (!ms.ok()) {
    return Status::InvalidArgument("invalid " + std::string(flag) + " \"" +
                                   value + "\": " + ms.status().message());
  }
  return ms;
}

}  // namespace

void QueryFlags::Add(CLI::App* cmd) {
  cmd->add_option("--series", series_files,
                  "Series files to load (OpenMetrics text with timestamps, "
                  "or promtool's load notation)")
      ->required();
  cmd->add_option("--query.timeout", timeout,
                  "Maximum time a query may take before being aborted")
      ->capture_default_str();
  cmd->add_option("--query.max-samples", max_samples,
                  "Maximum number of samples a single query can load into "
                  "memory")
      ->capture_default_str();
  cmd->add_option("--query.lookback-delta", lookback_delta,
                  "How far back an instant selector looks for a sample")
      ->capture_default_str();
}

Result<promql::EngineOptions> QueryFlags::EngineOptions() const {
  promql::EngineOptions options;
  auto t = FlagDuration("--query.timeout", timeout);
  if (!t.ok()) return t.status();
  auto lookback = FlagDuration("--query.lookback-delta", lookback_delta);
  if (!lookback.ok()) return lookback.status();
  if (max_samples <= 0) {
    return Status::InvalidArgument("--query.max-samples must be positive");
  }
  options.timeout = std::chrono::milliseconds(*t);
  options.lookback_delta_ms = *lookback;
  options.max_samples = max_samples;
  return options;
}

Status QueryFlags::LoadSeries(promql::MemoryStorage* storage) const {
  for (const std::string& file : series_files) {
    Status s = promql::LoadSeriesFile(file, storage);
    if (!s.ok()) return s;
  }
  storage->Seal();
  return Status::OK();
}

}  // namespace tocsin::engine
