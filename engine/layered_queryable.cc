#include "engine/layered_queryable.h"

#include <unordered_set>

#include "promql/labels.h"

namespace tocsin::engine {

Layer LayerFor(std::span<const promql::Matcher> matchers,
               const LocalNames& local_names) {
  for (const promql::Matcher& m : matchers) {
    if (m.name() == promql::kMetricName &&
        m.type() == promql::MatchType::kEqual) {
      return local_names.count(m.value()) ? Layer::kLocal : Layer::kDatasource;
    }
  }
  return local_names.empty() ? Layer::kDatasource : Layer::kBoth;
}

Result<promql::SeriesSet> LayeredQueryable::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt) {
  return Select(matchers, mint, maxt, promql::SelectHints{});
}

Result<promql::SeriesSet> LayeredQueryable::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt,
    const promql::SelectHints& hints) {
  const Layer layer = LayerFor(matchers, *local_names_);
  if (layer == Layer::kLocal) return local_->Select(matchers, mint, maxt);
  auto base = base_->Select(matchers, mint, maxt, hints);
  if (layer == Layer::kDatasource || !base.ok()) return base;
  auto local = local_->Select(matchers, mint, maxt);
  if (!local.ok()) return local;
  if (local->series.empty()) return base;
  std::unordered_set<promql::Labels, promql::LabelsHash> mine;
  for (const auto& s : local->series) mine.insert(s.labels);
  promql::SeriesSet out;
  out.series = std::move(local->series);
  for (auto& s : base->series) {
    if (!mine.count(s.labels)) out.series.push_back(std::move(s));
  }
  // Both layers' data stays alive with the result.
  out.owner = std::make_shared<std::pair<std::shared_ptr<const void>,
                                         std::shared_ptr<const void>>>(
      std::move(local->owner), std::move(base->owner));
  return out;
}

}  // namespace tocsin::engine
