#include "datasource/range_cache.h"

#include <algorithm>

namespace tocsin::datasource {

int64_t RangeCache::FetchFrom(const std::string& key, int64_t lo, int64_t hi) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return lo;
  const Window& w = *it->second.window;
  const int64_t from = w.hi - overlap_ms_;
  // (A window read by a select still running is copied by Merge.)
  // The cached part must cover [lo, from) and be older than hi.
  if (w.hi >= hi || w.lo > lo || from <= lo) return lo;
  return from;
}

namespace {

using Window = RangeCache::Window;

RangeCache::Series& SeriesFor(Window* w, const promql::Labels& labels) {
  auto [it, added] = w->index.try_emplace(labels, w->series.size());
  if (added) w->series.push_back(RangeCache::Series{labels, {}, {}, 0});
  return w->series[it->second];
}

// Keeps the samples of `s` in [lo, until); compacts the columns when most
// of them lie before the window.
void Trim(RangeCache::Series* s, int64_t lo, int64_t until) {
  auto begin = s->t.begin() + static_cast<long>(s->start);
  auto from = std::lower_bound(begin, s->t.end(), lo);
  auto to = std::lower_bound(from, s->t.end(), until);
  const size_t keep_to = static_cast<size_t>(to - s->t.begin());
  s->t.resize(keep_to);
  s->v.resize(keep_to);
  s->start = static_cast<size_t>(from - s->t.begin());
  if (s->start > 0 && s->start >= s->t.size() / 2) {
    s->t.erase(s->t.begin(), s->t.begin() + static_cast<long>(s->start));
    s->v.erase(s->v.begin(), s->v.begin() + static_cast<long>(s->start));
    s->start = 0;
  }
}

// Drops series without samples (they left the window) and rebuilds the
// index.
void DropEmpty(Window* w) {
  const size_t before = w->series.size();
  std::erase_if(w->series, [](const RangeCache::Series& s) {
    return s.start >= s.t.size();
  });
  if (w->series.size() == before) return;
  w->index.clear();
  for (size_t i = 0; i < w->series.size(); ++i) {
    w->index.emplace(w->series[i].labels, i);
  }
}

}  // namespace

promql::SeriesSet RangeCache::Merge(const std::string& key, int64_t lo,
                                    int64_t hi, int64_t fetch_from,
                                    const promql::SeriesSet& fetched) {
  // One merge at a time: a window is never updated by two.
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<Window> w;
  auto it = entries_.find(key);
  if (it != entries_.end() && fetch_from > lo) {
    // Updated in place unless an earlier result still reads it.
    w = it->second.window.use_count() == 1
            ? it->second.window
            : std::make_shared<Window>(*it->second.window);
  }
  uint64_t cached = 0;
  if (w) {
    for (Series& s : w->series) {
      Trim(&s, lo, fetch_from);
      cached += s.t.size() - s.start;
    }
  } else {
    w = std::make_shared<Window>();
  }
  w->lo = lo;
  w->hi = hi;
  uint64_t fresh = 0;
  for (const promql::SeriesRef& ref : fetched.series) {
    auto b = std::lower_bound(ref.t.begin(), ref.t.end(), fetch_from);
    auto e = std::upper_bound(b, ref.t.end(), hi);
    if (b == e) continue;
    Series& s = SeriesFor(w.get(), ref.labels);
    const auto from = b - ref.t.begin();
    const auto to = e - ref.t.begin();
    s.t.insert(s.t.end(), b, e);
    s.v.insert(s.v.end(), ref.v.begin() + from, ref.v.begin() + to);
    fresh += static_cast<uint64_t>(to - from);
  }
  DropEmpty(w.get());
  cached_samples_ += cached;
  fetched_samples_ += fresh;
  promql::SeriesSet out;
  out.series.reserve(w->series.size());
  for (const Series& s : w->series) {
    out.series.push_back(promql::SeriesRef{
        s.labels, std::span<const int64_t>(s.t).subspan(s.start),
        std::span<const double>(s.v).subspan(s.start)});
  }
  entries_[key] = Entry{w, true};
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
