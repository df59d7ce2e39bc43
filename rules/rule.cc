#include "rules/rule.h"

#include <utility>
#include <variant>

#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

namespace tocsin::rules {
namespace {

Result<promql::Vector> ToVector(Result<promql::QueryValue> res) {
  if (!res.ok()) return res.status();
  if (auto* v = std::get_if<promql::Vector>(&*res)) return std::move(*v);
  if (auto* s = std::get_if<promql::Scalar>(&*res)) {
    return promql::Vector{promql::Sample{promql::Labels(), s->t, s->v}};
  }
  return Status::Execution("rule result is not a vector or scalar");
}

}  // namespace

QueryFunc EngineQueryFunc(const promql::Engine& engine,
                          promql::Queryable& queryable) {
  return [&engine, &queryable](const promql::Expr& expr, int64_t t_ms) {
    return ToVector(engine.InstantExpr(queryable, expr, t_ms));
  };
}

TemplateQueryFunc EngineTemplateQueryFunc(const promql::Engine& engine,
                                          promql::Queryable& queryable) {
  return [&engine, &queryable](std::string_view query, int64_t t_ms) {
    return ToVector(engine.Instant(queryable, query, t_ms));
  };
}

const char* RuleHealthName(RuleHealth health) {
  switch (health) {
    case RuleHealth::kUnknown:
      return "unknown";
    case RuleHealth::kGood:
      return "ok";
    case RuleHealth::kBad:
      return "err";
  }
  return "unknown";
}

Rule::Rule(std::string name, std::shared_ptr<const promql::Expr> expr,
           promql::Labels labels)
    : name_(std::move(name)),
      expr_(std::move(expr)),
      query_(promql::Print(*expr_)),
      labels_(std::move(labels)) {}

}  // namespace tocsin::rules
