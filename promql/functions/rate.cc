// rate, increase and delta (extrapolated to the window's bounds), and irate
// and idelta (from the last two samples), as Prometheus 2.42 computes them.

#include <cstdint>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::RangeArg;

namespace {

// time.Duration(ms).Seconds(): whole seconds plus the rest, as Go adds them.
double DurationSeconds(int64_t ms) {
  int64_t sec = ms / 1000;
  int64_t nsec = (ms % 1000) * 1000000;
  return static_cast<double>(sec) + static_cast<double>(nsec) / 1e9;
}

// The increase over the samples, extrapolated towards the window's bounds:
// all the way when the first/last sample is within 1.1 average sample
// intervals of the bound, else half an interval. A counter (is_counter)
// adds back every value before a drop, and is extrapolated backwards no
// further than the point where it would reach zero. is_rate divides by the
// window's length in seconds.
void ExtrapolatedRate(const FunctionCall& call, Vector* out, bool is_counter,
                      bool is_rate) {
  const RangeSeries& s = RangeArg(call, 0);
  const size_t n = s.v.size();
  if (n < 2) return;

  double result = s.v[n - 1] - s.v[0];
  if (is_counter) {
    double prev = s.v[0];
    for (size_t i = 1; i < n; ++i) {
      if (s.v[i] < prev) result += prev;
      prev = s.v[i];
    }
  }

  double to_start = static_cast<double>(s.t[0] - call.range_start) / 1000;
  double to_end = static_cast<double>(call.range_end - s.t[n - 1]) / 1000;
  double sampled = static_cast<double>(s.t[n - 1] - s.t[0]) / 1000;
  double average_interval = sampled / static_cast<double>(n - 1);

  if (is_counter && result > 0 && s.v[0] >= 0) {
    double to_zero = sampled * (s.v[0] / result);
    if (to_zero < to_start) to_start = to_zero;
  }

  double threshold = average_interval * 1.1;
  double interval = sampled;
  interval += to_start < threshold ? to_start : average_interval / 2;
  interval += to_end < threshold ? to_end : average_interval / 2;

  double factor = interval / sampled;
  if (is_rate) factor /= DurationSeconds(call.range_end - call.range_start);
  AppendValue(call, out, result * factor);
}

// The difference of the last two samples; for irate a drop counts as a
// reset (the last value is the increase) and the result is per second.
void InstantValue(const FunctionCall& call, Vector* out, bool is_rate) {
  const RangeSeries& s = RangeArg(call, 0);
  const size_t n = s.v.size();
  if (n < 2) return;
  double last = s.v[n - 1];
  double previous = s.v[n - 2];
  double result = (is_rate && last < previous) ? last : last - previous;
  int64_t interval = s.t[n - 1] - s.t[n - 2];
  if (interval == 0) return;
  if (is_rate) result /= static_cast<double>(interval) / 1000;
  AppendValue(call, out, result);
}

}  // namespace

void FuncRate(const FunctionCall& call, Vector* out) {
  ExtrapolatedRate(call, out, /*is_counter=*/true, /*is_rate=*/true);
}

void FuncIncrease(const FunctionCall& call, Vector* out) {
  ExtrapolatedRate(call, out, /*is_counter=*/true, /*is_rate=*/false);
}

void FuncDelta(const FunctionCall& call, Vector* out) {
  ExtrapolatedRate(call, out, /*is_counter=*/false, /*is_rate=*/false);
}

void FuncIrate(const FunctionCall& call, Vector* out) {
  InstantValue(call, out, /*is_rate=*/true);
}

void FuncIdelta(const FunctionCall& call, Vector* out) {
  InstantValue(call, out, /*is_rate=*/false);
}

}  // namespace tocsin::promql
