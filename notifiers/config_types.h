// Value types shared by the Alertmanager config model: secrets, URLs,
// host:port pairs and the HTTP client settings (Prometheus's common
// HTTPClientConfig, TLSConfig, BasicAuth, Authorization, OAuth2).
//
// A Secret never prints its value: ToString() is "<secret>" (or "" when
// unset), as Alertmanager marshals secrets. The raw value is only available
// through Reveal(), for the code that sends it to a peer. All types are
// plain values; safe to share read-only between threads.

#ifndef TOCSIN_NOTIFIERS_CONFIG_TYPES_H_
#define TOCSIN_NOTIFIERS_CONFIG_TYPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

inline constexpr std::string_view kSecretToken = "<secret>";

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  bool empty() const { return value_.empty(); }
  const std::string& Reveal() const { return value_; }
  std::string ToString() const {
    return value_.empty() ? std::string() : std::string(kSecretToken);
  }
  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

// An absolute http(s) URL as Alertmanager validates it at load time.
struct Url {
  std::string text;  // as written
  std::string scheme;
  std::string host;  // host[:port]
  bool empty() const { return text.empty(); }
};

// Parses a URL the way Alertmanager's config.URL does: Go's url.Parse, then
// the scheme must be http or https ("unsupported scheme \"ftp\" for URL")
// and the host non-empty ("missing host for URL").
Result<Url> ParseHttpUrl(std::string_view text);
// Go's url.Parse alone (proxy_url): any scheme, host optional.
Result<Url> ParseAnyUrl(std::string_view text);

// "host:port" as net.SplitHostPort splits it.
struct HostPort {
  std::string host;
  std::string port;
  bool empty() const { return host.empty() && port.empty(); }
  std::string ToString() const {
    return empty() ? std::string() : host + ":" + port;
  }
};
// "" gives an empty HostPort; errors read as Go's ("address x: missing port
// in address", "address \"x:\": port cannot be empty").
Result<HostPort> ParseHostPort(std::string_view text);

struct TlsConfig {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string server_name;
  bool insecure_skip_verify = false;
  std::string min_version;  // "", "TLS10" ... "TLS13"
  std::string max_version;
};

struct BasicAuth {
  std::string username;
  Secret password;
  std::string password_file;
};

struct Authorization {
  std::string type;  // "Bearer" when unset
  Secret credentials;
  std::string credentials_file;
};

struct OAuth2 {
  std::string client_id;
  Secret client_secret;
  std::string client_secret_file;
  std::vector<std::string> scopes;
  std::string token_url;
  std::vector<std::pair<std::string, std::string>> endpoint_params;
  std::string proxy_url;
  TlsConfig tls_config;
};

// Prometheus's common HTTPClientConfig (v0.38). bearer_token and
// bearer_token_file are folded into `authorization` after validation, as
// Prometheus does.
struct HttpConfig {
  std::optional<BasicAuth> basic_auth;
  std::optional<Authorization> authorization;
  std::optional<OAuth2> oauth2;
  std::string proxy_url;  // parsed and kept; tocsin only talks to 127.0.0.1
                          // in tests and ignores it for now
  TlsConfig tls_config;
  bool follow_redirects = true;
  bool enable_http2 = true;
};

// Joins a relative path to `dir` as Alertmanager resolves file paths
// against the config file's directory; "" and absolute paths stay.
std::string JoinDir(std::string_view dir, std::string_view path);
// Resolves every *_file path of `c` against `dir`.
void ResolveHttpConfigPaths(std::string_view dir, HttpConfig& c);
void ResolveTlsConfigPaths(std::string_view dir, TlsConfig& c);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_CONFIG_TYPES_H_
