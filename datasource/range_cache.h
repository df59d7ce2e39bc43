// RangeCache: the raw samples of range selectors, kept from one rule-group
// evaluation to the next, so that each evaluation fetches only what is new.
//
// A rule such as `rate(x[1h])` evaluated every minute reads an hour of raw
// samples each time, of which 59 minutes were already read a minute ago.
// For a range select of [lo, hi] whose selector (matchers and range) was
// read before up to an earlier hi, the cache fetches only
// [previous hi - overlap, hi] and merges: samples before the overlap come
// from the cache, samples from it on from the new answer. The overlap
// re-reads the last stretch so that samples that reached the datasource
// late (a scrape's samples carry its start time but become visible when it
// ends) are not missed; it should exceed the datasource's scrape timeout.
// A select that is not later than the cached one (an `@` time, a clock
// that went back) is fetched whole.
//
// Entries that an evaluation did not use are dropped at its end (Sweep).
// Results share their data with the cache: a window is updated in place
// (only the new samples are appended, O(series + new samples)) when no
// result of an earlier select still holds it, and copied otherwise, so
// results stay valid while the cache changes.
//
// Thread-safety: all methods may be called concurrently (a group's
// selects are fetched in parallel).

#ifndef TOCSIN_DATASOURCE_RANGE_CACHE_H_
#define TOCSIN_DATASOURCE_RANGE_CACHE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "promql/labels.h"
#include "promql/queryable.h"

namespace tocsin::datasource {

class RangeCache {
 public:
  explicit RangeCache(int64_t overlap_ms) : overlap_ms_(overlap_ms) {}

  // The samples of one selector in [lo, hi]. Each series' columns hold
  // its samples from `start` on; what lies before was dropped from the
  // window and is compacted away now and then.
  struct Series {
    promql::Labels labels;
    std::vector<int64_t> t;
    std::vector<double> v;
    size_t start = 0;
  };
  struct Window {
    int64_t lo = 0;
    int64_t hi = 0;
    std::vector<Series> series;
    std::unordered_map<promql::Labels, size_t, promql::LabelsHash> index;
  };

  // What to fetch for a select of `key` over [lo, hi]: [fetch_from, hi].
  // fetch_from == lo means everything.
  int64_t FetchFrom(const std::string& key, int64_t lo, int64_t hi);

  // Combines `fetched` (the raw samples in [fetch_from, hi]) with the
  // cached window, stores the result as the window of `key` and returns
  // it as a SeriesSet.
  promql::SeriesSet Merge(const std::string& key, int64_t lo, int64_t hi,
                          int64_t fetch_from, const promql::SeriesSet& fetched);

  // Drops the entries not used since the previous Sweep.
  void Sweep();

  // Samples served from the cache and fetched, for measurements.
  uint64_t cached_samples() const { return cached_samples_; }
  uint64_t fetched_samples() const { return fetched_samples_; }

 private:
  struct Entry {
    std::shared_ptr<Window> window;
    bool used = false;
  };

  const int64_t overlap_ms_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
  std::atomic<uint64_t> cached_samples_{0};
  std::atomic<uint64_t> fetched_samples_{0};
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_RANGE_CACHE_H_
