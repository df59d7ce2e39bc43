// changes() and resets() of one series' window.

#include <cmath>
#include <span>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::RangeArg;

// The number of times the value differs from the one before; NaN following
// NaN is no change.
void FuncChanges(const FunctionCall& call, Vector* out) {
  std::span<const double> v = RangeArg(call, 0).v;
  int changes = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] != v[i - 1] && !(std::isnan(v[i]) && std::isnan(v[i - 1]))) {
      changes++;
    }
  }
  AppendValue(call, out, changes);
}

// The number of times the value drops below the one before.
void FuncResets(const FunctionCall& call, Vector* out) {
  std::span<const double> v = RangeArg(call, 0).v;
  int resets = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] < v[i - 1]) resets++;
  }
  AppendValue(call, out, resets);
}

}  // namespace tocsin::promql
