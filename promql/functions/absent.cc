#include "promql/functions/absent.h"

#include <set>
#include <string>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::RangeArg;
using functions_internal::VectorArg;

Labels LabelsForAbsent(const Expr& arg) {
  const Expr* e = &arg;
  while (e->kind == NodeKind::kParen) {
    e = static_cast<const ParenExpr*>(e)->expr.get();
  }
  if (e->kind == NodeKind::kMatrixSelector) {
    e = static_cast<const MatrixSelector*>(e)->vector_selector.get();
  }
  if (e->kind != NodeKind::kVectorSelector) return Labels();
  const auto& matchers = static_cast<const VectorSelector*>(e)->matchers;
  LabelsBuilder b;
  std::set<std::string_view> has;
  for (const Matcher& m : matchers) {
    if (m.name() == kMetricName) continue;
    if (m.type() == MatchType::kEqual && !has.contains(m.name())) {
      b.Set(m.name(), m.value());
      has.insert(m.name());
    } else {
      b.Del(m.name());
    }
  }
  return b.Build();
}

// One sample labelled from the argument's matchers when the argument is
// empty; nothing otherwise.
void FuncAbsent(const FunctionCall& call, Vector* out) {
  if (!VectorArg(call, 0).empty()) return;
  Labels labels =
      call.expr.args.empty() ? Labels() : LabelsForAbsent(*call.expr.args[0]);
  out->push_back(Sample{std::move(labels), call.t, 1});
}

// Called only for windows that hold samples, it marks them present; the
// engine turns the steps without any into absent_over_time's result.
void FuncAbsentOverTime(const FunctionCall& call, Vector* out) {
  RangeArg(call, 0);
  AppendValue(call, out, 1);
}

}  // namespace tocsin::promql
