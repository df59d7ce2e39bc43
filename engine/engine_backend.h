// EngineBackend: what every query backend that evaluates with tocsin's own
// PromQL engine shares. InstantQuery and RangeQuery parse the query, check
// it as Prometheus's API does (range queries need a scalar or instant
// vector and a step of at least a millisecond; an already expired timeout
// fails before evaluating), and evaluate it over the Queryable that
// OpenQueryable hands out for that one query. Subclasses say where the
// series come from and answer the metadata endpoints.
//
// Thread-safety: as QueryBackend; OpenQueryable must be safe to call from
// many threads at once.

#ifndef TOCSIN_ENGINE_ENGINE_BACKEND_H_
#define TOCSIN_ENGINE_ENGINE_BACKEND_H_

#include <memory>

#include "engine/query_backend.h"
#include "promql/engine.h"
#include "promql/queryable.h"

namespace tocsin::engine {

class EngineBackend : public QueryBackend {
 public:
  explicit EngineBackend(promql::EngineOptions options) : engine_(options) {}

  Result<promql::QueryValue> InstantQuery(
      std::string_view query, int64_t t_ms,
      std::optional<std::chrono::milliseconds> timeout) override;
  Result<promql::QueryValue> RangeQuery(
      std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
      std::optional<std::chrono::milliseconds> timeout) override;

  // The series one query reads; it lives as long as the query.
  virtual std::shared_ptr<promql::Queryable> OpenQueryable() = 0;
  // Called before an instant query of `expr` at `t_ms` is evaluated over
  // `queryable` (from OpenQueryable): a backend may fetch what it will
  // read ahead of the evaluation.
  virtual void PrepareInstant(promql::Queryable& queryable,
                              const promql::Expr& expr, int64_t t_ms) {
    (void)queryable;
    (void)expr;
    (void)t_ms;
  }

  const promql::Engine& engine() const { return engine_; }

 private:
  // The engine for one query: the shared one, or a copy whose timeout is
  // lowered to the request's.
  promql::Engine EngineFor(
      std::optional<std::chrono::milliseconds> timeout) const;

  promql::Engine engine_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_ENGINE_BACKEND_H_
