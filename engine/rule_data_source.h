// RuleDataSource: where one rule group reads series from.
//
// The group's rules read the datasource (a Prometheus-compatible query API,
// or recorded series held in memory) layered under what tocsin's rules
// wrote (LayeredQueryable). Against a query API, every evaluation starts
// with a fresh fetch cache, and Begin fetches all the selects the group's
// rules will make at once, concurrently, so that each distinct selector is
// fetched once per evaluation (datasource/remote_queryable.h); selects of
// metrics the rules write themselves are not fetched. Range selectors
// fetch only the samples since the group's previous evaluation
// (datasource/range_cache.h).
//
// Thread-safety: one group uses its data source from one thread at a time
// (Begin, the rules' queries, End); the shared parts (the HTTP client, the
// recording, the output store) are thread-safe.

#ifndef TOCSIN_ENGINE_RULE_DATA_SOURCE_H_
#define TOCSIN_ENGINE_RULE_DATA_SOURCE_H_

#include <functional>
#include <memory>
#include <span>

#include "datasource/fetch_cache.h"
#include "datasource/http_client.h"
#include "datasource/remote_queryable.h"
#include "engine/layered_queryable.h"
#include "promql/engine.h"
#include "promql/parser/ast.h"

namespace tocsin::engine {

// What every group's data source reads. Exactly one of `client` and
// `recording` is set; all must outlive the data sources.
struct RuleDataShared {
  datasource::HttpClient* client = nullptr;
  promql::Queryable* recording = nullptr;
  promql::Queryable* outputs = nullptr;  // the rules' own series
  const promql::Engine* engine = nullptr;
  // The metric names rules write; may change on reload.
  std::function<std::shared_ptr<const LocalNames>()> local_names;
  // How much of a range selector's window is fetched again at each
  // evaluation (datasource/range_cache.h).
  int64_t range_cache_overlap_ms = 30 * 1000;
};

class RuleDataSource {
 public:
  explicit RuleDataSource(const RuleDataShared* shared);

  // Prepares an evaluation of `exprs` at `t_ms`. Returns the first fetch
  // failure, for logging; the rules then fail with their own.
  Status Begin(std::span<const promql::Expr* const> exprs, int64_t t_ms);
  // Drops the evaluation's fetched data.
  void End();

  // What the group's rules query.
  promql::Queryable& queryable() { return *layered_; }

 private:
  const RuleDataShared* shared_;
  std::unique_ptr<datasource::FetchCache> cache_;
  std::unique_ptr<datasource::RangeCache> range_cache_;  // across evaluations
  std::unique_ptr<datasource::RemoteQueryable> remote_;
  std::unique_ptr<LayeredQueryable> layered_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_RULE_DATA_SOURCE_H_
