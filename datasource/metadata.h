// Series and label metadata from a Prometheus-compatible query API
// (/api/v1/series, /api/v1/labels, /api/v1/label/<name>/values), for the
// query API that tocsin serves over a datasource. Requests go through the
// HttpClient (GET, or a form POST when long); answers are parsed as
// query_response.h describes. Thread-safe.

#ifndef TOCSIN_DATASOURCE_METADATA_H_
#define TOCSIN_DATASOURCE_METADATA_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "datasource/http_client.h"
#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/status.h"

namespace tocsin::datasource {

using MatcherSets = std::span<const std::vector<promql::Matcher>>;

// Times beyond ±1e15 ms (the API's defaults) are left out of the request.
Result<std::vector<promql::Labels>> FetchSeries(HttpClient& client,
                                                MatcherSets sets, int64_t mint,
                                                int64_t maxt);
Result<std::vector<std::string>> FetchLabelNames(HttpClient& client,
                                                 MatcherSets sets, int64_t mint,
                                                 int64_t maxt);
Result<std::vector<std::string>> FetchLabelValues(HttpClient& client,
                                                  std::string_view name,
                                                  MatcherSets sets,
                                                  int64_t mint, int64_t maxt);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_METADATA_H_
