#include "engine/remote_backend.h"

#include <algorithm>

#include "datasource/fetch_cache.h"
#include "datasource/metadata.h"
#include "datasource/remote_queryable.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {

RemoteBackend::RemoteBackend(std::unique_ptr<datasource::HttpClient> client,
                             promql::EngineOptions options)
    : client_(std::move(client)), engine_(options) {}

promql::Engine RemoteBackend::EngineFor(
    std::optional<std::chrono::milliseconds> timeout) const {
  if (!timeout || *timeout >= engine_.options().timeout) return engine_;
  promql::EngineOptions options = engine_.options();
  options.timeout = *timeout;
  return promql::Engine(options);
}

Result<promql::QueryValue> RemoteBackend::InstantQuery(
    std::string_view query, int64_t t_ms,
    std::optional<std::chrono::milliseconds> timeout) {
  auto expr = promql::ParseExpr(query);
  if (!expr.ok()) return expr.status();
  if (timeout && timeout->count() <= 0) {
    return Status::Timeout("query timed out in query execution");
  }
  datasource::FetchCache cache;
  datasource::RemoteQueryable queryable(client_.get(), &cache);
  return EngineFor(timeout).InstantExpr(queryable, **expr, t_ms);
}

Result<promql::QueryValue> RemoteBackend::RangeQuery(
    std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
    std::optional<std::chrono::milliseconds> timeout) {
  auto expr = promql::ParseExpr(query);
  if (!expr.ok()) return expr.status();
  promql::ValueType type = (*expr)->type();
  if (type != promql::ValueType::kVector &&
      type != promql::ValueType::kScalar) {
    return Status::InvalidArgument(
        std::string("invalid expression type \"") +
        promql::DocumentedValueTypeName(type) +
        "\" for range query, must be Scalar or instant Vector");
  }
  if (step_ms <= 0) {
    return Status::Execution(
        "unexpected error: runtime error: integer divide by zero");
  }
  if (timeout && timeout->count() <= 0) {
    return Status::Timeout("query timed out in query execution");
  }
  datasource::FetchCache cache;
  datasource::RemoteQueryable queryable(client_.get(), &cache);
  return EngineFor(timeout).RangeExpr(queryable, **expr, start_ms, end_ms,
                                      step_ms);
}

Result<std::vector<promql::Labels>> RemoteBackend::Series(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  auto series = datasource::FetchSeries(*client_, sets, mint, maxt);
  if (!series.ok()) return series.status();
  // The query API answers sorted, distinct label sets.
  std::sort(series->begin(), series->end());
  series->erase(std::unique(series->begin(), series->end()), series->end());
  return series;
}

Result<std::vector<std::string>> RemoteBackend::LabelNames(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  return datasource::FetchLabelNames(*client_, sets, mint, maxt);
}

Result<std::vector<std::string>> RemoteBackend::LabelValues(
    std::string_view name, std::span<const MatcherSet> sets, int64_t mint,
    int64_t maxt) {
  return datasource::FetchLabelValues(*client_, name, sets, mint, maxt);
}

}  // namespace tocsin::engine
