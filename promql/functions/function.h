// The interface between the engine and PromQL's function implementations.
//
// The engine calls a function once per evaluation step, in one of two ways,
// as Prometheus 2.42 does:
//  - A function whose arguments are instant vectors, scalars and strings
//    gets every argument's value at that step (a Scalar arrives as a Scalar,
//    an instant vector as a Vector, a string literal as a String) and
//    appends its result samples to *out. It sets each output sample's
//    metric itself, dropping __name__ where Prometheus does (use
//    helper->DropMetricName, which caches across steps).
//  - A function with a range-vector argument (rate, *_over_time, ...) is
//    called once per series and step: that argument arrives as a
//    RangeVector holding exactly one series with the samples of its window
//    (never empty), its other arguments as at the step. It appends at most
//    one sample whose value is the result; the engine sets the labels (the
//    series' labels without __name__, except for last_over_time) and the
//    timestamp.
// Implementations keep no state outside the EvalNodeHelper, report
// evaluation errors by throwing EvalError, and are thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_
#define TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "promql/parser/ast.h"
#include "promql/value.h"

namespace re2 {
class RE2;
}

namespace tocsin::promql {

// Thrown by the engine and by function implementations when evaluation
// fails; the engine catches it at its boundary and returns
// Status::Execution(what()).
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Scratch space and caches for one call node, kept across all the steps of
// one query evaluation (Prometheus's EvalNodeHelper). Not thread-safe; each
// evaluation of a node owns its own.
class EvalNodeHelper {
 public:
  // `labels` without __name__, cached by label-set hash. The reference stays
  // valid as long as both `labels` and this helper do.
  const Labels& DropMetricName(const Labels& labels);

  // label_replace keeps its compiled regular expression here, keyed by the
  // pattern, so that it compiles once per query rather than once per step.
  std::string regex_pattern;
  std::shared_ptr<const re2::RE2> regex;

  // label_replace and label_join keep the output label set of each input
  // label set here, keyed by the input's hash.
  std::unordered_map<uint64_t, Labels> relabeled;

  // Per-node state of a function that needs more than the members above
  // (histogram_quantile keeps its bucket groups here). Its type is private
  // to that function.
  std::shared_ptr<void> state;

 private:
  std::unordered_map<uint64_t, Labels> dropped_names_;
};

struct FunctionCall {
  const Call& expr;             // the call being evaluated
  std::span<const Value> args;  // one per expr.args (none for omitted ones)
  int64_t t = 0;                // evaluation timestamp (ms)
  // For functions over a range vector: the window the range argument
  // covers at this step, after offset and @, in ms: the samples with
  // range_start <= t <= range_end, both ends included as in Prometheus 2.42.
  // rate() and friends extrapolate to these bounds.
  int64_t range_start = 0;
  int64_t range_end = 0;
  EvalNodeHelper* helper = nullptr;
};

using FunctionImpl = void (*)(const FunctionCall& call, Vector* out);

// The implementation of the function named `name`, or nullptr when there is
// none.
FunctionImpl LookupFunctionImpl(std::string_view name);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_FUNCTION_H_
