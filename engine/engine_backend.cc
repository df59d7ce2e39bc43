#include "engine/engine_backend.h"

#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

// Prometheus checks the deadline before evaluating: a request whose timeout
// is zero or negative fails there.
bool AlreadyExpired(std::optional<std::chrono::milliseconds> timeout) {
  return timeout && timeout->count() <= 0;
}

Status ExpiredError() {
  return Status::Timeout("query timed out in query execution");
}

}  // namespace

promql::Engine EngineBackend::EngineFor(
    std::optional<std::chrono::milliseconds> timeout) const {
  if (!timeout || *timeout >= engine_.options().timeout) return engine_;
  promql::EngineOptions options = engine_.options();
  options.timeout = *timeout;
  return promql::Engine(options);
}

Result<promql::QueryValue> EngineBackend::InstantQuery(
    std::string_view query, int64_t t_ms,
    std::optional<std::chrono::milliseconds> timeout) {
  auto expr = promql::ParseExpr(query);
  if (!expr.ok()) return expr.status();
  if (AlreadyExpired(timeout)) return ExpiredError();
  std::shared_ptr<promql::Queryable> queryable = OpenQueryable();
  PrepareInstant(*queryable, **expr, t_ms);
  return EngineFor(timeout).InstantExpr(*queryable, **expr, t_ms);
}

Result<promql::QueryValue> EngineBackend::RangeQuery(
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
    // Prometheus divides by the step in milliseconds and fails this way
    // when a sub-millisecond step truncates to zero.
    return Status::Execution(
        "unexpected error: runtime error: integer divide by zero");
  }
  if (AlreadyExpired(timeout)) return ExpiredError();
  std::shared_ptr<promql::Queryable> queryable = OpenQueryable();
  return EngineFor(timeout).RangeExpr(*queryable, **expr, start_ms, end_ms,
                                      step_ms);
}

}  // namespace tocsin::engine
