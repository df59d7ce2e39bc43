#include "datasource/metadata.h"

#include "datasource/endpoint.h"
#include "datasource/query_response.h"
#include "datasource/selector_fetch.h"

namespace tocsin::datasource {
namespace {

constexpr int64_t kUnbounded = 1'000'000'000'000'000;

HttpRequest MetadataRequest(const HttpClient& client, std::string path,
                            MatcherSets sets, int64_t mint, int64_t maxt) {
  std::string form;
  auto add = [&form](std::string_view key, const std::string& value) {
    if (!form.empty()) form += '&';
    form += QueryEscape(key);
    form += '=';
    form += QueryEscape(value);
  };
  for (const auto& set : sets) add("match[]", PrintSelector(set));
  if (mint > -kUnbounded) add("start", FormatApiTime(mint));
  if (maxt < kUnbounded) add("end", FormatApiTime(maxt));
  HttpRequest req;
  if (path.size() + 1 + form.size() <= client.config().max_get_url_length) {
    req.target = form.empty() ? path : path + "?" + form;
  } else {
    req.method = "POST";
    req.target = std::move(path);
    req.body = std::move(form);
    req.content_type = "application/x-www-form-urlencoded";
  }
  return req;
}

// A label name as one path segment: a space is %20 there, not '+'.
std::string PathSegment(std::string_view name) {
  std::string escaped = QueryEscape(name);
  std::string out;
  out.reserve(escaped.size());
  for (char c : escaped) {
    if (c == '+') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<std::vector<promql::Labels>> FetchSeries(HttpClient& client,
                                                MatcherSets sets, int64_t mint,
                                                int64_t maxt) {
  auto r =
      client.Do(MetadataRequest(client, "/api/v1/series", sets, mint, maxt));
  if (!r.ok()) return r.status();
  return ParseLabelSetsResponse(r->status, r->reason, r->body);
}

Result<std::vector<std::string>> FetchLabelNames(HttpClient& client,
                                                 MatcherSets sets, int64_t mint,
                                                 int64_t maxt) {
  auto r =
      client.Do(MetadataRequest(client, "/api/v1/labels", sets, mint, maxt));
  if (!r.ok()) return r.status();
  return ParseStringsResponse(r->status, r->reason, r->body);
}

Result<std::vector<std::string>> FetchLabelValues(HttpClient& client,
                                                  std::string_view name,
                                                  MatcherSets sets,
                                                  int64_t mint, int64_t maxt) {
  std::string path = "/api/v1/label/" + PathSegment(name) + "/values";
  auto r =
      client.Do(MetadataRequest(client, std::move(path), sets, mint, maxt));
  if (!r.ok()) return r.status();
  return ParseStringsResponse(r->status, r->reason, r->body);
}

}  // namespace tocsin::datasource
