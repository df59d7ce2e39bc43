// QueryPlan: the per-query facts the evaluator needs about an AST that it
// must not modify (a parsed expression is shared, e.g. by a rule that
// evaluates it every interval).
//
// Built once per query before evaluation, as Prometheus 2.42 prepares a
// query: `@ start()` / `@ end()` resolve to the query's start and end; the
// subtrees whose value does not change from step to step are marked step
// invariant (evaluated once, then repeated per step); every vector selector
// gets the time window it must fetch; selectors and subqueries with `@` get
// the offset that makes a single evaluation at the evaluator's start time
// read at the `@` time. The evaluator updates those offsets when it enters
// a subquery, as Prometheus does. Not thread-safe: one plan per running
// query.

#ifndef TOCSIN_PROMQL_QUERY_PLAN_H_
#define TOCSIN_PROMQL_QUERY_PLAN_H_

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "promql/parser/ast.h"
#include "promql/queryable.h"

namespace tocsin::promql {

// What the plan knows about one node.
struct NodeState {
  // The node's value is the same at every step (a StepInvariantExpr wraps
  // it in Prometheus's tree).
  bool step_invariant = false;
  // Vector selectors and subqueries: the resolved `@` time, if any.
  std::optional<int64_t> at;
  // Vector selectors and subqueries: the offset to apply at evaluation.
  // Equals the written offset unless `@` is set.
  int64_t offset = 0;
  // Vector selectors: the window to fetch from the Queryable, and the
  // fetched series once the selector was first evaluated.
  int64_t select_mint = 0;
  int64_t select_maxt = 0;
  std::optional<SeriesSet> series;
};

class QueryPlan {
 public:
  // Prepares `root` for evaluation over [start, end] (equal for an
  // instant query).
  QueryPlan(const Expr& root, int64_t start, int64_t end,
            int64_t lookback_delta);

  // The root itself is step invariant.
  bool RootStepInvariant() const { return root_invariant_; }

  // The state of `node`; every node of the tree has one.
  NodeState& State(const Expr& node) { return states_[&node]; }
  bool IsStepInvariant(const Expr& node) const;

  // Recomputes the offsets of `@` selectors and subqueries below `root`
  // (inclusive) for a single evaluation at `eval_time`
  // (setOffsetForAtModifier in Prometheus).
  void SetOffsetsForAt(const Expr& root, int64_t eval_time);

 private:
  bool MarkInvariant(const Expr& e);
  void ComputeSelectWindows(const Expr& root);

  int64_t start_;
  int64_t end_;
  int64_t lookback_delta_;
  bool root_invariant_ = false;
  std::unordered_map<const Expr*, NodeState> states_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_QUERY_PLAN_H_
