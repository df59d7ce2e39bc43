// The *_over_time aggregations of one series' window: avg, min, max, sum,
// count, stddev, stdvar, last, present and quantile. Sums and means are
// compensated (kahan.h) exactly where Prometheus 2.42 compensates them.

#include <cmath>
#include <span>
#include <vector>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"
#include "promql/functions/kahan.h"
#include "promql/functions/quantile.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::NodeState;
using functions_internal::RangeArg;
using functions_internal::ScalarArg;

namespace {

// An incremental mean that stays at ±Inf once it gets there, unless a NaN
// or an infinity of the other sign comes along.
double Average(std::span<const double> values) {
  double mean = 0, count = 0, c = 0;
  for (double v : values) {
    count++;
    if (std::isinf(mean)) {
      if (std::isinf(v) && (mean > 0) == (v > 0)) continue;
      if (!std::isinf(v) && !std::isnan(v)) continue;
    }
    KahanSumInc(v / count - mean / count, &mean, &c);
  }
  if (std::isinf(mean)) return mean;
  return mean + c;
}

// The population variance, by Welford's method with compensated sums.
double Variance(std::span<const double> values) {
  double count = 0, mean = 0, c_mean = 0, aux = 0, c_aux = 0;
  for (double v : values) {
    count++;
    double delta = v - (mean + c_mean);
    KahanSumInc(delta / count, &mean, &c_mean);
    KahanSumInc(delta * (v - (mean + c_mean)), &aux, &c_aux);
  }
  return (aux + c_aux) / count;
}

}  // namespace

void FuncAvgOverTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, Average(RangeArg(call, 0).v));
}

// NaN only while every value so far is NaN.
void FuncMinOverTime(const FunctionCall& call, Vector* out) {
  std::span<const double> v = RangeArg(call, 0).v;
  double min = v[0];
  for (double x : v) {
    if (x < min || std::isnan(min)) min = x;
  }
  AppendValue(call, out, min);
}

void FuncMaxOverTime(const FunctionCall& call, Vector* out) {
  std::span<const double> v = RangeArg(call, 0).v;
  double max = v[0];
  for (double x : v) {
    if (x > max || std::isnan(max)) max = x;
  }
  AppendValue(call, out, max);
}

void FuncSumOverTime(const FunctionCall& call, Vector* out) {
  double sum = 0, c = 0;
  for (double x : RangeArg(call, 0).v) KahanSumInc(x, &sum, &c);
  AppendValue(call, out, std::isinf(sum) ? sum : sum + c);
}

void FuncCountOverTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, static_cast<double>(RangeArg(call, 0).v.size()));
}

void FuncStddevOverTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, std::sqrt(Variance(RangeArg(call, 0).v)));
}

void FuncStdvarOverTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, Variance(RangeArg(call, 0).v));
}

void FuncLastOverTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, RangeArg(call, 0).v.back());
}

void FuncPresentOverTime(const FunctionCall& call, Vector* out) {
  RangeArg(call, 0);
  AppendValue(call, out, 1);
}

void FuncQuantileOverTime(const FunctionCall& call, Vector* out) {
  double q = ScalarArg(call, 0);
  std::span<const double> v = RangeArg(call, 1).v;
  std::vector<double>& values = NodeState<std::vector<double>>(call);
  values.assign(v.begin(), v.end());
  AppendValue(call, out, Quantile(q, &values));
}

}  // namespace tocsin::promql
