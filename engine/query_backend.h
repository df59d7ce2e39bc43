// QueryBackend: what the query API (query_api.h) asks of the data behind it.
//
// The API parses and checks HTTP parameters and writes JSON; a backend
// parses and runs PromQL and answers the metadata endpoints. tocsin serves
// recorded series through StorageBackend (storage_backend.h); tests plug in
// fakes. Implementations must be safe to call from several threads at once.

#ifndef TOCSIN_ENGINE_QUERY_BACKEND_H_
#define TOCSIN_ENGINE_QUERY_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/status.h"
#include "promql/value.h"

namespace tocsin::engine {

// One match[] parameter: a selector's matchers.
using MatcherSet = std::vector<promql::Matcher>;

class QueryBackend {
 public:
  virtual ~QueryBackend() = default;

  // Evaluates `query` at t_ms. `timeout`, when set, bounds this query below
  // the backend's own limit. Errors: kInvalidArgument for parse and type
  // errors (the parser's message, "1:5: parse error: ..."); kExecution,
  // kTimeout, kCanceled or another code for failures while evaluating.
  virtual Result<promql::QueryValue> InstantQuery(
      std::string_view query, int64_t t_ms,
      std::optional<std::chrono::milliseconds> timeout) = 0;

  // Evaluates `query` at start_ms, start_ms + step_ms, ..., end_ms and
  // yields a Matrix. step_ms may be 0 when the request asked for less than a
  // millisecond. Errors as InstantQuery; a query that is neither a scalar
  // nor an instant vector fails with kInvalidArgument "invalid expression
  // type \"range vector\" for range query, must be Scalar or instant Vector".
  virtual Result<promql::QueryValue> RangeQuery(
      std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
      std::optional<std::chrono::milliseconds> timeout) = 0;

  // The label sets of the series that match any of `sets` and have a sample
  // in [mint, maxt], sorted and distinct. `sets` is never empty.
  virtual Result<std::vector<promql::Labels>> Series(
      std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) = 0;

  // Sorted, distinct label names (or values of label `name`). With no sets:
  // over every series; otherwise over the series that match any set and
  // have a sample in [mint, maxt].
  virtual Result<std::vector<std::string>> LabelNames(
      std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) = 0;
  virtual Result<std::vector<std::string>> LabelValues(
      std::string_view name, std::span<const MatcherSet> sets, int64_t mint,
      int64_t maxt) = 0;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_QUERY_BACKEND_H_
