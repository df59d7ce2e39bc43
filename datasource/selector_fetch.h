// How tocsin reads one selector from a Prometheus-compatible query API
// without changing PromQL's semantics, and how the answers become the
// columns the engine reads.
//
// The HTTP API never returns staleness markers, so tocsin lets the server
// resolve lookback and staleness for instant selectors and fetches raw
// samples only where the engine needs them:
//  - An instant selector read at reference times first_ref, first_ref +
//    step, ..., last_ref (SelectHints, queryable.h) is sent, without its
//    offset (the reference times include it), as an instant query at
//    first_ref when there is one reference time, or as range queries over
//    the reference times (at most kMaxPointsPerQuery steps each, below
//    Prometheus's 11,000-point limit). Each answer sample sits exactly at
//    its reference time; where a series is absent at a reference time
//    right after one where it was present, a staleness marker at that
//    reference time keeps the engine's own lookback from reaching back to
//    the earlier sample. The engine then reads exactly what the server saw.
//  - For timestamp()'s argument (hints.sample_timestamps) the same queries
//    are also sent for `timestamp(<selector>)`, and every sample is placed
//    at its true timestamp (series are matched on their labels without
//    __name__).
//  - A range selector (hints.range > 0) is one instant query of
//    `<selector>[d]` at last_ref with d = last_ref - first_ref + range,
//    which yields the raw samples in [first_ref - range, last_ref], both
//    ends included as in Prometheus 2.42; the engine slices its windows
//    locally.
// Pure functions; thread-safe.

#ifndef TOCSIN_DATASOURCE_SELECTOR_FETCH_H_
#define TOCSIN_DATASOURCE_SELECTOR_FETCH_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "datasource/http_client.h"
#include "datasource/query_response.h"
#include "promql/matcher.h"
#include "promql/queryable.h"
#include "promql/status.h"

namespace tocsin::datasource {

// Steps per range query: Prometheus rejects more than 11,000 points.
inline constexpr int64_t kMaxPointsPerQuery = 10000;

// One request to the query API.
struct ApiQuery {
  std::string expr;
  bool range = false;
  int64_t time = 0;  // instant queries
  int64_t start = 0, end = 0, step = 0;  // range queries
  friend bool operator==(const ApiQuery&, const ApiQuery&) = default;
};

// The queries that answer one Select, and how to combine their answers.
struct SelectPlan {
  SelectPlan() = default;
  promql::SelectHints hints;
  bool raw = false;  // a range selector: one matrix of raw samples
  std::vector<ApiQuery> queries;           // values, in time order
  std::vector<ApiQuery> timestamp_queries; // timestamp(), same chunks
};

// The selector as PromQL text: `{__name__="up",job="api"}`, matchers
// sorted by label name (then type and value) so that equal selectors
// print equally.
std::string PrintSelector(std::span<const promql::Matcher> matchers);

// Plans a Select with hints as described above.
SelectPlan PlanSelect(std::span<const promql::Matcher> matchers,
                      const promql::SelectHints& hints);
// Plans a Select without hints: the raw samples in [mint, maxt].
SelectPlan PlanRawSelect(std::span<const promql::Matcher> matchers,
                         int64_t mint, int64_t maxt);

// Combines the answers: `answers` holds one QueryData per query of
// plan.queries followed by one per plan.timestamp_queries. Fails with
// kUnavailable when an answer has the wrong result type.
Result<promql::SeriesSet> AssembleSelect(const SelectPlan& plan,
                                         std::vector<QueryData> answers);

// The HTTP request for `query`: a GET of /api/v1/query(_range), or a form
// POST when the GET's URL would be longer than max_get_url_length.
HttpRequest MakeApiRequest(const ApiQuery& query, size_t max_get_url_length);

// Milliseconds as the API's decimal seconds: 1500 -> "1.5".
std::string FormatApiTime(int64_t ms);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_SELECTOR_FETCH_H_
