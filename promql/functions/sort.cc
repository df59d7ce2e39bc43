// sort() and sort_desc(): the input samples, metric names kept, ordered by
// value with NaN last, in exactly the order Prometheus 2.42 (Go's unstable
// sort) gives samples with equal values.

#include <cmath>
#include <utility>

#include "promql/functions/args.h"
#include "promql/functions/go_sort.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::VectorArg;

namespace {

// Copies the argument to the end of *out and sorts that part with `less`.
template <typename Less>
void SortInto(const FunctionCall& call, Vector* out, const Less& less) {
  const Vector& in = VectorArg(call, 0);
  const size_t base = out->size();
  out->insert(out->end(), in.begin(), in.end());
  Sample* s = out->data() + base;
  GoSort(
      static_cast<int64_t>(in.size()),
      [s, &less](int64_t i, int64_t j) { return less(s[i].v, s[j].v); },
      [s](int64_t i, int64_t j) { std::swap(s[i], s[j]); });
}

}  // namespace

// Prometheus sorts descending with NaN first and reverses the comparator:
// less(a, b) is "b is NaN or b > a".
void FuncSort(const FunctionCall& call, Vector* out) {
  SortInto(call, out,
           [](double a, double b) { return std::isnan(b) || b > a; });
}

void FuncSortDesc(const FunctionCall& call, Vector* out) {
  SortInto(call, out,
           [](double a, double b) { return std::isnan(b) || b < a; });
}

}  // namespace tocsin::promql
