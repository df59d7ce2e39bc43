#include "promql/memory_storage.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "promql/postings.h"
#include "promql/shared_column.h"

namespace tocsin::promql {
namespace {

using TimeColumn = std::vector<int64_t>;

// Both columns may be shared with other series once Seal() has run.
struct StoredSeries {
  Labels labels;
  SharedColumn<int64_t> t;
  SharedColumn<double> v;
};

// The error for appending `t` after `last`, or OK.
Status CheckOrder(int64_t last, int64_t t) {
  if (t > last) return Status::OK();
  if (t == last) {
    return Status::InvalidArgument("duplicate sample for timestamp");
  }
  return Status::InvalidArgument("out of order sample");
}

// True when `t` has a sample in [mint, maxt].
bool HasSampleIn(const TimeColumn& t, int64_t mint, int64_t maxt) {
  if (t.empty() || t.back() < mint || t.front() > maxt) return false;
  auto it = std::lower_bound(t.begin(), t.end(), mint);
  return it != t.end() && *it <= maxt;
}

}  // namespace

struct MemoryStorage::Impl {
  std::vector<StoredSeries> series;
  std::unordered_map<Labels, SeriesId, LabelsHash> by_labels;
  LabelIndex index;
  size_t num_samples = 0;
  int64_t min_t = std::numeric_limits<int64_t>::max();
  int64_t max_t = std::numeric_limits<int64_t>::min();

  // rank[id] is the position of series `id` in label order, `sorted` the
  // inverse. Rebuilt lazily by the first read after a series was added;
  // readers may race to rebuild it, so the rebuild is guarded.
  mutable std::mutex rank_mu;
  mutable std::atomic<bool> rank_valid{false};
  mutable std::vector<uint32_t> rank;
  mutable std::vector<SeriesId> sorted;  // ids in label order

  SeriesId FindOrCreate(const Labels& labels) {
    auto it = by_labels.find(labels);
    if (it != by_labels.end()) return it->second;
    auto id = static_cast<SeriesId>(series.size());
    series.push_back(StoredSeries{labels, {}, {}});
    by_labels.emplace(labels, id);
    index.Add(labels, id);
    rank_valid.store(false, std::memory_order_relaxed);
    return id;
  }

  std::optional<SeriesId> Find(const Labels& labels) const {
    auto it = by_labels.find(labels);
    if (it == by_labels.end()) return std::nullopt;
    return it->second;
  }

  void NoteTimes(int64_t first, int64_t last, size_t n) {
    num_samples += n;
    min_t = std::min(min_t, first);
    max_t = std::max(max_t, last);
  }

  void EnsureRank() const {
    if (rank_valid.load(std::memory_order_acquire)) return;
    std::lock_guard<std::mutex> lock(rank_mu);
    if (rank_valid.load(std::memory_order_relaxed)) return;
    std::vector<SeriesId> order(series.size());
    std::iota(order.begin(), order.end(), SeriesId{0});
    std::sort(order.begin(), order.end(), [this](SeriesId a, SeriesId b) {
      return Compare(series[a].labels, series[b].labels) < 0;
    });
    rank.assign(series.size(), 0);
    for (size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = static_cast<uint32_t>(i);
    }
    sorted = std::move(order);
    rank_valid.store(true, std::memory_order_release);
  }

