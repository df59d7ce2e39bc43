// Evaluator: evaluates an AST over the steps start, start+interval, ...,
// end, with Prometheus 2.42's semantics. Internal to the engine.
//
// Like Prometheus's evaluator, every node evaluates to a matrix over all
// steps at once (a scalar is one series without labels); operators,
// aggregations and functions on instant vectors run step by step through
// RangeEval. The code is split by node kind: eval_selector.cc,
// eval_binary.cc, eval_aggregate.cc, eval_call.cc, eval_subquery.cc.
//
// Errors are thrown: EvalError for evaluation errors, StatusError for
// timeouts and storage failures; Engine turns both into a Status. An
// Evaluator is used by one thread; child evaluators (subqueries,
// step-invariant subtrees) share its EvalContext.

#ifndef TOCSIN_PROMQL_EVALUATOR_H_
#define TOCSIN_PROMQL_EVALUATOR_H_

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "promql/engine.h"
#include "promql/flat_hash.h"
#include "promql/functions/function.h"
#include "promql/query_plan.h"
#include "promql/status.h"
#include "promql/value.h"

namespace tocsin::promql {

// Carries a non-execution failure (timeout, storage error) out of the
// evaluation.
struct StatusError {
  Status status;
};

// An intermediate result: series with their points, the points of all
// series in two shared columns.
struct EvalMatrix {
  struct Series {
    Labels metric;
    size_t begin = 0;  // index of the first point in t / v
    size_t end = 0;    // one past the last point
  };
  std::vector<Series> series;
  std::vector<int64_t> t;
  std::vector<double> v;

  size_t NumPoints() const { return t.size(); }
  std::span<const int64_t> Times(const Series& s) const {
    return {t.data() + s.begin, s.end - s.begin};
  }
  std::span<const double> Values(const Series& s) const {
    return {v.data() + s.begin, s.end - s.begin};
  }
  // Appends a series; points added after it belong to it until the next.
  void BeginSeries(Labels metric) {
    series.push_back({std::move(metric), t.size(), t.size()});
  }
  void AddPoint(int64_t ts, double value) {
    t.push_back(ts);
    v.push_back(value);
    series.back().end = t.size();
  }
  // Removes the last series again if it got no points.
  void EndSeries() {
    if (!series.empty() && series.back().begin == series.back().end) {
      series.pop_back();
    }
  }
};

// What an evaluator and its children share.
struct EvalContext {
  Queryable& queryable;
  QueryPlan& plan;
  const EngineOptions& options;
  std::chrono::steady_clock::time_point deadline;
  // Samples held by the evaluation at this moment, against max_samples.
  int64_t current_samples = 0;
};

// True when two samples of `vec` have the same label set (by hash, as
// Prometheus checks).
bool ContainsSameLabelset(const Vector& vec, U64Map<char>& scratch);

// Fails with "vector cannot contain metrics with the same labelset" when
// two series of `m` have the same label set.
void CheckUniqueLabelsets(const EvalMatrix& m);

// Fails with Prometheus's "too many samples" error.
[[noreturn]] void ThrowTooManySamples();

class Evaluator {
 public:
  Evaluator(EvalContext& ctx, int64_t start, int64_t end, int64_t interval)
      : ctx_(ctx), start_(start), end_(end), interval_(interval) {}

  // The value of `e`, which must not be of string type.
  EvalMatrix Eval(const Expr& e);
  // The value of a string-typed expression (a literal, maybe in parens).
  static const std::string& EvalString(const Expr& e);

  int64_t start() const { return start_; }
  int64_t end() const { return end_; }
  int64_t interval() const { return interval_; }
  // The number of steps; 0 when end < start (a subquery whose range is
  // shorter than its step can have none).
  size_t NumSteps() const {
    if (end_ < start_) return 0;
    return static_cast<size_t>((end_ - start_) / interval_) + 1;
  }

 private:
  EvalMatrix EvalNode(const Expr& e);
  EvalMatrix EvalStepInvariant(const Expr& e);
  EvalMatrix EvalNumber(double value);
  EvalMatrix EvalUnary(const UnaryExpr& e);
  EvalMatrix EvalAggregate(const AggregateExpr& e);
  EvalMatrix EvalBinary(const BinaryExpr& e);
  EvalMatrix EvalCall(const Call& e);
  EvalMatrix EvalRangeFunction(const Call& e, size_t matrix_arg);
  EvalMatrix EvalTimestampOfSelector(const Call& e, const VectorSelector& vs);
  EvalMatrix EvalVectorSelector(const VectorSelector& vs);
  EvalMatrix EvalMatrixSelector(const MatrixSelector& ms);
  EvalMatrix EvalSubquery(const SubqueryExpr& sq);

  // Appends the instant vector `vs` selects at `ts`, each sample with its
  // own timestamp (for timestamp()).
  void SelectVectorAt(const VectorSelector& vs, int64_t ts, Vector* out);
  // The series of selector `vs`, fetched from the Queryable on first use,
  // with hints on how they will be read (a range selector's `range`; an
  // argument of timestamp()).
  const SeriesSet& SelectedSeries(const VectorSelector& vs, int64_t range,
                                  bool sample_timestamps);

  // Runs `step_fn` at every step with the values of `exprs` at that step
  // and collects what it returns into a matrix (range_eval.h).
  template <typename KeyFn, typename StepFn>
  EvalMatrix RangeEval(std::span<const Expr* const> exprs, KeyFn key_fn,
                       StepFn step_fn);

  void CheckDeadline() const;
  // Counts `n` more samples held; fails when over the limit.
  void AddSamples(int64_t n);

  EvalContext& ctx_;
  const int64_t start_;
  const int64_t end_;
  const int64_t interval_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_EVALUATOR_H_
