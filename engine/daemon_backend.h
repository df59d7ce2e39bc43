// DaemonBackend: the query API of `tocsin run`. Queries are evaluated by
// tocsin over the datasource's series (the inner backend's Queryable)
// layered under what tocsin's own rules wrote (LayeredQueryable), so that
// recorded series and ALERTS can be queried as on Prometheus; series and
// label metadata come from the datasource.
//
// Thread-safety: as the inner backend; `local_names` must be thread-safe.

#ifndef TOCSIN_ENGINE_DAEMON_BACKEND_H_
#define TOCSIN_ENGINE_DAEMON_BACKEND_H_

#include <functional>
#include <memory>

#include "engine/engine_backend.h"
#include "engine/layered_queryable.h"

namespace tocsin::engine {

class DaemonBackend : public EngineBackend {
 public:
  // `inner` and `outputs` must outlive the backend.
  DaemonBackend(EngineBackend* inner, promql::Queryable* outputs,
                std::function<std::shared_ptr<const LocalNames>()> local_names)
      : EngineBackend(inner->engine().options()),
        inner_(inner),
        outputs_(outputs),
        local_names_(std::move(local_names)) {}

  std::shared_ptr<promql::Queryable> OpenQueryable() override;
  Result<std::vector<promql::Labels>> Series(std::span<const MatcherSet> sets,
                                             int64_t mint,
                                             int64_t maxt) override {
    return inner_->Series(sets, mint, maxt);
  }
  Result<std::vector<std::string>> LabelNames(std::span<const MatcherSet> sets,
                                              int64_t mint,
                                              int64_t maxt) override {
    return inner_->LabelNames(sets, mint, maxt);
  }
  Result<std::vector<std::string>> LabelValues(std::string_view name,
                                               std::span<const MatcherSet> sets,
                                               int64_t mint,
                                               int64_t maxt) override {
    return inner_->LabelValues(name, sets, mint, maxt);
  }

 private:
  EngineBackend* inner_;
  promql::Queryable* outputs_;
  std::function<std::shared_ptr<const LocalNames>()> local_names_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_DAEMON_BACKEND_H_
