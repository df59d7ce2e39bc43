// The interface between the engine and PromQL's function implementations.
//
// The engine evaluates a call's arguments at one evaluation step and hands
// them to the function's implementation, which returns an instant vector.
// Functions whose signature returns a scalar (time(), scalar()) return a
// vector of one sample; the engine turns it into a Scalar. Implementations
// are pure: they keep no state between calls and are thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_
#define TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "promql/parser/ast.h"
#include "promql/value.h"

namespace tocsin::promql {

// Thrown by the engine and by function implementations when evaluation
// fails; the engine catches it at its boundary and returns
// Status::Execution(what()).
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FunctionCall {
  const Call& expr;               // the call being evaluated
  std::span<const Value> args;    // evaluated arguments, one per expr.args
  int64_t t = 0;                  // evaluation timestamp (ms)
  // For functions over a range vector: the window the range argument
  // covers at this step, [range_start, range_end] in ms, after offset and @.
  // rate() and friends extrapolate to these bounds.
  int64_t range_start = 0;
  int64_t range_end = 0;
};

using FunctionImpl = Vector (*)(const FunctionCall& call);

// The implementation of the function named `name`, or nullptr.
FunctionImpl LookupFunctionImpl(std::string_view name);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_
