#include "promql/engine.h"

#include <algorithm>
#include <exception>

#include "promql/evaluator.h"
#include "promql/parser/parser.h"

namespace tocsin::promql {
namespace {

// Turns the evaluator's matrix into the value an instant query returns for
// an expression of type `type`.
QueryValue InstantValue(ValueType type, EvalMatrix m, int64_t t) {
  switch (type) {
    case ValueType::kScalar:
      if (m.series.empty()) return Scalar{t, 0};
      return Scalar{t, m.v[m.series[0].begin]};
    case ValueType::kVector: {
      Vector vec;
      vec.reserve(m.series.size());
      for (auto& s : m.series) {
        vec.push_back(Sample{std::move(s.metric), t, m.v[s.begin]});
      }
      return vec;
    }
    default: {
      Matrix out;
      out.reserve(m.series.size());
      for (auto& s : m.series) {
        Series series{std::move(s.metric), {}};
        series.points.reserve(s.end - s.begin);
        for (size_t i = s.begin; i < s.end; ++i) {
          series.points.push_back(Point{m.t[i], m.v[i]});
        }
        out.push_back(std::move(series));
      }
      return out;
    }
  }
}

}  // namespace

Engine::Engine(EngineOptions options) : options_(options) {}

Result<QueryValue> Engine::Instant(Queryable& queryable, std::string_view query,
                                   int64_t t_ms) const {
  auto expr = ParseExpr(query);
  if (!expr.ok()) return expr.status();
  return InstantExpr(queryable, **expr, t_ms);
}

Result<QueryValue> Engine::Range(Queryable& queryable, std::string_view query,
                                 int64_t start_ms, int64_t end_ms,
                                 int64_t step_ms) const {
  auto expr = ParseExpr(query);
  if (!expr.ok()) return expr.status();
  return RangeExpr(queryable, **expr, start_ms, end_ms, step_ms);
}

Result<QueryValue> Engine::InstantExpr(Queryable& queryable, const Expr& expr,
                                       int64_t t_ms) const {
  return Run(queryable, expr, t_ms, t_ms, 1, /*instant=*/true);
}

Result<QueryValue> Engine::RangeExpr(Queryable& queryable, const Expr& expr,
                                     int64_t start_ms, int64_t end_ms,
                                     int64_t step_ms) const {
  ValueType type = expr.type();
  if (type != ValueType::kVector && type != ValueType::kScalar) {
    return Status::InvalidArgument(
        std::string("invalid expression type \"") +
        DocumentedValueTypeName(type) +
        "\" for range query, must be Scalar or instant Vector");
  }
  if (step_ms <= 0) {
    return Status::InvalidArgument(
        "zero or negative query resolution step widths are not accepted. "
        "Try a positive integer");
  }
  if (end_ms < start_ms) {
    return Status::InvalidArgument(
        "end timestamp must not be before start time");
  }
  return Run(queryable, expr, start_ms, end_ms, step_ms, /*instant=*/false);
}

Result<QueryValue> Engine::Run(Queryable& queryable, const Expr& expr,
                               int64_t start, int64_t end, int64_t interval,
                               bool instant) const {
  QueryPlan plan(expr, start, end, options_.lookback_delta_ms);
  EvalContext ctx{queryable, plan, options_,
                  std::chrono::steady_clock::now() + options_.timeout};
  Evaluator evaluator(ctx, start, end, interval);
  try {
    if (expr.type() == ValueType::kString) {
      return QueryValue(String{start, Evaluator::EvalString(expr)});
    }
    EvalMatrix m = evaluator.Eval(expr);
    if (instant) return InstantValue(expr.type(), std::move(m), start);
    Matrix out =
        std::get<Matrix>(InstantValue(ValueType::kMatrix, std::move(m), start));
    std::sort(out.begin(), out.end(), [](const Series& a, const Series& b) {
      return a.metric < b.metric;
    });
    return QueryValue(std::move(out));
  } catch (const EvalError& e) {
    return Status::Execution(e.what());
  } catch (const StatusError& e) {
    return e.status;
  } catch (const std::bad_alloc&) {
    return Status::Execution("query ran out of memory");
  }
}

}  // namespace tocsin::promql
