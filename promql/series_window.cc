#include "promql/series_window.h"

#include <algorithm>

#include "promql/value.h"

namespace tocsin::promql {
namespace {

// Galloping search: the first index i >= from with !before(t[i]).
template <typename Before>
size_t GallopFrom(std::span<const int64_t> t, size_t from, Before before) {
  size_t n = t.size();
  if (from >= n || !before(t[from])) return from;
  size_t lo = from;  // before(t[lo]) holds
  size_t step = 1;
  size_t hi = from + step;
  while (hi < n && before(t[hi])) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  auto it = std::partition_point(t.begin() + lo + 1, t.begin() + hi, before);
  return static_cast<size_t>(it - t.begin());
}

}  // namespace

size_t UpperBoundFrom(std::span<const int64_t> t, size_t from, int64_t x) {
  return GallopFrom(t, from, [x](int64_t ts) { return ts <= x; });
}

size_t LowerBoundFrom(std::span<const int64_t> t, size_t from, int64_t x) {
  return GallopFrom(t, from, [x](int64_t ts) { return ts < x; });
}

bool SeriesCursor::At(int64_t ref, int64_t lookback, int64_t* t, double* v) {
  if (next_ > 0 && t_[next_ - 1] > ref) next_ = 0;  // time went backwards
  next_ = UpperBoundFrom(t_, next_, ref);
  if (next_ == 0) return false;
  size_t i = next_ - 1;
  if (t_[i] < ref - lookback || IsStaleNaN(v_[i])) return false;
  *t = t_[i];
  *v = v_[i];
  return true;
}

bool SeriesWindows::Window(int64_t mint, int64_t maxt,
                           std::span<const int64_t>* t,
                           std::span<const double>* v) {
  if ((lo_ > 0 && t_[lo_ - 1] >= mint) || (hi_ > 0 && t_[hi_ - 1] > maxt)) {
    // The window moved backwards: start over.
    lo_ = hi_ = scanned_ = 0;
    last_stale_ = static_cast<size_t>(-1);
  }
  lo_ = LowerBoundFrom(t_, lo_, mint);
  hi_ = UpperBoundFrom(t_, std::max(hi_, lo_), maxt);
  if (lo_ >= hi_) return false;

  if (scanned_ < lo_) scanned_ = lo_;
  for (; scanned_ < hi_; ++scanned_) {
    if (IsStaleNaN(v_[scanned_])) last_stale_ = scanned_;
  }
  // scanned_ == hi_ now, so last_stale_ is the latest marker before hi_.
  bool has_stale = last_stale_ != static_cast<size_t>(-1) && last_stale_ >= lo_;
  if (!has_stale) {
    *t = t_.subspan(lo_, hi_ - lo_);
    *v = v_.subspan(lo_, hi_ - lo_);
    return true;
  }
  scratch_t_.clear();
  scratch_v_.clear();
  for (size_t i = lo_; i < hi_; ++i) {
    if (IsStaleNaN(v_[i])) continue;
    scratch_t_.push_back(t_[i]);
    scratch_v_.push_back(v_[i]);
  }
  if (scratch_t_.empty()) return false;
  *t = scratch_t_;
  *v = scratch_v_;
  return true;
}

}  // namespace tocsin::promql
