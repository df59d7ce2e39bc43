// Neumaier-compensated summation as Prometheus 2.42 does it
// (kahanSumInc): callers keep a running sum and a compensation term and add
// them at the end. Pure and thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_KAHAN_H_
#define TOCSIN_PROMQL_FUNCTIONS_KAHAN_H_

#include <cmath>

namespace tocsin::promql {

// Adds `inc` to *sum, accumulating the rounding error in *c.
inline void KahanSumInc(double inc, double* sum, double* c) {
  double t = *sum + inc;
  if (std::fabs(*sum) >= std::fabs(inc)) {
    *c += (*sum - t) + inc;
  } else {
    *c += (inc - t) + *sum;
  }
  *sum = t;
}

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_KAHAN_H_
