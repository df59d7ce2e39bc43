// Evaluator::RangeEval, Prometheus's rangeEval: evaluates expressions to
// matrices, then calls a step function at every step with each
// expression's samples at that step, and assembles what the step function
// returns into one matrix. Internal to the engine (included by the
// evaluator's .cc files only).

#ifndef TOCSIN_PROMQL_RANGE_EVAL_H_
#define TOCSIN_PROMQL_RANGE_EVAL_H_

#include <cstddef>
#include <type_traits>
#include <vector>

#include "promql/evaluator.h"

namespace tocsin::promql {

// The values of RangeEval's expressions at one step.
struct StepArgs {
  // Per expression: its samples at the step, in the order of its matrix's
  // series (empty for string expressions). Step functions may move the
  // vectors out and must leave them empty or moved back.
  std::vector<Vector> vectors;
  // Per expression: key_fn of each sample's series, aligned with vectors.
  std::vector<std::vector<uint64_t>> keys;
};

// Collects the samples a step function returns at each step into series,
// keyed by label-set hash as Prometheus does.
class StepCollector {
 public:
  void Add(int64_t ts, const Vector& samples);
  // The series in order of first appearance, each with its points in step
  // order.
  EvalMatrix Finish();

 private:
  U64Map<uint32_t> index_;
  std::vector<Labels> metrics_;
  std::vector<uint32_t> sample_series_;
  std::vector<int64_t> sample_t_;
  std::vector<double> sample_v_;
};

template <typename KeyFn, typename StepFn>
EvalMatrix Evaluator::RangeEval(std::span<const Expr* const> exprs,
                                KeyFn key_fn, StepFn step_fn) {
  constexpr bool kWithKeys = !std::is_same_v<KeyFn, std::nullptr_t>;
  const int64_t original_samples = ctx_.current_samples;
  const size_t n = exprs.size();
  std::vector<EvalMatrix> inputs(n);
  for (size_t i = 0; i < n; ++i) {
    if (exprs[i] != nullptr && exprs[i]->type() != ValueType::kString) {
      inputs[i] = Eval(*exprs[i]);
    }
  }

  StepArgs args;
  args.vectors.resize(n);
  args.keys.resize(n);
  std::vector<std::vector<uint64_t>> series_keys(n);
  std::vector<std::vector<size_t>> cursors(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& series = inputs[i].series;
    args.vectors[i].reserve(series.size());
    cursors[i].reserve(series.size());
    for (const auto& s : series) cursors[i].push_back(s.begin);
    if constexpr (kWithKeys) {
      args.keys[i].reserve(series.size());
      series_keys[i].reserve(series.size());
      for (const auto& s : series) series_keys[i].push_back(key_fn(s.metric));
    }
  }

  Vector out;
  U64Map<char> seen;
  StepCollector collector;
  const int64_t max_samples = ctx_.options.max_samples;
  int64_t step_base_samples = ctx_.current_samples;
  for (int64_t ts = start_; ts <= end_; ts += interval_) {
    CheckDeadline();
    ctx_.current_samples = step_base_samples;
    for (size_t i = 0; i < n; ++i) {
      Vector& vec = args.vectors[i];
      vec.clear();
      if constexpr (kWithKeys) args.keys[i].clear();
      const EvalMatrix& in = inputs[i];
      for (size_t si = 0; si < in.series.size(); ++si) {
        size_t& c = cursors[i][si];
        if (c == in.series[si].end || in.t[c] != ts) continue;
        if (ctx_.current_samples >= max_samples) ThrowTooManySamples();
        ++ctx_.current_samples;
        vec.push_back(Sample{in.series[si].metric, ts, in.v[c]});
        if constexpr (kWithKeys) args.keys[i].push_back(series_keys[i][si]);
        ++c;
      }
    }
    out.clear();
    step_fn(ts, args, &out);
    if (ContainsSameLabelset(out, seen)) {
      throw EvalError("vector cannot contain metrics with the same labelset");
    }
    ctx_.current_samples += static_cast<int64_t>(out.size());
    step_base_samples += static_cast<int64_t>(out.size());
    if (ctx_.current_samples > max_samples) ThrowTooManySamples();
    if (start_ == end_) {
      // An instant evaluation keeps the order the step function chose.
      EvalMatrix result;
      result.series.reserve(out.size());
      result.t.reserve(out.size());
      result.v.reserve(out.size());
      for (Sample& s : out) {
        result.BeginSeries(std::move(s.metric));
        result.AddPoint(ts, s.v);
      }
      ctx_.current_samples =
          original_samples + static_cast<int64_t>(out.size());
      return result;
    }
    collector.Add(ts, out);
  }
  EvalMatrix result = collector.Finish();
  ctx_.current_samples =
      original_samples + static_cast<int64_t>(result.NumPoints());
  return result;
}

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_RANGE_EVAL_H_
