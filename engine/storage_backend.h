// StorageBackend: the query API's backend for series held in a
// MemoryStorage, evaluated by tocsin's PromQL engine.
//
// Thread-safety: every method may run from many threads at once, provided
// nobody appends to the storage meanwhile (load, Seal(), then serve).

#ifndef TOCSIN_ENGINE_STORAGE_BACKEND_H_
#define TOCSIN_ENGINE_STORAGE_BACKEND_H_

#include "engine/engine_backend.h"
#include "promql/memory_storage.h"

namespace tocsin::engine {

class StorageBackend : public EngineBackend {
 public:
  // `storage` must outlive the backend.
  StorageBackend(promql::MemoryStorage* storage, promql::EngineOptions options);

  std::shared_ptr<promql::Queryable> OpenQueryable() override;
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
  promql::MemoryStorage* storage_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_STORAGE_BACKEND_H_
