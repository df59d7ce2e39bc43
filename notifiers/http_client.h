// A small blocking HTTP/1.1 client for receiver integrations: one request
// per connection, over TCP or TLS, with the settings of an http_config
// (TLS CA file, client certificate, server name, insecure_skip_verify,
// basic_auth, authorization / bearer tokens, read from their *_file at
// send time) and one overall deadline for resolving, connecting, the TLS
// handshake, writing and reading. proxy_url and oauth2 are not supported
// yet (oauth2 fails the request; proxy_url is ignored).
//
// Thread-safe: every call uses its own connection and I/O context.

#ifndef TOCSIN_NOTIFIERS_HTTP_CLIENT_H_
#define TOCSIN_NOTIFIERS_HTTP_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/config_types.h"
#include "promql/status.h"

namespace tocsin::notifiers {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

// Sends `request` and waits for the response for at most `timeout`. Errors are
// kUnavailable (connection refused or reset, DNS), kTimeout, or
// kInvalidArgument (a bad URL or TLS/auth setting).
Result<HttpResponse> SendHttp(const HttpRequest& request,
                              const HttpConfig& config, Duration timeout);

// The User-Agent receivers send, as Alertmanager 0.25 sends it.
inline constexpr const char* kUserAgent = "Alertmanager/0.25.0";

// Base64 (standard alphabet, padded).
std::string Base64(std::string_view data);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_HTTP_CLIENT_H_
