// The circular functions and their inverses, bit for bit as Go's math
// package computes them on linux/amd64 (see go_math.h for why): Cephes
// polynomials after an extended-precision reduction by Pi/4, with
// Payne-Hanek reduction for arguments of 2^29 and more. Pure and
// thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_GO_TRIG_H_
#define TOCSIN_PROMQL_FUNCTIONS_GO_TRIG_H_

namespace tocsin::promql {

double GoSin(double x);
double GoCos(double x);
double GoTan(double x);
double GoAsin(double x);
double GoAcos(double x);
double GoAtan(double x);
// math.Atan2, for the engine's atan2 operator.
double GoAtan2(double y, double x);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_GO_TRIG_H_
