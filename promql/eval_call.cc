// Function calls: functions of instant vectors and scalars step by step,
// functions of a range vector series by series and window by window.

#include <cmath>
#include <limits>

#include "promql/functions/absent.h"
#include "promql/parser/functions.h"
#include "promql/range_eval.h"
#include "promql/series_window.h"

namespace tocsin::promql {
namespace {

// A series that a range-vector function reads: labels and columns.
struct RangeSource {
  const Labels* labels;
  std::span<const int64_t> t;
  std::span<const double> v;
};

[[noreturn]] void ThrowNotImplemented(const Call& e) {
  throw EvalError("function \"" + std::string(e.func->name) +
                  "\" is not implemented");
}

// The value of a scalar argument's matrix at step index `step`.
double ScalarAt(const EvalMatrix& m, size_t step) {
  if (m.series.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto& s = m.series[0];
  size_t i = s.begin + step;
  return i < s.end ? m.v[i] : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

EvalMatrix Evaluator::EvalCall(const Call& e) {
  FunctionImpl impl = LookupFunctionImpl(e.func->name);
  if (impl == nullptr) ThrowNotImplemented(e);
  if (e.func->name == "timestamp") {
    const Expr* arg = UnwrapParens(e.args[0].get());
    if (arg->kind == NodeKind::kVectorSelector) {
      return EvalTimestampOfSelector(e,
                                     *static_cast<const VectorSelector*>(arg));
    }
  }
  for (size_t i = 0; i < e.args.size(); ++i) {
    NodeKind kind = UnwrapParens(e.args[i].get())->kind;
    if (kind == NodeKind::kMatrixSelector || kind == NodeKind::kSubquery) {
      return EvalRangeFunction(e, i);
    }
  }

  std::vector<const Expr*> exprs;
  std::vector<Value> values(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i) {
    exprs.push_back(e.args[i].get());
    if (e.args[i]->type() == ValueType::kString) {
      values[i] = String{start_, EvalString(*e.args[i])};
    }
  }
  EvalNodeHelper helper;
  return RangeEval(exprs, nullptr, [&](int64_t ts, StepArgs& a, Vector* out) {
    for (size_t i = 0; i < exprs.size(); ++i) {
      switch (exprs[i]->type()) {
        case ValueType::kScalar:
          values[i] = Scalar{ts, a.vectors[i].empty()
                                     ? std::numeric_limits<double>::quiet_NaN()
                                     : a.vectors[i][0].v};
          break;
        case ValueType::kVector:
          values[i] = std::move(a.vectors[i]);
          break;
        default:
          break;
      }
    }
    impl(FunctionCall{e, values, ts, 0, 0, &helper}, out);
    for (size_t i = 0; i < exprs.size(); ++i) {
      if (auto* vec = std::get_if<Vector>(&values[i])) {
        a.vectors[i] = std::move(*vec);
      }
    }
  });
}

// timestamp(selector) sees the samples' own timestamps.
EvalMatrix Evaluator::EvalTimestampOfSelector(const Call& e,
                                              const VectorSelector& vs) {
  FunctionImpl impl = LookupFunctionImpl(e.func->name);
  std::vector<Value> values(1);
  EvalNodeHelper helper;
  return RangeEval(std::span<const Expr* const>(), nullptr,
                   [&](int64_t ts, StepArgs&, Vector* out) {
                     Vector vec;
                     SelectVectorAt(vs, ts, &vec);
                     values[0] = std::move(vec);
                     impl(FunctionCall{e, values, ts, 0, 0, &helper}, out);
                   });
}

EvalMatrix Evaluator::EvalRangeFunction(const Call& e, size_t matrix_arg) {
  FunctionImpl impl = LookupFunctionImpl(e.func->name);
  const size_t n = e.args.size();
  std::vector<Value> values(n);
  std::vector<EvalMatrix> scalar_args(n);
  for (size_t i = 0; i < n; ++i) {
    if (i == matrix_arg) continue;
    if (e.args[i]->type() == ValueType::kString) {
      values[i] = String{start_, EvalString(*e.args[i])};
    } else {
      scalar_args[i] = Eval(*e.args[i]);
    }
  }

  // The series to read, and the window at each step: [ts - offset - range,
  // ts - offset].
  const Expr* arg = UnwrapParens(e.args[matrix_arg].get());
  std::vector<RangeSource> sources;
  EvalMatrix subquery_result;
  int64_t offset;
  int64_t range;
  if (arg->kind == NodeKind::kMatrixSelector) {
    const auto& ms = static_cast<const MatrixSelector&>(*arg);
    const auto& vs = static_cast<const VectorSelector&>(*ms.vector_selector);
    for (const SeriesRef& s : SelectedSeries(vs, ms.range_ms, false).series) {
      sources.push_back({&s.labels, s.t, s.v});
    }
    offset = ctx_.plan.State(vs).offset;
    range = ms.range_ms;
  } else {
    const auto& sq = static_cast<const SubqueryExpr&>(*arg);
    subquery_result = EvalSubquery(sq);
    for (const auto& s : subquery_result.series) {
      sources.push_back(
          {&s.metric, subquery_result.Times(s), subquery_result.Values(s)});
    }
    const NodeState& state = ctx_.plan.State(sq);
    offset = state.at ? sq.offset_ms + (start_ - *state.at) : state.offset;
    range = sq.range_ms;
  }

  values[matrix_arg] = RangeVector{{RangeSeries{}}, {}};
  RangeSeries& window = std::get<RangeVector>(values[matrix_arg]).series[0];
  const bool drop_name = e.func->name != "last_over_time";
  EvalNodeHelper helper;
  EvalMatrix m;
  Vector out;
  for (const RangeSource& src : sources) {
    CheckDeadline();
    window.metric = *src.labels;
    SeriesWindows windows(src.t, src.v);
    // Each series comes once: no cache for the names dropped.
    m.BeginSeries(drop_name ? src.labels->WithoutMetricName() : *src.labels);
    size_t step = 0;
    for (int64_t ts = start_; ts <= end_; ts += interval_, ++step) {
      const int64_t maxt = ts - offset;
      const int64_t mint = maxt - range;
      if (!windows.Window(mint, maxt, &window.t, &window.v)) continue;
      if (ctx_.current_samples + static_cast<int64_t>(window.t.size()) >
          ctx_.options.max_samples) {
        ThrowTooManySamples();
      }
      for (size_t i = 0; i < n; ++i) {
        if (!scalar_args[i].series.empty()) {
          values[i] = Scalar{ts, ScalarAt(scalar_args[i], step)};
        }
      }
      out.clear();
      impl(FunctionCall{e, values, ts, mint, maxt, &helper}, &out);
      if (!out.empty()) m.AddPoint(ts, out[0].v);
    }
    m.EndSeries();
  }
  AddSamples(static_cast<int64_t>(m.NumPoints()));

  if (e.func->name == "absent_over_time") {
    // Present at a step if any series had samples there.
    std::vector<bool> present(NumSteps(), false);
    for (int64_t t : m.t)
      present[static_cast<size_t>((t - start_) / interval_)] = true;
    EvalMatrix absent;
    absent.BeginSeries(LabelsForAbsent(*arg));
    for (size_t i = 0; i < present.size(); ++i) {
      if (!present[i])
        absent.AddPoint(start_ + static_cast<int64_t>(i) * interval_, 1);
    }
    absent.EndSeries();
    return absent;
  }
  CheckUniqueLabelsets(m);
  return m;
}

// A subquery evaluates its expression at the steps aligned to its own step
// (or the default evaluation interval) in (t - offset - range, t - offset].
EvalMatrix Evaluator::EvalSubquery(const SubqueryExpr& sq) {
  const int64_t offset = ctx_.plan.State(sq).offset;
  const int64_t interval = sq.step_ms != 0
                               ? sq.step_ms
                               : ctx_.options.default_evaluation_interval_ms;
  const int64_t first = start_ - offset - sq.range_ms;
  int64_t start = interval * (first / interval);
  if (start < first) start += interval;
  if (start != start_) ctx_.plan.SetOffsetsForAt(*sq.expr, start);
  Evaluator child(ctx_, start, end_ - offset, interval);
  return child.Eval(*sq.expr);
}

}  // namespace tocsin::promql
