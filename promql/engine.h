// Engine: evaluates PromQL expressions against a Queryable, with Prometheus
// 2.42's semantics.
//
// An instant query evaluates at one timestamp and yields a Scalar, Vector or
// String; a range query evaluates at start, start+step, ..., end and yields
// a Matrix sorted by labels. Errors come back as Status values:
// kInvalidArgument for parse and type errors, kExecution for evaluation
// errors (many-to-many matching, duplicate label sets, sample limit),
// kTimeout when the query runs past its deadline. An Engine holds only its
// options: one Engine may run many queries on many threads at once.

#ifndef TOCSIN_PROMQL_ENGINE_H_
#define TOCSIN_PROMQL_ENGINE_H_

#include <chrono>
#include <cstdint>
#include <string_view>

#include "promql/parser/ast.h"
#include "promql/queryable.h"
#include "promql/status.h"
#include "promql/value.h"

namespace tocsin::promql {

struct EngineOptions {
  // How far back an instant selector looks for the latest sample.
  int64_t lookback_delta_ms = 5 * 60 * 1000;
  // The most samples a query may hold in memory at once; beyond it the query
  // fails with "query processing would load too many samples into memory in
  // query execution".
  int64_t max_samples = 50'000'000;
  // The longest a query may run; beyond it the query fails with kTimeout
  // ("query timed out in expression evaluation").
  std::chrono::milliseconds timeout{std::chrono::minutes(2)};
  // Subquery step when the query gives none ("[5m:]"), in milliseconds.
  int64_t default_evaluation_interval_ms = 60 * 1000;
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});

  Result<QueryValue> Instant(Queryable& queryable, std::string_view query,
                             int64_t t_ms) const;
  Result<QueryValue> Range(Queryable& queryable, std::string_view query,
                           int64_t start_ms, int64_t end_ms,
                           int64_t step_ms) const;

  // The same for an already parsed expression.
  Result<QueryValue> InstantExpr(Queryable& queryable, const Expr& expr,
                                 int64_t t_ms) const;
  Result<QueryValue> RangeExpr(Queryable& queryable, const Expr& expr,
                               int64_t start_ms, int64_t end_ms,
                               int64_t step_ms) const;

  const EngineOptions& options() const { return options_; }

 private:
  // Evaluates `expr` at start, start+interval, ..., end. An instant query
  // returns the value of the expression's type, a range query a Matrix
  // sorted by labels.
  Result<QueryValue> Run(Queryable& queryable, const Expr& expr, int64_t start,
                         int64_t end, int64_t interval, bool instant) const;

  EngineOptions options_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_ENGINE_H_
