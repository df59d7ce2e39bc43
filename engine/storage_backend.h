// StorageBackend: the query API's backend for series held in a
// MemoryStorage, evaluated by tocsin's PromQL engine.
//
// Thread-safety: every method may run from many threads at once, provided
// nobody appends to the storage meanwhile (load, Seal(), then serve).

#ifndef TOCSIN_ENGINE_STORAGE_BACKEND_H_
#define TOCSIN_ENGINE_STORAGE_BACKEND_H_

#include "engine/query_backend.h"
#include "promql/engine.h"
#include "promql/memory_storage.h"

namespace tocsin::engine {

class StorageBackend : public QueryBackend {
 public:
  // `storage` must outlive the backend.
  StorageBackend(promql::MemoryStorage* storage, promql::EngineOptions options);

  Result<promql::QueryValue> InstantQuery(
      std::string_view query, int64_t t_ms,
      std::optional<std::chrono::milliseconds> timeout) override;
  Result<promql::QueryValue> RangeQuery(
      std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
      std::optional<std::chrono::milliseconds> timeout) override;
  Result<std::vector<promql::Labels>> Series(std::span<const MatcherSet> sets,
                                             int64_t mint,
                                             int64_t maxt) override;
  Result<std::vector<std::string>> LabelNames(std::span<const MatcherSet> sets,
                                              int64_t mint,
                                              int64_t maxt) override;
  Result<std::vector<std::string>> LabelValues(std::string_view name,
                                               std::span<const MatcherSet> sets,
                                               int64_t mint,
                                               int64_t maxt) override;

 private:
  // The engine for one query: the shared one, or a copy whose timeout is
  // lowered to the request's.
  promql::Engine EngineFor(
      std::optional<std::chrono::milliseconds> timeout) const;

  promql::MemoryStorage* storage_;
  promql::Engine engine_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_STORAGE_BACKEND_H_