  // The ids of the series that match and have a sample in [mint, maxt],
  // in label order.
  std::vector<SeriesId> Matching(std::span<const Matcher> matchers,
                                 int64_t mint, int64_t maxt) const {
    std::vector<SeriesId> ids =
        index.Select(matchers, static_cast<SeriesId>(series.size()));
    std::erase_if(ids, [&](SeriesId id) {
      return !HasSampleIn(series[id].t.get(), mint, maxt);
    });
    EnsureRank();
    if (ids.size() < series.size() / 16) {
      std::sort(ids.begin(), ids.end(),
                [this](SeriesId a, SeriesId b) { return rank[a] < rank[b]; });
      return ids;
    }
    // Many series: walking the label order once beats sorting.
    std::vector<bool> chosen(series.size());
    for (SeriesId id : ids) chosen[id] = true;
    size_t n = 0;
    for (SeriesId id : sorted) {
      if (chosen[id]) ids[n++] = id;
    }
    return ids;
  }
};

MemoryStorage::MemoryStorage() : impl_(std::make_unique<Impl>()) {}
MemoryStorage::~MemoryStorage() = default;

Status MemoryStorage::Append(const Labels& labels, int64_t t, double v) {
  SeriesId id = impl_->FindOrCreate(labels);
  StoredSeries& s = impl_->series[id];
  if (!s.t.empty()) {
    Status st = CheckOrder(s.t.get().back(), t);
    if (!st.ok()) return st;
  }
  s.t.Mutable().push_back(t);
  s.v.Mutable().push_back(v);
  impl_->NoteTimes(t, t, 1);
  return Status::OK();
}

Status MemoryStorage::AppendBatch(std::vector<SeriesColumns> batch,
                                  size_t* failed_index) {
  // Validate everything first so that a failure adds nothing.
  std::unordered_map<Labels, int64_t, LabelsHash> pending_last;
  for (size_t i = 0; i < batch.size(); ++i) {
    const SeriesColumns& e = batch[i];
    auto fail = [&](Status st) {
      if (failed_index) *failed_index = i;
      return Status::InvalidArgument(st.message() + " for series " +
                                     e.labels.ToString());
    };
    if (e.t.size() != e.v.size()) {
      return fail(Status::InvalidArgument("mismatched column lengths"));
    }
    if (e.t.empty()) continue;
    std::optional<int64_t> last;
    if (auto p = pending_last.find(e.labels); p != pending_last.end()) {
      last = p->second;
    } else if (auto id = impl_->Find(e.labels)) {
      const TimeColumn& t = impl_->series[*id].t.get();
      if (!t.empty()) last = t.back();
    }
    for (size_t j = 0; j < e.t.size(); ++j) {
      if (j > 0) last = e.t[j - 1];
      if (!last) continue;
      Status st = CheckOrder(*last, e.t[j]);
      if (!st.ok()) return fail(std::move(st));
    }
    pending_last[e.labels] = e.t.back();
  }
  for (SeriesColumns& e : batch) {
    if (e.t.empty()) continue;
    impl_->NoteTimes(e.t.front(), e.t.back(), e.t.size());
    SeriesId id = impl_->FindOrCreate(e.labels);
    StoredSeries& s = impl_->series[id];
    if (s.t.empty()) {
      s.t.Adopt(std::move(e.t));
      s.v.Adopt(std::move(e.v));
      continue;
    }
    TimeColumn& t = s.t.Mutable();
    t.insert(t.end(), e.t.begin(), e.t.end());
    std::vector<double>& v = s.v.Mutable();
    v.insert(v.end(), e.v.begin(), e.v.end());
  }
  return Status::OK();
}

void MemoryStorage::Seal() {
  ColumnInterner<int64_t> times;
  ColumnInterner<double> values;
  for (StoredSeries& s : impl_->series) {
    times.Intern(s.t);
    values.Intern(s.v);
  }
}

void MemoryStorage::Clear() { impl_ = std::make_unique<Impl>(); }

Result<SeriesSet> MemoryStorage::Select(std::span<const Matcher> matchers,
                                        int64_t mint, int64_t maxt) {
  SeriesSet set;
  std::vector<SeriesId> ids = impl_->Matching(matchers, mint, maxt);
  set.series.reserve(ids.size());
  for (SeriesId id : ids) {
    const StoredSeries& s = impl_->series[id];
    set.series.push_back(SeriesRef{s.labels, s.t.span(), s.v.span()});
  }
  return set;
}

std::vector<Labels> MemoryStorage::SeriesLabels(
    std::span<const Matcher> matchers, int64_t mint, int64_t maxt) const {
  std::vector<Labels> out;
  std::vector<SeriesId> ids = impl_->Matching(matchers, mint, maxt);
  out.reserve(ids.size());
  for (SeriesId id : ids) out.push_back(impl_->series[id].labels);
  return out;
}

std::vector<std::string> MemoryStorage::LabelNames() const {
  return impl_->index.Names();
}

std::vector<std::string> MemoryStorage::LabelValues(
    std::string_view name) const {
  return impl_->index.Values(name);
}

size_t MemoryStorage::NumSeries() const { return impl_->series.size(); }
size_t MemoryStorage::NumSamples() const { return impl_->num_samples; }

int64_t MemoryStorage::MinTime() const {
  return impl_->num_samples == 0 ? 0 : impl_->min_t;
}
int64_t MemoryStorage::MaxTime() const {
  return impl_->num_samples == 0 ? 0 : impl_->max_t;
}

}  // namespace tocsin::promql
