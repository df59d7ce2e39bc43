// deriv() and predict_linear(): least-squares linear regression over one
// series' window, as Prometheus 2.42 computes it.

#include <cmath>
#include <cstdint>
#include <limits>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"
#include "promql/functions/kahan.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::RangeArg;
using functions_internal::ScalarArg;

namespace {

struct Line {
  double slope;
  double intercept;  // the value at intercept_time
};

// The regression line through the samples, with x in seconds relative to
// intercept_time. A constant series gives slope 0 (NaN if the constant is
// infinite).
Line LinearRegression(const RangeSeries& s, int64_t intercept_time) {
  double n = 0;
  double sum_x = 0, c_x = 0, sum_y = 0, c_y = 0;
  double sum_xy = 0, c_xy = 0, sum_x2 = 0, c_x2 = 0;
  const double init_y = s.v[0];
  bool const_y = true;
  for (size_t i = 0; i < s.v.size(); ++i) {
    double y = s.v[i];
    if (const_y && i > 0 && y != init_y) const_y = false;
    n += 1.0;
    double x = static_cast<double>(s.t[i] - intercept_time) / 1e3;
    KahanSumInc(x, &sum_x, &c_x);
    KahanSumInc(y, &sum_y, &c_y);
    KahanSumInc(x * y, &sum_xy, &c_xy);
    KahanSumInc(x * x, &sum_x2, &c_x2);
  }
  if (const_y) {
    if (std::isinf(init_y)) {
      constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
      return {kNaN, kNaN};
    }
    return {0, init_y};
  }
  sum_x += c_x;
  sum_y += c_y;
  sum_xy += c_xy;
  sum_x2 += c_x2;
  double cov_xy = sum_xy - sum_x * sum_y / n;
  double var_x = sum_x2 - sum_x * sum_x / n;
  double slope = cov_xy / var_x;
  return {slope, sum_y / n - slope * sum_x / n};
}

}  // namespace

// The slope, per second. The regression is centred on the first sample to
// keep the sums small.
void FuncDeriv(const FunctionCall& call, Vector* out) {
  const RangeSeries& s = RangeArg(call, 0);
  if (s.v.size() < 2) return;
  AppendValue(call, out, LinearRegression(s, s.t[0]).slope);
}

// The line's value `seconds` after the evaluation time (not the window's
// end, which differs under @ and offset).
void FuncPredictLinear(const FunctionCall& call, Vector* out) {
  const RangeSeries& s = RangeArg(call, 0);
  double seconds = ScalarArg(call, 1);
  if (s.v.size() < 2) return;
  Line line = LinearRegression(s, call.t);
  AppendValue(call, out, line.slope * seconds + line.intercept);
}

}  // namespace tocsin::promql
