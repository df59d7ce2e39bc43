#include "engine/storage_backend.h"

#include <algorithm>
#include <set>

namespace tocsin::engine {

StorageBackend::StorageBackend(promql::MemoryStorage* storage,
                               promql::EngineOptions options)
    : EngineBackend(options), storage_(storage) {}

std::shared_ptr<promql::Queryable> StorageBackend::OpenQueryable() {
  // The storage outlives every query: share it without owning it.
  return std::shared_ptr<promql::Queryable>(std::shared_ptr<void>(), storage_);
}

Result<std::vector<promql::Labels>> StorageBackend::Series(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  if (sets.size() == 1) return storage_->SeriesLabels(sets[0], mint, maxt);
  std::vector<promql::Labels> all;
  for (const MatcherSet& set : sets) {
    std::vector<promql::Labels> some = storage_->SeriesLabels(set, mint, maxt);
    all.insert(all.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

Result<std::vector<std::string>> StorageBackend::LabelNames(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  if (sets.empty()) return storage_->LabelNames();
  std::set<std::string> names;
  for (const MatcherSet& set : sets) {
    for (const promql::Labels& labels :
         storage_->SeriesLabels(set, mint, maxt)) {
      for (promql::LabelView l : labels) names.emplace(l.name);
    }
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::vector<std::string>> StorageBackend::LabelValues(
    std::string_view name, std::span<const MatcherSet> sets, int64_t mint,
    int64_t maxt) {
  if (sets.empty()) return storage_->LabelValues(name);
  std::set<std::string, std::less<>> values;
  for (const MatcherSet& set : sets) {
    for (const promql::Labels& labels :
         storage_->SeriesLabels(set, mint, maxt)) {
      std::string_view v = labels.Get(name);
      if (!v.empty() && values.find(v) == values.end()) values.emplace(v);
    }
  }
  return std::vector<std::string>(values.begin(), values.end());
}

}  // namespace tocsin::engine
