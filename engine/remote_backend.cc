#include "engine/remote_backend.h"

#include <algorithm>

#include "datasource/fetch_cache.h"
#include "datasource/metadata.h"
#include "datasource/remote_queryable.h"

namespace tocsin::engine {

RemoteBackend::RemoteBackend(std::unique_ptr<datasource::HttpClient> client,
                             promql::EngineOptions options)
    : EngineBackend(options), client_(std::move(client)) {}

std::shared_ptr<promql::Queryable> RemoteBackend::OpenQueryable() {
  // A selector that occurs twice in one query is fetched once.
  struct CachedQueryable {
    datasource::FetchCache cache;
    datasource::RemoteQueryable queryable;
    explicit CachedQueryable(datasource::HttpClient* client)
        : queryable(client, &cache) {}
  };
  auto q = std::make_shared<CachedQueryable>(client_.get());
  return std::shared_ptr<promql::Queryable>(q, &q->queryable);
}

void RemoteBackend::PrepareInstant(promql::Queryable& queryable,
                                   const promql::Expr& expr, int64_t t_ms) {
  // Failures stay in the cache: the evaluation reports them.
  const promql::Expr* exprs[] = {&expr};
  (void)static_cast<datasource::RemoteQueryable&>(queryable).Prefetch(
      datasource::CollectSelects(engine(), exprs, t_ms));
}

Result<std::vector<promql::Labels>> RemoteBackend::Series(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  auto series = datasource::FetchSeries(*client_, sets, mint, maxt);
  if (!series.ok()) return series.status();
  // The query API answers sorted, distinct label sets.
  std::sort(series->begin(), series->end());
  series->erase(std::unique(series->begin(), series->end()), series->end());
  return series;
}

Result<std::vector<std::string>> RemoteBackend::LabelNames(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  return datasource::FetchLabelNames(*client_, sets, mint, maxt);
}

Result<std::vector<std::string>> RemoteBackend::LabelValues(
    std::string_view name, std::span<const MatcherSet> sets, int64_t mint,
    int64_t maxt) {
  return datasource::FetchLabelValues(*client_, name, sets, mint, maxt);
}

}  // namespace tocsin::engine
