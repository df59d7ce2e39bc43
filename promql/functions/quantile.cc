#include "promql/functions/quantile.h"

#include <cmath>
#include <limits>
#include <utility>

#include "promql/functions/go_math.h"
#include "promql/functions/go_sort.h"

namespace tocsin::promql {
namespace {


// Merges adjacent buckets (the input is sorted) with the same bound.
void CoalesceBuckets(std::vector<Bucket>* buckets) {
  std::vector<Bucket>& b = *buckets;
  Bucket last = b[0];
  size_t i = 0;
  for (size_t k = 1; k < b.size(); ++k) {
    if (b[k].upper_bound == last.upper_bound) {
      last.count += b[k].count;
    } else {
      b[i] = last;
      last = b[k];
      i++;
    }
  }
  b[i] = last;
  b.resize(i + 1);
}

// Raises every count to the maximum of the counts before it.
void EnsureMonotonic(std::vector<Bucket>* buckets) {
  std::vector<Bucket>& b = *buckets;
  double max = b[0].count;
  for (size_t i = 1; i < b.size(); ++i) {
    if (b[i].count > max) {
      max = b[i].count;
    } else if (b[i].count < max) {
      b[i].count = max;
    }
  }
}

// sort.Search(n, f): the smallest i in [0, n) with f(i), or n; the same
// probes as Go, so that a non-monotonic f gives the same answer.
template <typename F>
size_t GoSearch(size_t n, const F& f) {
  size_t i = 0, j = n;
  while (i < j) {
    size_t h = (i + j) >> 1;
    if (!f(h)) {
      i = h + 1;
    } else {
      j = h;
    }
  }
  return i;
}

}  // namespace

double Quantile(double q, std::vector<double>* values) {
  std::vector<double>& v = *values;
  if (v.empty() || std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  GoSort(
      static_cast<int64_t>(v.size()),
      [&v](int64_t i, int64_t j) { return std::isnan(v[i]) || v[i] < v[j]; },
      [&v](int64_t i, int64_t j) { std::swap(v[i], v[j]); });
  double n = static_cast<double>(v.size());
  double rank = q * (n - 1);
  double lower = std::fmax(0, std::floor(rank));
  double upper = std::fmin(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return v[static_cast<size_t>(lower)] * (1 - weight) +
         v[static_cast<size_t>(upper)] * weight;
}

double BucketQuantile(double q, std::vector<Bucket>* buckets) {
  if (std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::vector<Bucket>& b = *buckets;
  GoSort(
      static_cast<int64_t>(b.size()),
      [&b](int64_t i, int64_t j) {
        return b[i].upper_bound < b[j].upper_bound;
      },
      [&b](int64_t i, int64_t j) { std::swap(b[i], b[j]); });
  if (!(std::isinf(b.back().upper_bound) && b.back().upper_bound > 0)) {
    return kNaN;
  }
  CoalesceBuckets(buckets);
  EnsureMonotonic(buckets);
  if (b.size() < 2) return kNaN;
  double observations = b.back().count;
  if (observations == 0) return kNaN;
  double rank = q * observations;
  size_t i = GoSearch(b.size() - 1,
                      [&b, rank](size_t k) { return b[k].count >= rank; });
  if (i == b.size() - 1) return b[b.size() - 2].upper_bound;
  if (i == 0 && b[0].upper_bound <= 0) return b[0].upper_bound;
  double start = 0;
  double end = b[i].upper_bound;
  double count = b[i].count;
  if (i > 0) {
    start = b[i - 1].upper_bound;
    count -= b[i - 1].count;
    rank -= b[i - 1].count;
  }
  return start + (end - start) * (rank / count);
}

}  // namespace tocsin::promql
