// Typed access to the arguments of a FunctionCall, for the function
// implementations in this folder.
//
// Each accessor returns argument `i` as the type the function's signature
// promises. An argument of another type means the engine broke the calling
// contract of function.h; the accessors then throw EvalError rather than
// read garbage. All functions are pure and thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_ARGS_H_
#define TOCSIN_PROMQL_FUNCTIONS_ARGS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <variant>

#include "promql/functions/function.h"
#include "promql/value.h"

namespace tocsin::promql::functions_internal {

[[noreturn]] void ThrowBadArgument(const FunctionCall& call, size_t i,
                                   const char* want);

inline const Vector& VectorArg(const FunctionCall& call, size_t i) {
  if (i < call.args.size()) {
    if (const auto* v = std::get_if<Vector>(&call.args[i])) return *v;
  }
  ThrowBadArgument(call, i, "instant vector");
}

// A scalar argument. A one-element vector is accepted too, as the engine
// may hand over a scalar in that form.
inline double ScalarArg(const FunctionCall& call, size_t i) {
  if (i < call.args.size()) {
    if (const auto* s = std::get_if<Scalar>(&call.args[i])) return s->v;
    if (const auto* v = std::get_if<Vector>(&call.args[i]); v && !v->empty()) {
      return (*v)[0].v;
    }
  }
  ThrowBadArgument(call, i, "scalar");
}

inline const std::string& StringArg(const FunctionCall& call, size_t i) {
  if (i < call.args.size()) {
    if (const auto* s = std::get_if<String>(&call.args[i])) return s->s;
  }
  ThrowBadArgument(call, i, "string");
}

// The one series (the samples of one window) of a range-vector argument.
inline const RangeSeries& RangeArg(const FunctionCall& call, size_t i) {
  if (i < call.args.size()) {
    if (const auto* r = std::get_if<RangeVector>(&call.args[i]);
        r && r->series.size() == 1 && !r->series[0].v.empty() &&
        r->series[0].t.size() == r->series[0].v.size()) {
      return r->series[0];
    }
  }
  ThrowBadArgument(call, i, "range vector with one non-empty series");
}

// The per-node state of type T kept in the call's EvalNodeHelper, created
// on first use. A helper belongs to one call node, so one function owns it.
template <typename T>
T& NodeState(const FunctionCall& call) {
  if (!call.helper->state) call.helper->state = std::make_shared<T>();
  return *static_cast<T*>(call.helper->state.get());
}

// Appends the result of a range-vector function; the engine sets labels.
inline void AppendValue(const FunctionCall& call, Vector* out, double v) {
  out->push_back(Sample{Labels(), call.t, v});
}

}  // namespace tocsin::promql::functions_internal

#endif  // TOCSIN_PROMQL_FUNCTIONS_ARGS_H_
