#include "datasource/range_cache.h"

#include <algorithm>
#include <unordered_map>

namespace tocsin::datasource {

int64_t RangeCache::FetchFrom(const std::string& key, int64_t lo, int64_t hi) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return lo;
  const Window& w = *it->second.window;
  const int64_t from = w.hi - overlap_ms_;
  // The cached part must cover [lo, from) and be older than hi.
  if (w.hi >= hi || w.lo > lo || from <= lo) return lo;
  return from;
}

promql::SeriesSet RangeCache::Merge(const std::string& key, int64_t lo,
                                    int64_t hi, int64_t fetch_from,
                                    const promql::SeriesSet& fetched) {
  std::shared_ptr<const Window> base;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && fetch_from > lo) base = it->second.window;
  }
  auto w = std::make_shared<Window>();
  w->lo = lo;
  w->hi = hi;
  std::unordered_map<promql::Labels, size_t, promql::LabelsHash> index;
  auto series_for = [&](const promql::Labels& labels) -> size_t {
    auto [it, added] = index.try_emplace(labels, w->labels.size());
    if (added) {
      w->labels.push_back(labels);
      w->t.emplace_back();
      w->v.emplace_back();
    }
    return it->second;
  };
  uint64_t cached = 0;
  if (base) {
    for (size_t i = 0; i < base->labels.size(); ++i) {
      const auto& t = base->t[i];
      auto b = std::lower_bound(t.begin(), t.end(), lo);
      auto e = std::lower_bound(b, t.end(), fetch_from);
      if (b == e) continue;
      const size_t s = series_for(base->labels[i]);
      const size_t from = static_cast<size_t>(b - t.begin());
      const size_t to = static_cast<size_t>(e - t.begin());
      w->t[s].assign(b, e);
      w->v[s].assign(base->v[i].begin() + static_cast<long>(from),
                     base->v[i].begin() + static_cast<long>(to));
      cached += to - from;
    }
  }
  uint64_t fresh = 0;
  for (const promql::SeriesRef& ref : fetched.series) {
    auto b = std::lower_bound(ref.t.begin(), ref.t.end(), fetch_from);
    auto e = std::upper_bound(b, ref.t.end(), hi);
    if (b == e) continue;
    const size_t s = series_for(ref.labels);
    const size_t from = static_cast<size_t>(b - ref.t.begin());
    const size_t to = static_cast<size_t>(e - ref.t.begin());
    w->t[s].insert(w->t[s].end(), b, e);
    w->v[s].insert(w->v[s].end(), ref.v.begin() + static_cast<long>(from),
                   ref.v.begin() + static_cast<long>(to));
    fresh += to - from;
  }
  cached_samples_ += cached;
  fetched_samples_ += fresh;
  {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = Entry{w, true};
  }
  promql::SeriesSet out;
  out.series.reserve(w->labels.size());
  for (size_t i = 0; i < w->labels.size(); ++i) {
    out.series.push_back(promql::SeriesRef{w->labels[i], w->t[i], w->v[i]});
  }
  out.owner = std::move(w);
  return out;
}

void RangeCache::Sweep() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!it->second.used) {
      it = entries_.erase(it);
    } else {
      it->second.used = false;
      ++it;
    }
  }
}

}  // namespace tocsin::datasource
