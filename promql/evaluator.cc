#include "promql/evaluator.h"

#include "promql/range_eval.h"

namespace tocsin::promql {

bool ContainsSameLabelset(const Vector& vec, U64Map<char>& scratch) {
  if (vec.size() < 2) return false;
  if (vec.size() == 2) return vec[0].metric.Hash() == vec[1].metric.Hash();
  scratch.Clear(vec.size());
  for (const Sample& s : vec) {
    if (!scratch.Insert(s.metric.Hash(), 0).second) return true;
  }
  return false;
}

void CheckUniqueLabelsets(const EvalMatrix& m) {
  U64Map<char> seen;
  seen.Clear(m.series.size());
  for (const auto& s : m.series) {
    if (!seen.Insert(s.metric.Hash(), 0).second) {
      throw EvalError("vector cannot contain metrics with the same labelset");
    }
  }
}

void ThrowTooManySamples() {
  throw EvalError(
      "query processing would load too many samples into memory in query "
      "execution");
}

void StepCollector::Add(int64_t ts, const Vector& samples) {
  for (const Sample& s : samples) {
    auto [index, inserted] =
        index_.Insert(s.metric.Hash(), static_cast<uint32_t>(metrics_.size()));
    if (inserted) metrics_.push_back(s.metric);
    sample_series_.push_back(*index);
    sample_t_.push_back(ts);
    sample_v_.push_back(s.v);
  }
}

EvalMatrix StepCollector::Finish() {
  // A counting sort by series keeps each series' points in step order.
  EvalMatrix m;
  std::vector<size_t> next(metrics_.size() + 1, 0);
  for (uint32_t s : sample_series_) ++next[s + 1];
  for (size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
  m.series.reserve(metrics_.size());
  for (size_t i = 0; i < metrics_.size(); ++i) {
    m.series.push_back({std::move(metrics_[i]), next[i], next[i + 1]});
  }
  m.t.resize(sample_t_.size());
  m.v.resize(sample_v_.size());
  for (size_t i = 0; i < sample_series_.size(); ++i) {
    size_t at = next[sample_series_[i]]++;
    m.t[at] = sample_t_[i];
    m.v[at] = sample_v_[i];
  }
  return m;
}

void Evaluator::CheckDeadline() const {
  if (std::chrono::steady_clock::now() > ctx_.deadline) {
    throw StatusError{
        Status::Timeout("query timed out in expression evaluation")};
  }
}

void Evaluator::AddSamples(int64_t n) {
  ctx_.current_samples += n;
  if (ctx_.current_samples > ctx_.options.max_samples) ThrowTooManySamples();
}

const std::string& Evaluator::EvalString(const Expr& e) {
  const Expr* inner = UnwrapParens(&e);
  if (inner->kind != NodeKind::kStringLiteral) {
    throw EvalError("expected a string literal");
  }
  return static_cast<const StringLiteral*>(inner)->value;
}

EvalMatrix Evaluator::Eval(const Expr& e) {
  CheckDeadline();
  if (start_ != end_ && ctx_.plan.IsStepInvariant(e)) {
    return EvalStepInvariant(e);
  }
  return EvalNode(e);
}

EvalMatrix Evaluator::EvalNode(const Expr& e) {
  switch (e.kind) {
    case NodeKind::kAggregate:
      return EvalAggregate(static_cast<const AggregateExpr&>(e));
    case NodeKind::kBinary:
      return EvalBinary(static_cast<const BinaryExpr&>(e));
    case NodeKind::kCall:
      return EvalCall(static_cast<const Call&>(e));
    case NodeKind::kMatrixSelector:
      return EvalMatrixSelector(static_cast<const MatrixSelector&>(e));
    case NodeKind::kSubquery:
      return EvalSubquery(static_cast<const SubqueryExpr&>(e));
    case NodeKind::kNumberLiteral:
      return EvalNumber(static_cast<const NumberLiteral&>(e).value);
    case NodeKind::kParen:
      return Eval(*static_cast<const ParenExpr&>(e).expr);
    case NodeKind::kUnary:
      return EvalUnary(static_cast<const UnaryExpr&>(e));
    case NodeKind::kVectorSelector:
      return EvalVectorSelector(static_cast<const VectorSelector&>(e));
    case NodeKind::kStringLiteral:
      break;
  }
  throw EvalError("unexpected string literal in an expression");
}

// A step-invariant subtree is evaluated once, at the first step; its value
// is then repeated at every step (range results are not repeated: their
// points carry their own timestamps).
EvalMatrix Evaluator::EvalStepInvariant(const Expr& e) {
  if (e.kind == NodeKind::kNumberLiteral) return EvalNode(e);
  Evaluator once(ctx_, start_, start_, interval_);
  EvalMatrix single = once.EvalNode(e);
  if (e.kind == NodeKind::kMatrixSelector || e.kind == NodeKind::kSubquery) {
    return single;
  }
  const size_t steps = NumSteps();
  EvalMatrix m;
  m.series.reserve(single.series.size());
  m.t.reserve(single.series.size() * steps);
  m.v.reserve(single.series.size() * steps);
  for (auto& s : single.series) {
    if (s.end - s.begin != 1) throw EvalError("unexpected number of samples");
    double value = single.v[s.begin];
    m.BeginSeries(std::move(s.metric));
    m.AddPoint(start_, value);
    for (int64_t ts = start_ + interval_; ts <= end_; ts += interval_) {
      m.AddPoint(ts, value);
      AddSamples(1);
    }
  }
  return m;
}

EvalMatrix Evaluator::EvalNumber(double value) {
  EvalMatrix m;
  const size_t steps = NumSteps();
  m.t.reserve(steps);
  m.v.reserve(steps);
  m.BeginSeries(Labels());
  for (int64_t ts = start_; ts <= end_; ts += interval_) m.AddPoint(ts, value);
  AddSamples(static_cast<int64_t>(steps));
  return m;
}

EvalMatrix Evaluator::EvalUnary(const UnaryExpr& e) {
  EvalMatrix m = Eval(*e.expr);
  if (e.op != BinaryOp::kSub) return m;
  EvalNodeHelper helper;
  for (auto& s : m.series) s.metric = helper.DropMetricName(s.metric);
  for (double& v : m.v) v = -v;
  CheckUniqueLabelsets(m);
  return m;
}

}  // namespace tocsin::promql
