// HttpRequest and HttpResponse: the plain values that tocsin's HTTP handlers
// take and return, independent of the networking library underneath.
//
// Parameters follow Go's net/http form semantics, which Prometheus clients
// rely on: a form-encoded POST body is read first, the URL query after it,
// repeated keys keep every value in order (match[]=a&match[]=b), and
// Get() returns the first value, so body parameters win over URL ones.
// Decoding errors (a bad %-escape, a ';' separator) skip the offending pair
// and are remembered in form_error, as Go's ParseForm reports its first
// error. All types are plain values; share them read-only between threads.

#ifndef TOCSIN_ENGINE_HTTP_REQUEST_H_
#define TOCSIN_ENGINE_HTTP_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::engine {

// An ordered multimap of decoded form parameters.
class FormParams {
 public:
  void Add(std::string key, std::string value) {
    pairs_.emplace_back(std::move(key), std::move(value));
  }
  // The first value of `key`, or "" when absent (Go's FormValue).
  std::string_view Get(std::string_view key) const;
  bool Has(std::string_view key) const;
  // Every value of `key`, in order.
  std::vector<std::string_view> GetAll(std::string_view key) const;
  size_t size() const { return pairs_.size(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const {
    return pairs_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Decodes an application/x-www-form-urlencoded string (a URL query or a
// POST body) into `out`, as Go's url.ParseQuery does. Returns the first
// error text ("invalid URL escape \"%zz\"", "invalid semicolon separator in
// query"), or "" when every pair decoded.
std::string ParseUrlEncoded(std::string_view text, FormParams* out);

// %XX-decodes `s`; with `plus_is_space` a '+' becomes ' ' (query strings),
// without it '+' stays (paths). Returns nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s,
                                         bool plus_is_space);

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/api/v1/query?query=up"
  std::string path;    // percent-decoded path without the query
  std::string raw_query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  FormParams params;       // POST form body first, then the URL query
  std::string form_error;  // first decoding error, "" if none
  // Values captured by ":name" segments of the matched route.
  std::vector<std::pair<std::string, std::string>> path_params;

  // The first header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
  // The value captured for ":name" in the route, or "".
  std::string_view PathParam(std::string_view name) const;
};

// Splits `request->target` into path and query and fills params and
// form_error from the query and, for POST/PUT/PATCH with Content-Type
// application/x-www-form-urlencoded, from the body. Returns false when the
// path itself cannot be decoded (the caller answers 400).
bool ParseRequestParams(HttpRequest* request);

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  // A text/plain response the way Go's http.Error writes one: the text plus
  // a newline, charset utf-8, X-Content-Type-Options: nosniff.
  static HttpResponse Text(int status, std::string_view text);
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_HTTP_REQUEST_H_
