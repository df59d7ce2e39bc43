#include "promql/query_plan.h"

#include <string_view>

#include "promql/parser/functions.h"

namespace tocsin::promql {
namespace {

// Functions whose result changes with the evaluation time even when their
// arguments do not, or that use their argument's sample timestamps.
bool IsAtModifierUnsafe(std::string_view name) {
  static constexpr std::string_view kUnsafe[] = {
      "days_in_month",  "day_of_month", "day_of_week", "day_of_year",
      "hour",           "minute",       "month",       "year",
      "predict_linear", "time",         "timestamp"};
  for (std::string_view n : kUnsafe) {
    if (n == name) return true;
  }
  return false;
}

std::optional<int64_t> ResolveAt(std::optional<int64_t> at, AtModifier mod,
                                 int64_t start, int64_t end) {
  switch (mod) {
    case AtModifier::kStart:
      return start;
    case AtModifier::kEnd:
      return end;
    case AtModifier::kNone:
      return at;
  }
  return at;
}

// The summed offsets and ranges of the subqueries on `path`, restarting at
// a subquery with `@`, whose time is returned too (subqueryTimes).
struct SubqueryTimes {
  int64_t offset = 0;
  int64_t range = 0;
  std::optional<int64_t> at;
};

using SubqueryPath = std::vector<const SubqueryExpr*>;

SubqueryTimes SumSubqueryTimes(const SubqueryPath& path, QueryPlan& plan) {
  SubqueryTimes times;
  for (const SubqueryExpr* sq : path) {
    times.offset += sq->offset_ms;
    times.range += sq->range_ms;
    if (auto at = plan.State(*sq).at) {
      times.offset = sq->offset_ms;
      times.range = sq->range_ms;
      times.at = at;
    }
  }
  return times;
}

// Calls visit(node, subqueries enclosing it, range of the matrix selector
// directly enclosing it or 0) for every node of the tree, parents first.
template <typename Visit>
void InspectWithPath(const Expr& e, SubqueryPath& path, int64_t range,
                     Visit& visit) {
  visit(e, path, range);
  switch (e.kind) {
    case NodeKind::kMatrixSelector: {
      const auto& ms = static_cast<const MatrixSelector&>(e);
      InspectWithPath(*ms.vector_selector, path, ms.range_ms, visit);
      return;
    }
    case NodeKind::kSubquery: {
      const auto& sq = static_cast<const SubqueryExpr&>(e);
      path.push_back(&sq);
      InspectWithPath(*sq.expr, path, 0, visit);
      path.pop_back();
      return;
    }
    case NodeKind::kAggregate: {
      const auto& a = static_cast<const AggregateExpr&>(e);
      if (a.param) InspectWithPath(*a.param, path, 0, visit);
      InspectWithPath(*a.expr, path, 0, visit);
      return;
    }
    case NodeKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      InspectWithPath(*b.lhs, path, 0, visit);
      InspectWithPath(*b.rhs, path, 0, visit);
      return;
    }
    case NodeKind::kCall:
      for (const auto& arg : static_cast<const Call&>(e).args) {
        InspectWithPath(*arg, path, 0, visit);
      }
      return;
    case NodeKind::kParen:
      InspectWithPath(*static_cast<const ParenExpr&>(e).expr, path, 0, visit);
      return;
    case NodeKind::kUnary:
      InspectWithPath(*static_cast<const UnaryExpr&>(e).expr, path, 0, visit);
      return;
    case NodeKind::kVectorSelector:
    case NodeKind::kNumberLiteral:
    case NodeKind::kStringLiteral:
      return;
  }
}

template <typename Visit>
void InspectWithPath(const Expr& root, Visit visit) {
  SubqueryPath path;
  InspectWithPath(root, path, 0, visit);
}

}  // namespace

QueryPlan::QueryPlan(const Expr& root, int64_t start, int64_t end,
                     int64_t lookback_delta)
    : start_(start), end_(end), lookback_delta_(lookback_delta) {
  // `@ <time>` holds everywhere; `@ start()` / `@ end()` resolve only where
  // Prometheus's preprocessing reaches (not in aggregation parameters).
  InspectWithPath(root, [this](const Expr& e, const SubqueryPath&, int64_t) {
    if (e.kind == NodeKind::kVectorSelector) {
      State(e).at = static_cast<const VectorSelector&>(e).at_ms;
    } else if (e.kind == NodeKind::kSubquery) {
      State(e).at = static_cast<const SubqueryExpr&>(e).at_ms;
    }
  });
  root_invariant_ = MarkInvariant(root);
  if (root_invariant_) State(root).step_invariant = true;
  ComputeSelectWindows(root);
  SetOffsetsForAt(root, start);
}

