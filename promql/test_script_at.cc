#include "promql/test_script_at.h"

#include "promql/parser/functions.h"
#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

namespace tocsin::promql {
namespace {

// Functions whose result depends on the evaluation time even when their
// arguments do not (Prometheus's AtModifierUnsafeFunctions).
bool IsAtModifierUnsafe(std::string_view name) {
  for (std::string_view f :
       {"days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour",
        "minute", "month", "year", "predict_linear", "time", "timestamp"}) {
    if (name == f) return true;
  }
  return false;
}

// Sets `@ ts` on every selector and subquery that has none, except inside
// subqueries (whose own `@` then governs). Returns false when the
// expression calls an @-unsafe function outside subqueries.
bool PinToTime(Expr* e, int64_t ts) {
  switch (e->kind) {
    case NodeKind::kVectorSelector: {
      auto* vs = static_cast<VectorSelector*>(e);
      if (!vs->at_ms) {
        vs->at_ms = ts;
        vs->at_modifier = AtModifier::kNone;
      }
      return true;
    }
    case NodeKind::kMatrixSelector:
      return PinToTime(static_cast<MatrixSelector*>(e)->vector_selector.get(),
                       ts);
    case NodeKind::kSubquery: {
      auto* sq = static_cast<SubqueryExpr*>(e);
      if (!sq->at_ms) {
        sq->at_ms = ts;
        sq->at_modifier = AtModifier::kNone;
      }
      return true;  // the inside keeps its own times
    }
    case NodeKind::kCall: {
      auto* call = static_cast<Call*>(e);
      bool safe = !IsAtModifierUnsafe(call->func->name);
      for (auto& arg : call->args) safe = PinToTime(arg.get(), ts) && safe;
      return safe;
    }
    case NodeKind::kAggregate: {
      auto* agg = static_cast<AggregateExpr*>(e);
      bool safe = PinToTime(agg->expr.get(), ts);
      if (agg->param) safe = PinToTime(agg->param.get(), ts) && safe;
      return safe;
    }
    case NodeKind::kBinary: {
      auto* bin = static_cast<BinaryExpr*>(e);
      bool safe = PinToTime(bin->lhs.get(), ts);
      return PinToTime(bin->rhs.get(), ts) && safe;
    }
    case NodeKind::kParen:
      return PinToTime(static_cast<ParenExpr*>(e)->expr.get(), ts);
    case NodeKind::kUnary:
      return PinToTime(static_cast<UnaryExpr*>(e)->expr.get(), ts);
    case NodeKind::kNumberLiteral:
    case NodeKind::kStringLiteral:
      return true;
  }
  return true;
}

}  // namespace

std::vector<InstantQuery> InstantQueries(const std::string& expr, int64_t t) {
  std::vector<InstantQuery> out{{expr, t}};
  auto parsed = ParseExpr(expr);
  if (!parsed.ok() || !PinToTime(parsed->get(), t)) return out;
  std::string pinned = Print(**parsed);
  std::vector<int64_t> times = {-10 * t, 0, t / 5, t, 10 * t};
  if (t == 0) times = {-1000, 0, 1000};
  for (int64_t et : times) out.push_back({pinned, et});
  return out;
}

}  // namespace tocsin::promql
