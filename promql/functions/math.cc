// Element-wise arithmetic functions of instant vectors: abs, ceil, floor,
// exp, sqrt, ln, log2, log10, sgn, deg, rad, round, clamp, clamp_min,
// clamp_max, and the constant pi(). Output samples lose their metric name.

#include <cmath>

#include "promql/functions/args.h"
#include "promql/functions/go_math.h"
#include "promql/functions/impls.h"
#include "promql/functions/math_util.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::ScalarArg;
using functions_internal::VectorArg;

namespace {


double Sgn(double v) {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;  // keeps ±0 and NaN
}

}  // namespace

void FuncAbs(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return std::fabs(v); });
}
void FuncCeil(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return std::ceil(v); });
}
void FuncFloor(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return std::floor(v); });
}
void FuncExp(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoExp);
}
void FuncSqrt(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return std::sqrt(v); });
}
void FuncLn(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoLog);
}
void FuncLog2(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoLog2);
}
void FuncLog10(const FunctionCall& call, Vector* out) {
  MapValues(call, out, GoLog10);
}
void FuncSgn(const FunctionCall& call, Vector* out) {
  MapValues(call, out, Sgn);
}
void FuncDeg(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return v * 180 / kPi; });
}
void FuncRad(const FunctionCall& call, Vector* out) {
  MapValues(call, out, [](double v) { return v * kPi / 180; });
}

void FuncPi(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, kPi);
}

void FuncRound(const FunctionCall& call, Vector* out) {
  double to_nearest = call.args.size() >= 2 ? ScalarArg(call, 1) : 1;
  // Prometheus divides by the inverse; it rounds better for fractions.
  double inverse = 1.0 / to_nearest;
  MapValues(call, out, [inverse](double v) {
    return std::floor(v * inverse + 0.5) / inverse;
  });
}

void FuncClamp(const FunctionCall& call, Vector* out) {
  double min = ScalarArg(call, 1);
  double max = ScalarArg(call, 2);
  if (max < min) return;
  MapValues(call, out,
            [min, max](double v) { return GoMax(min, GoMin(max, v)); });
}

void FuncClampMin(const FunctionCall& call, Vector* out) {
  double min = ScalarArg(call, 1);
  MapValues(call, out, [min](double v) { return GoMax(min, v); });
}

void FuncClampMax(const FunctionCall& call, Vector* out) {
  double max = ScalarArg(call, 1);
  MapValues(call, out, [max](double v) { return GoMin(max, v); });
}

}  // namespace tocsin::promql
