// Elementary functions that return bit-for-bit what Go's math package
// returns on linux/amd64, which is what Prometheus computes with.
//
// C's libm rounds differently from Go in the last bit for many inputs
// (sin(10), tan(10), atan(10), log10(20), ...) and Go's log2/log10 are not
// the correctly rounded values, so a compatible engine cannot use libm for
// these. The algorithms are the ones Go uses: FreeBSD msun for log1p and
// the inverse hyperbolics, Cephes for tanh, and the amd64 assembly
// versions of Exp (with its FMA variant chosen by the CPU, as Go does at
// run time) and Log. The circular functions are in go_trig.h. Sqrt, Floor,
// Ceil and Abs are exact in both worlds and are not repeated here. All
// functions are pure and thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_GO_MATH_H_
#define TOCSIN_PROMQL_FUNCTIONS_GO_MATH_H_

#include <cstdint>
#include <limits>

namespace tocsin::promql {

// Go's math.Pi, math.NaN() and math.Inf(1).
inline constexpr double kPi =
    3.14159265358979323846264338327950288419716939937510582;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

double GoExp(double x);
double GoLog(double x);
double GoLog2(double x);
double GoLog10(double x);
double GoLog1p(double x);

double GoSinh(double x);
double GoCosh(double x);
double GoTanh(double x);
double GoAsinh(double x);
double GoAcosh(double x);
double GoAtanh(double x);

// math.Pow and math.Mod, for the engine's ^ and %.
double GoPow(double x, double y);
double GoMod(double x, double y);

// math.Max / math.Min: +Inf (resp. -Inf) wins over NaN, NaN wins over
// numbers, and +0 is larger than -0.
double GoMax(double x, double y);
double GoMin(double x, double y);

// Go's int64(x) conversion on amd64: truncation toward zero, and the
// integer indefinite value (math.MinInt64) for NaN and out-of-range values.
int64_t GoFloatToInt64(double x);

// Whether GoExp uses its fused multiply-add variant on this CPU.
bool GoExpUsesFma();

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_GO_MATH_H_
