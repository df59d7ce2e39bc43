// MapValues: the shape of PromQL's element-wise functions (Prometheus's
// simpleFunc). Each sample of the first argument, an instant vector, yields
// one output sample with the metric name dropped and value f(v).

#ifndef TOCSIN_PROMQL_FUNCTIONS_MATH_UTIL_H_
#define TOCSIN_PROMQL_FUNCTIONS_MATH_UTIL_H_

#include "promql/functions/args.h"
#include "promql/functions/function.h"

namespace tocsin::promql {

template <typename F>
void MapValues(const FunctionCall& call, Vector* out, const F& f) {
  const Vector& in = functions_internal::VectorArg(call, 0);
  out->reserve(out->size() + in.size());
  for (const Sample& s : in) {
    out->push_back(
        Sample{call.helper->DropMetricName(s.metric), call.t, f(s.v)});
  }
}

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_MATH_UTIL_H_
