// DatasourceConfig: where tocsin reads series from and how it talks to it.
//
// The `datasource` block of tocsin.yml, with the names and meaning of
// Prometheus's own HTTP client settings (basic_auth, authorization,
// tls_config), so that a Prometheus `remote_read` or Grafana datasource
// block translates one to one. The daemon's config loader fills it; the
// HTTP client (http_client.h) validates it when it is created. A plain
// value: safe to copy and to share read-only between threads.

#ifndef TOCSIN_DATASOURCE_CONFIG_H_
#define TOCSIN_DATASOURCE_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tocsin::datasource {

struct BasicAuth {
  std::string username;
  std::string password;
  // Read on every request, so that a rotated secret takes effect at once.
  // At most one of password and password_file may be set.
  std::string password_file;
};

struct Authorization {
  std::string type = "Bearer";
  std::string credentials;
  // Read on every request; at most one of credentials and credentials_file.
  std::string credentials_file;
};

struct TlsConfig {
  // PEM file of the CAs that sign the server's certificate; empty means
  // the system's default CAs.
  std::string ca_file;
  // A client certificate and its key (PEM), both or neither.
  std::string cert_file;
  std::string key_file;
  // The name to verify the server's certificate against and to send as
  // SNI; empty means the URL's host.
  std::string server_name;
  // Accept any server certificate (no chain or name check).
  bool insecure_skip_verify = false;
};

struct DatasourceConfig {
  // The base URL of a Prometheus-compatible query API; requests go to
  // <url>/api/v1/query and <url>/api/v1/query_range. http:// or https://,
  // optionally with a path prefix (http://thanos:10902/prefix).
  std::string url;
  // The longest one request may take, retries included.
  std::chrono::milliseconds timeout{std::chrono::minutes(1)};
  bool has_basic_auth = false;
  BasicAuth basic_auth;
  bool has_authorization = false;
  Authorization authorization;
  TlsConfig tls_config;
  // Extra request headers, sent as given.
  std::vector<std::pair<std::string, std::string>> headers;

  // Tuning; the defaults suit a Prometheus next to tocsin.
  int max_connections = 16;        // concurrent requests and pooled connections
  int max_retries = 3;             // after the first attempt
  std::chrono::milliseconds retry_backoff{100};      // doubled per retry
  std::chrono::milliseconds max_retry_backoff{2000};
  // Requests whose URL would be longer than this go as a form POST.
  size_t max_get_url_length = 2048;
  // The largest response body accepted.
  size_t max_response_bytes = size_t{1} << 30;
  // Idle pooled connections are closed after this long.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(90)};
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_CONFIG_H_
