// RemoteBackend: the query API's backend over a remote datasource. tocsin's
// engine evaluates each query; the data comes from a Prometheus-compatible
// query API through datasource::RemoteQueryable, with one FetchCache per
// query so that a selector that occurs twice is fetched once.
//
// Series and label metadata are forwarded to the datasource's own
// endpoints (datasource/metadata.h). Thread-safe: queries may run from many
// threads at once.

#ifndef TOCSIN_ENGINE_REMOTE_BACKEND_H_
#define TOCSIN_ENGINE_REMOTE_BACKEND_H_

#include <memory>

#include "datasource/http_client.h"
#include "engine/engine_backend.h"

namespace tocsin::engine {

class RemoteBackend : public EngineBackend {
 public:
  RemoteBackend(std::unique_ptr<datasource::HttpClient> client,
                promql::EngineOptions options);

  // A RemoteQueryable with its own FetchCache.
  std::shared_ptr<promql::Queryable> OpenQueryable() override;
  // Fetches every select of the query at once (RemoteQueryable::Prefetch).
  void PrepareInstant(promql::Queryable& queryable, const promql::Expr& expr,
                      int64_t t_ms) override;
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

  datasource::HttpClient& client() { return *client_; }

 private:
  std::unique_ptr<datasource::HttpClient> client_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_REMOTE_BACKEND_H_
