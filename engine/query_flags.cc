#include "engine/query_flags.h"

#include <CLI/CLI.hpp>

#include "datasource/http_client.h"
#include "engine/logging.h"
#include "engine/remote_backend.h"
#include "engine/storage_backend.h"
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
                  "or promtool's load notation)");
  cmd->add_option("--datasource.url", datasource_url,
                  "Read series from this Prometheus-compatible query API "
                  "instead of series files (tocsin evaluates; the server "
                  "only hands out data)");
  cmd->add_option("--datasource.timeout", datasource_timeout,
                  "Longest a datasource request may take, retries included")
      ->capture_default_str();
  cmd->add_option("--datasource.ca-file", datasource_ca_file,
                  "CA certificates (PEM) that sign the datasource's "
                  "certificate");
  cmd->add_option("--datasource.bearer-token-file",
                  datasource_bearer_token_file,
                  "Send the token in this file as a bearer token");
  cmd->add_flag("--datasource.insecure-skip-verify",
                datasource_insecure_skip_verify,
                "Do not verify the datasource's TLS certificate");
  AddEngineFlags(cmd);
}

void QueryFlags::AddEngineFlags(CLI::App* cmd) {
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

void LogFlags::Add(CLI::App* cmd) {
  cmd->add_option("--log.level", level,
                  "Only log messages with the given severity or above: debug, "
                  "info, warn, error")
      ->capture_default_str();
  cmd->add_option("--log.format", format,
                  "Output format of log messages: logfmt, json")
      ->capture_default_str();
}

Status LogFlags::Apply() const { return ConfigureLogging(level, format); }

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

Result<QueryFlags::Backend> QueryFlags::OpenBackend(
    const promql::EngineOptions& options) const {
  if (series_files.empty() == datasource_url.empty()) {
    return Status::InvalidArgument(
        "exactly one of --series and --datasource.url is required");
  }
  Backend out;
  if (!series_files.empty()) {
    out.storage = std::make_unique<promql::MemoryStorage>();
    if (Status s = LoadSeries(out.storage.get()); !s.ok()) {
      return Status::WithCode(s.code() == Status::Code::kInvalidArgument
                                  ? Status::Code::kIOError
                                  : s.code(),
                              s.message());
    }
    out.backend = std::make_unique<StorageBackend>(out.storage.get(), options);
    return out;
  }
  datasource::DatasourceConfig config;
  config.url = datasource_url;
  auto request_timeout =
      FlagDuration("--datasource.timeout", datasource_timeout);
  if (!request_timeout.ok()) return request_timeout.status();
  config.timeout = std::chrono::milliseconds(*request_timeout);
  config.tls_config.ca_file = datasource_ca_file;
  config.tls_config.insecure_skip_verify = datasource_insecure_skip_verify;
  if (!datasource_bearer_token_file.empty()) {
    config.has_authorization = true;
    config.authorization.credentials_file = datasource_bearer_token_file;
  }
  auto client = datasource::HttpClient::Make(std::move(config));
  if (!client.ok()) return client.status();
  out.backend =
      std::make_unique<RemoteBackend>(std::move(client).value(), options);
  return out;
}

}  // namespace tocsin::engine
