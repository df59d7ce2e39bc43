// histogram_count(), histogram_sum() and histogram_fraction(). They read
// native histogram samples only; tocsin's samples are floats, which these
// functions skip, so the result is always empty, as in Prometheus for
// float input.

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::ScalarArg;
using functions_internal::VectorArg;

void FuncHistogramCount(const FunctionCall& call, Vector* out) {
  VectorArg(call, 0);
  (void)out;
}

void FuncHistogramSum(const FunctionCall& call, Vector* out) {
  VectorArg(call, 0);
  (void)out;
}

void FuncHistogramFraction(const FunctionCall& call, Vector* out) {
  ScalarArg(call, 0);
  ScalarArg(call, 1);
  VectorArg(call, 2);
  (void)out;
}

}  // namespace tocsin::promql
