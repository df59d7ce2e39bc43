// SeriesCursor and SeriesWindows: positioned reads of one stored series
// for the evaluator. Internal to the engine.
//
// A stored series is two columns (timestamps ascending, values) that may
// hold staleness markers. SeriesCursor answers "the latest sample at or
// before t" for a rising t (instant selectors, lookback). SeriesWindows
// answers "the samples in [mint, maxt] without staleness markers" (range
// selectors), returning spans into the columns unless the window holds a
// marker, in which case the samples are copied to a scratch buffer that
// stays valid until the next call. Both are fastest when the requested
// times rise from call to call, and correct in any order. Not thread-safe.

#ifndef TOCSIN_PROMQL_SERIES_WINDOW_H_
#define TOCSIN_PROMQL_SERIES_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tocsin::promql {

// The index of the first element of `t` greater than `x`, searching
// forward from `from` (which must not be past that element) with galloping,
// so that small forward moves cost a few comparisons.
size_t UpperBoundFrom(std::span<const int64_t> t, size_t from, int64_t x);
// The same for the first element not less than `x`.
size_t LowerBoundFrom(std::span<const int64_t> t, size_t from, int64_t x);

class SeriesCursor {
 public:
  SeriesCursor(std::span<const int64_t> t, std::span<const double> v)
      : t_(t), v_(v) {}

  // The latest sample with timestamp in [ref - lookback, ref] that is not
  // a staleness marker, as Prometheus's instant selectors see it. Returns
  // false when there is none.
  bool At(int64_t ref, int64_t lookback, int64_t* t, double* v);

 private:
  std::span<const int64_t> t_;
  std::span<const double> v_;
  size_t next_ = 0;  // index of the first sample after the last ref
};

class SeriesWindows {
 public:
  SeriesWindows(std::span<const int64_t> t, std::span<const double> v)
      : t_(t), v_(v) {}

  // Sets *t / *v to the samples with mint <= t <= maxt, staleness markers
  // left out. Returns false when there are none.
  bool Window(int64_t mint, int64_t maxt, std::span<const int64_t>* t,
              std::span<const double>* v);

 private:
  std::span<const int64_t> t_;
  std::span<const double> v_;
  size_t lo_ = 0;
  size_t hi_ = 0;
  // Samples before scanned_ were checked for staleness markers; the last
  // marker found among them is at last_stale_ (or none when npos).
  size_t scanned_ = 0;
  size_t last_stale_ = static_cast<size_t>(-1);
  std::vector<int64_t> scratch_t_;
  std::vector<double> scratch_v_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_SERIES_WINDOW_H_
