// DaemonConfig: tocsin.yml, the configuration of `tocsin run`.
//
//   global:
//     evaluation_interval: 1m          # groups without their own interval
//     external_labels: {replica: a}    # added to sent alerts; $externalLabels
//     query_offset: 0s                 # rules query this far in the past
//   datasource:                        # a Prometheus-compatible query API...
//     url: http://127.0.0.1:9090
//     timeout: 1m                      # + basic_auth, authorization,
//                                      #   tls_config, headers (config.h)
//     range_cache_overlap: 30s         # re-read of range windows
//     series_files: [recording.om]     # ...or recorded series, replayed
//     replay: {speed: 60, start: 2023-11-14T22:13:20Z}
//   rule_files: [rules/*.yml]          # globs
//   alerting:
//     alertmanager_config: alertmanager.yml   # the built-in router
//     alertmanagers:                   # external Alertmanagers (API v2)
//       - url: http://127.0.0.1:9093
//         timeout: 10s
//   remote_write:                      # recorded series and ALERTS
//     - url: http://127.0.0.1:9090/api/v1/write
//
// Relative paths (rule_files, series_files, alertmanager_config) are
// relative to the directory of tocsin.yml, as Prometheus resolves them.
// Errors name the file, line and column: "tocsin.yml:3:5: field foo not
// found in global". Plain values; LoadDaemonConfig is reentrant.

#ifndef TOCSIN_ENGINE_DAEMON_CONFIG_H_
#define TOCSIN_ENGINE_DAEMON_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datasource/config.h"
#include "datasource/remote_write_config.h"
#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::engine {

// Replaying recorded series as if they were live: the evaluation clock
// starts at `start_ms` (of recorded time) and runs `speed` times faster
// than real time.
struct ReplayConfig {
  double speed = 1;
  std::optional<int64_t> start_ms;  // unset: the recording's first sample
};

struct DaemonConfig {
  std::string file;  // the path it was read from

  int64_t evaluation_interval_ms = 60 * 1000;
  promql::Labels external_labels;
  int64_t query_offset_ms = 0;

  // Exactly one of datasource.url and series_files is set.
  datasource::DatasourceConfig datasource;
  // How much of each range selector's window is fetched again at every
  // evaluation (datasource/range_cache.h).
  int64_t range_cache_overlap_ms = 30 * 1000;
  std::vector<std::string> series_files;  // resolved and expanded
  ReplayConfig replay;

  // The rule_files patterns as written, and the files they match, sorted
  // and distinct (patterns resolved against the config's directory).
  std::vector<std::string> rule_file_patterns;
  std::vector<std::string> rule_files;

  std::string alertmanager_config;  // resolved; empty: no built-in router
  std::vector<datasource::DatasourceConfig> alertmanagers;

  // Where recorded series and ALERTS go by Prometheus remote write.
  std::vector<datasource::RemoteWriteConfig> remote_write;
};

// Decodes tocsin.yml's text; `file` names it in messages and anchors
// relative paths. Globs are expanded against the file system.
Result<DaemonConfig> ParseDaemonConfig(std::string_view text,
                                       const std::string& file);
// Reads and decodes the file at `path`.
Result<DaemonConfig> LoadDaemonConfig(const std::string& path);

// Whether `text` looks like tocsin.yml rather than an Alertmanager config
// (it has a datasource, rule_files or alerting key at the top), for
// `tocsin check config`.
bool LooksLikeDaemonConfig(std::string_view text);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_DAEMON_CONFIG_H_
