// holt_winters(): double exponential smoothing of one series' window, with
// Prometheus 2.42's argument checks and error texts.

#include <cmath>
#include <cstdio>
#include <string>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::RangeArg;
using functions_internal::ScalarArg;

namespace {

// Go's %f: six decimals, "NaN", "+Inf", "-Inf".
std::string FormatF(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.6f", v);
  return buf;
}

// The trend at step i: the raw trend b first, then a blend of the last
// change of the smoothed value (weight tf) and the previous trend.
double TrendValue(int i, double tf, double s0, double s1, double b) {
  if (i == 0) return b;
  return tf * (s1 - s0) + (1 - tf) * b;
}

}  // namespace

void FuncHoltWinters(const FunctionCall& call, Vector* out) {
  const RangeSeries& s = RangeArg(call, 0);
  double sf = ScalarArg(call, 1);  // smoothing factor
  double tf = ScalarArg(call, 2);  // trend factor
  if (sf <= 0 || sf >= 1) {
    throw EvalError("invalid smoothing factor. Expected: 0 < sf < 1, got: " +
                    FormatF(sf));
  }
  if (tf <= 0 || tf >= 1) {
    throw EvalError("invalid trend factor. Expected: 0 < tf < 1, got: " +
                    FormatF(tf));
  }
  const size_t n = s.v.size();
  if (n < 2) return;
  double s0 = 0, s1 = s.v[0];
  double b = s.v[1] - s.v[0];
  for (size_t i = 1; i < n; ++i) {
    double x = sf * s.v[i];
    b = TrendValue(static_cast<int>(i) - 1, tf, s0, s1, b);
    double y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  AppendValue(call, out, s1);
}

}  // namespace tocsin::promql
