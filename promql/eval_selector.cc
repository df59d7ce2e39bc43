// Vector and matrix selectors: reading stored series at the evaluation
// steps, with lookback, staleness markers, offset and @.

#include "promql/evaluator.h"
#include "promql/series_window.h"

namespace tocsin::promql {

const SeriesSet& Evaluator::SelectedSeries(const VectorSelector& vs,
                                           int64_t range,
                                           bool sample_timestamps) {
  NodeState& state = ctx_.plan.State(vs);
  if (!state.series) {
    SelectHints hints;
    hints.first_ref = start_ - state.offset;
    hints.last_ref = end_ - state.offset;
    if (sample_timestamps && state.at)
      hints.first_ref = hints.last_ref = *state.at;
    hints.step = hints.first_ref == hints.last_ref ? 0 : interval_;
    hints.range = range;
    hints.lookback = range == 0 ? ctx_.options.lookback_delta_ms : 0;
    hints.sample_timestamps = sample_timestamps;
    auto selected = ctx_.queryable.Select(vs.matchers, state.select_mint,
                                          state.select_maxt, hints);
    if (!selected.ok()) {
      const Status& s = selected.status();
      throw StatusError{
          Status::WithCode(s.code(), "expanding series: " + s.message())};
    }
    state.series = std::move(selected).value();
    // Only the selected window is visible, as in Prometheus, where the
    // querier trims series to it (an `@` range selector in a range query
    // sees the overlap of its sliding window with this one).
    for (SeriesRef& s : state.series->series) {
      size_t lo = LowerBoundFrom(s.t, 0, state.select_mint);
      size_t hi = UpperBoundFrom(s.t, lo, state.select_maxt);
      s.t = s.t.subspan(lo, hi - lo);
      s.v = s.v.subspan(lo, hi - lo);
    }
  }
  return *state.series;
}

EvalMatrix Evaluator::EvalVectorSelector(const VectorSelector& vs) {
  const SeriesSet& set = SelectedSeries(vs, 0, false);
  const int64_t offset = ctx_.plan.State(vs).offset;
  const int64_t lookback = ctx_.options.lookback_delta_ms;
  const int64_t max_samples = ctx_.options.max_samples;
  EvalMatrix m;
  m.series.reserve(set.series.size());
  const size_t steps = NumSteps();
  if (steps == 1) {
    m.t.reserve(set.series.size());
    m.v.reserve(set.series.size());
  }
  for (const SeriesRef& s : set.series) {
    CheckDeadline();
    SeriesCursor cursor(s.t, s.v);
    m.BeginSeries(s.labels);
    for (int64_t ts = start_; ts <= end_; ts += interval_) {
      int64_t t;
      double v;
      if (!cursor.At(ts - offset, lookback, &t, &v)) continue;
      if (ctx_.current_samples >= max_samples) ThrowTooManySamples();
      ++ctx_.current_samples;
      m.AddPoint(ts, v);
    }
    m.EndSeries();
  }
  return m;
}

void Evaluator::SelectVectorAt(const VectorSelector& vs, int64_t ts,
                               Vector* out) {
  const SeriesSet& set = SelectedSeries(vs, 0, true);
  const NodeState& state = ctx_.plan.State(vs);
  // timestamp() reads `x @ t` at exactly t, whatever the offset, as
  // Prometheus 2.42 does.
  const int64_t ref = state.at ? *state.at : ts - state.offset;
  for (const SeriesRef& s : set.series) {
    int64_t t;
    double v;
    if (!SeriesCursor(s.t, s.v).At(ref, ctx_.options.lookback_delta_ms, &t,
                                   &v)) {
      continue;
    }
    out->push_back(Sample{s.labels, t, v});
    AddSamples(1);
  }
}

// A range selector evaluates on its own only at a single step (an instant
// query of `x[5m]`, or inside a step-invariant subtree).
EvalMatrix Evaluator::EvalMatrixSelector(const MatrixSelector& ms) {
  if (start_ != end_) {
    throw EvalError("cannot do range evaluation of matrix selector");
  }
  const auto& vs = static_cast<const VectorSelector&>(*ms.vector_selector);
  const SeriesSet& set = SelectedSeries(vs, ms.range_ms, false);
  const int64_t maxt = start_ - ctx_.plan.State(vs).offset;
  const int64_t mint = maxt - ms.range_ms;
  EvalMatrix m;
  for (const SeriesRef& s : set.series) {
    CheckDeadline();
    SeriesWindows windows(s.t, s.v);
    std::span<const int64_t> t;
    std::span<const double> v;
    if (!windows.Window(mint, maxt, &t, &v)) continue;
    AddSamples(static_cast<int64_t>(t.size()));
    m.BeginSeries(s.labels);
    for (size_t i = 0; i < t.size(); ++i) m.AddPoint(t[i], v[i]);
  }
  return m;
}

}  // namespace tocsin::promql
