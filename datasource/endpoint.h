// Endpoint: a datasource URL taken apart for the HTTP client.
//
// Accepts http:// and https:// URLs with a host, an optional port and an
// optional path prefix; a query string or fragment is an error, as is a
// URL with user info (credentials belong in basic_auth). A plain value;
// ParseEndpoint is pure and thread-safe.

#ifndef TOCSIN_DATASOURCE_ENDPOINT_H_
#define TOCSIN_DATASOURCE_ENDPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "promql/status.h"

namespace tocsin::datasource {

struct Endpoint {
  bool tls = false;
  std::string host;         // without brackets for IPv6
  uint16_t port = 0;        // explicit or the scheme's default
  std::string path_prefix;  // "" or "/prefix", never a trailing '/'
  std::string host_header;  // "host" or "host:port", as sent in Host
  std::string base_url;     // scheme://host[:port]/prefix, for messages
};

// Fails with kInvalidArgument ("invalid datasource URL \"x\": ..."; `what`
// names the URL's use).
Result<Endpoint> ParseEndpoint(std::string_view url,
                               std::string_view what = "datasource");

// Percent-encodes `s` for a query string or form body
// (application/x-www-form-urlencoded, as Go's url.QueryEscape).
std::string QueryEscape(std::string_view s);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_ENDPOINT_H_
