#include "rules/recording_rule.h"

#include <unordered_set>
#include <utility>

namespace tocsin::rules {

RecordingRule::RecordingRule(std::string name,
                             std::shared_ptr<const promql::Expr> expr,
                             promql::Labels labels)
    : Rule(std::move(name), std::move(expr), std::move(labels)) {}

Result<promql::Vector> RecordingRule::Eval(const EvalContext& ctx) {
  auto result = (*ctx.query)(expr(), ctx.query_ts());
  if (!result.ok()) return result.status();
  promql::Vector& vector = *result;
  for (promql::Sample& s : vector) {
    promql::LabelsBuilder b(s.metric);
    b.Set(promql::kMetricName, name());
    for (promql::LabelView l : labels()) b.Set(l.name, l.value);
    s.metric = b.Build();
  }
  if (vector.size() > 1) {
    std::unordered_set<promql::Labels, promql::LabelsHash> seen;
    seen.reserve(vector.size());
    for (const promql::Sample& s : vector) {
      if (!seen.insert(s.metric).second) {
        return Status::Execution(
            "vector contains metrics with the same labelset after applying "
            "rule labels");
      }
    }
  }
  if (ctx.limit > 0 && static_cast<int64_t>(vector.size()) > ctx.limit) {
    return Status::Execution("exceeded limit of " + std::to_string(ctx.limit) +
                             " with " + std::to_string(vector.size()) +
                             " series");
  }
  return result;
}

}  // namespace tocsin::rules
