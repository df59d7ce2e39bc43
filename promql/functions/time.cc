// time(), timestamp(), vector() and scalar().

#include <limits>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::ScalarArg;
using functions_internal::VectorArg;

// The evaluation time in seconds; the engine turns the sample into a scalar.
void FuncTime(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, static_cast<double>(call.t) / 1000);
}

// Each sample's own timestamp in seconds (the engine passes the samples'
// timestamps when the argument is a selector; otherwise they are the
// evaluation time).
void FuncTimestamp(const FunctionCall& call, Vector* out) {
  const Vector& in = VectorArg(call, 0);
  out->reserve(out->size() + in.size());
  for (const Sample& s : in) {
    out->push_back(Sample{call.helper->DropMetricName(s.metric), call.t,
                          static_cast<double>(s.t) / 1000});
  }
}

// The scalar as a sample without labels.
void FuncVector(const FunctionCall& call, Vector* out) {
  AppendValue(call, out, ScalarArg(call, 0));
}

// The value of a one-sample vector, else NaN; the engine turns the sample
// into a scalar.
void FuncScalar(const FunctionCall& call, Vector* out) {
  const Vector& in = VectorArg(call, 0);
  AppendValue(
      call, out,
      in.size() == 1 ? in[0].v : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace tocsin::promql
