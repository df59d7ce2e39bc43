// Quantiles as Prometheus 2.42 computes them: of a set of sample values
// (quantile_over_time and the `quantile` aggregation) and of classic
// histogram buckets (histogram_quantile). Pure and thread-safe; both
// functions reorder their input.

#ifndef TOCSIN_PROMQL_FUNCTIONS_QUANTILE_H_
#define TOCSIN_PROMQL_FUNCTIONS_QUANTILE_H_

#include <vector>

namespace tocsin::promql {

// The φ-quantile (φ = q) of `values`: NaN for no values or q = NaN, -Inf
// for q < 0, +Inf for q > 1; otherwise the values are sorted (NaN first,
// in the order Go's sort leaves them) and the result interpolates linearly
// between the two values around rank q*(n-1).
double Quantile(double q, std::vector<double>* values);

struct Bucket {
  double upper_bound;  // the bucket's `le`
  double count;        // cumulative count
};

// The φ-quantile of a classic histogram given as cumulative buckets in any
// order. NaN for q = NaN, -Inf for q < 0 and +Inf for q > 1; NaN when the
// highest bucket is not +Inf, when fewer than two buckets remain after
// merging equal bounds, or when there are no observations. Counts that
// decrease with the bound are raised to the running maximum first. Inside a
// bucket the value is interpolated linearly, from 0 in the lowest bucket if
// its bound is positive; a quantile in the +Inf bucket is the second
// highest bound. `buckets` must not be empty.
double BucketQuantile(double q, std::vector<Bucket>* buckets);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_QUANTILE_H_
