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
#include "engine/query_backend.h"
#include "promql/engine.h"

namespace tocsin::engine {

class RemoteBackend : public QueryBackend {
 public:
  RemoteBackend(std::unique_ptr<datasource::HttpClient> client,
                promql::EngineOptions options);

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

  datasource::HttpClient& client() { return *client_; }

 private:
  promql::Engine EngineFor(
      std::optional<std::chrono::milliseconds> timeout) const;

  std::unique_ptr<datasource::HttpClient> client_;
  promql::Engine engine_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_REMOTE_BACKEND_H_
