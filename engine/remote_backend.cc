#include "engine/remote_backend.h"

#include "datasource/fetch_cache.h"
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

namespace {

Status NotForwarded() {
  return Status::Unavailable(
      "series and label metadata are not available over a datasource yet");
}

}  // namespace

Result<std::vector<promql::Labels>> RemoteBackend::Series(
    std::span<const MatcherSet>, int64_t, int64_t) {
  return NotForwarded();
}

Result<std::vector<std::string>> RemoteBackend::LabelNames(
    std::span<const MatcherSet>, int64_t, int64_t) {
  return NotForwarded();
}

Result<std::vector<std::string>> RemoteBackend::LabelValues(
    std::string_view, std::span<const MatcherSet>, int64_t, int64_t) {
  return NotForwarded();
}

}  // namespace tocsin::engine
