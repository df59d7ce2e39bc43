// The `remote_write` block of tocsin.yml: where the daemon sends
// recording-rule results and ALERTS / ALERTS_FOR_STATE samples, with the
// names of Prometheus's own `remote_write` list so that a block copied from
// prometheus.yml reads unchanged:
//
//   remote_write:
//     - url: http://mimir:9009/api/v1/push
//       name: mimir                   # default: 6 hex digits of the URL's hash
//       remote_timeout: 30s           # per request
//       headers: {X-Scope-OrgID: team-a}
//       basic_auth: {username: u, password_file: /etc/tocsin/pw}
//       authorization: {type: Bearer, credentials_file: /etc/tocsin/token}
//       tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem,
//                    server_name: mimir, insecure_skip_verify: false}
//       queue_config:
//         capacity: 100000            # samples held in memory, all shards
//         max_shards: 1               # batches in flight at once
//         min_shards: 1               # accepted; tocsin does not reshard
//         max_samples_per_send: 2000
//         batch_send_deadline: 5s
//         min_backoff: 30ms
//         max_backoff: 5s
//         retry_on_http_429: true
//
// Differences from Prometheus 2.42, because tocsin has no WAL behind the
// queue: `capacity` bounds all samples waiting in memory (Prometheus: per
// shard, backed by the WAL), and the oldest are dropped beyond it;
// `max_shards` is a fixed number of shards; `retry_on_http_429` defaults to
// true (Prometheus 2.42: false, which drops the batch). `metadata_config`,
// `send_exemplars`, `send_native_histograms`, `follow_redirects` and
// `enable_http2` are accepted and have no effect (tocsin has no metadata,
// exemplars or histograms to send, and speaks HTTP/1.1);
// `write_relabel_configs`, `sigv4`, `oauth2`, `azuread` and `proxy_url` are
// errors (not supported). Headers that remote write sets itself
// (Content-Encoding, User-Agent, X-Prometheus-Remote-Write-Version, ...) may
// not be configured, as in Prometheus.
//
// Errors name the place: "tocsin.yml:7:9: field capacty not found in
// remote_write.queue_config". Plain values; the parser is thread-safe.

#ifndef TOCSIN_DATASOURCE_REMOTE_WRITE_CONFIG_H_
#define TOCSIN_DATASOURCE_REMOTE_WRITE_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

struct RemoteWriteQueueConfig {
  int capacity = 100000;
  int max_shards = 1;
  int min_shards = 1;
  int max_samples_per_send = 2000;
  std::chrono::milliseconds batch_send_deadline{std::chrono::seconds(5)};
  std::chrono::milliseconds min_backoff{30};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
  bool retry_on_http_429 = true;
};

struct RemoteWriteConfig {
  // Names the queue in logs and metrics (Prometheus's remote_name label).
  std::string name;
  // The receiver's full URL (http://host:9090/api/v1/write) in `http.url`,
  // `remote_timeout` in `http.timeout` (default 30s), and the HTTP client
  // settings. The writer itself retries, so http.max_retries is 0.
  DatasourceConfig http;
  RemoteWriteQueueConfig queue;
};

// Reads the list `node` (a null node is an empty list) of `file` (the name
// used in messages). Fails with kInvalidArgument: unknown or unsupported
// fields, wrong types, a missing url, reserved headers, two entries with
// the same name.
Result<std::vector<RemoteWriteConfig>> ParseRemoteWriteConfigs(
    const YAML::Node& node, std::string_view file);

// The same for YAML text whose root is the list.
Result<std::vector<RemoteWriteConfig>> ParseRemoteWriteConfigsText(
    std::string_view text, std::string_view file);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_REMOTE_WRITE_CONFIG_H_