bool QueryPlan::IsStepInvariant(const Expr& node) const {
  auto it = states_.find(&node);
  return it != states_.end() && it->second.step_invariant;
}

// Prometheus's preprocessExprHelper: returns whether `e` is step invariant
// and marks the invariant children of variant nodes.
bool QueryPlan::MarkInvariant(const Expr& e) {
  auto wrap = [this](const Expr& child) { State(child).step_invariant = true; };
  switch (e.kind) {
    case NodeKind::kVectorSelector: {
      const auto& vs = static_cast<const VectorSelector&>(e);
      NodeState& s = State(vs);
      s.at = ResolveAt(vs.at_ms, vs.at_modifier, start_, end_);
      return s.at.has_value();
    }
    case NodeKind::kAggregate:
      // As in Prometheus, the parameter is not examined.
      return MarkInvariant(*static_cast<const AggregateExpr&>(e).expr);
    case NodeKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      bool lhs = MarkInvariant(*b.lhs);
      bool rhs = MarkInvariant(*b.rhs);
      if (lhs && rhs) return true;
      if (lhs) wrap(*b.lhs);
      if (rhs) wrap(*b.rhs);
      return false;
    }
    case NodeKind::kCall: {
      const auto& c = static_cast<const Call&>(e);
      bool invariant = !IsAtModifierUnsafe(c.func->name);
      std::vector<bool> args_invariant(c.args.size());
      for (size_t i = 0; i < c.args.size(); ++i) {
        args_invariant[i] = MarkInvariant(*c.args[i]);
        invariant = invariant && args_invariant[i];
      }
      if (invariant) return true;
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (args_invariant[i]) wrap(*c.args[i]);
      }
      return false;
    }
    case NodeKind::kMatrixSelector:
      return MarkInvariant(
          *static_cast<const MatrixSelector&>(e).vector_selector);
    case NodeKind::kSubquery: {
      const auto& sq = static_cast<const SubqueryExpr&>(e);
      if (MarkInvariant(*sq.expr)) wrap(*sq.expr);
      NodeState& s = State(sq);
      s.at = ResolveAt(sq.at_ms, sq.at_modifier, start_, end_);
      return s.at.has_value();
    }
    case NodeKind::kParen:
      return MarkInvariant(*static_cast<const ParenExpr&>(e).expr);
    case NodeKind::kUnary:
      return MarkInvariant(*static_cast<const UnaryExpr&>(e).expr);
    case NodeKind::kNumberLiteral:
    case NodeKind::kStringLiteral:
      return true;
  }
  return false;
}

// Prometheus's getTimeRangesForSelector, for every selector of the tree.
void QueryPlan::ComputeSelectWindows(const Expr& root) {
  InspectWithPath(root, [this](const Expr& e, const SubqueryPath& path,
                               int64_t enclosing_range) {
    if (e.kind != NodeKind::kVectorSelector) return;
    const auto& vs = static_cast<const VectorSelector&>(e);
    NodeState& s = State(vs);
    int64_t start = start_;
    int64_t end = end_;
    SubqueryTimes sq = SumSubqueryTimes(path, *this);
    if (sq.at) start = end = *sq.at;
    if (s.at) {
      start = end = *s.at;
    } else {
      start -= sq.offset + sq.range;
      end -= sq.offset;
    }
    start -= enclosing_range == 0 ? lookback_delta_ : enclosing_range;
    s.select_mint = start - vs.offset_ms;
    s.select_maxt = end - vs.offset_ms;
  });
}

void QueryPlan::SetOffsetsForAt(const Expr& root, int64_t eval_time) {
  InspectWithPath(root, [&](const Expr& e, const SubqueryPath& path, int64_t) {
    int64_t original;
    if (e.kind == NodeKind::kVectorSelector) {
      original = static_cast<const VectorSelector&>(e).offset_ms;
    } else if (e.kind == NodeKind::kSubquery) {
      original = static_cast<const SubqueryExpr&>(e).offset_ms;
    } else {
      return;
    }
    NodeState& s = State(e);
    s.offset = original;
    if (!s.at) return;
    SubqueryTimes sq = SumSubqueryTimes(path, *this);
    int64_t subquery_offset = sq.offset;
    if (sq.at) subquery_offset += eval_time - *sq.at;
    s.offset = original + (eval_time - *s.at) - subquery_offset;
  });
}

}  // namespace tocsin::promql
