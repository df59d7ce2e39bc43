// RemoteQueryable: a promql::Queryable over a Prometheus-compatible query
// API (Prometheus, Thanos, Mimir, VictoriaMetrics). tocsin's engine
// evaluates every expression; the server only hands out the data each
// selector needs, fetched in the forms selector_fetch.h describes so that
// lookback, staleness and window boundaries are exactly Prometheus's.
//
// Select with hints (the engine's form) fetches what the hints describe;
// Select without hints fetches the raw samples in [mint, maxt] (without
// staleness markers, which the HTTP API does not return). With a
// FetchCache, equal selects share one fetch (fetch_cache.h); Prefetch
// issues a whole set of selects concurrently into the cache, and
// CollectSelects finds, by a dry run of the engine over no data, which
// selects an expression will make. A rule group evaluation thus reads:
//
//   FetchCache cache;
//   RemoteQueryable q(client, &cache);
//   q.Prefetch(CollectSelects(engine, exprs, t));   // all fetches at once
//   for (expr : exprs) engine.InstantExpr(q, *expr, t);  // from the cache
//
// Errors keep the HTTP client's and the server's codes and messages
// (http_client.h, query_response.h). With a RangeCache (kept by a rule
// group from one evaluation to the next), range selectors read at one
// time fetch only the samples since the previous evaluation
// (range_cache.h). Thread-safe: one RemoteQueryable may
// serve several queries at once; the client and cache must outlive it.
// The server's lookback delta must equal the engine's.

#ifndef TOCSIN_DATASOURCE_REMOTE_QUERYABLE_H_
#define TOCSIN_DATASOURCE_REMOTE_QUERYABLE_H_

#include <span>
#include <vector>

#include "datasource/fetch_cache.h"
#include "datasource/http_client.h"
#include "datasource/range_cache.h"
#include "promql/engine.h"
#include "promql/parser/ast.h"
#include "promql/queryable.h"

namespace tocsin::datasource {

// One Select call of the engine.
struct SelectRequest {
  std::vector<promql::Matcher> matchers;
  int64_t mint = 0;
  int64_t maxt = 0;
  promql::SelectHints hints;
};

class RemoteQueryable : public promql::Queryable {
 public:
  // `client` must outlive this object, and `cache` and `range_cache`
  // (both optional) too.
  explicit RemoteQueryable(HttpClient* client, FetchCache* cache = nullptr,
                           RangeCache* range_cache = nullptr)
      : client_(client), cache_(cache), range_cache_(range_cache) {}

  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt) override;
  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt,
                                   const promql::SelectHints& hints) override;

  // Fetches every select that the cache does not hold yet, all at once
  // (the HTTP client bounds the concurrency), and stores the results,
  // failures included, in the cache. Returns the first failure, for
  // logging; the selects themselves report theirs. Without a cache this
  // does nothing.
  Status Prefetch(std::span<const SelectRequest> selects);

 private:
  HttpClient* client_;
  FetchCache* cache_;
  RangeCache* range_cache_;
};

// The selects that evaluating each of `exprs` at `t_ms` (an instant query,
// as rules run) will make, in order, found by evaluating over no data.
std::vector<SelectRequest> CollectSelects(
    const promql::Engine& engine, std::span<const promql::Expr* const> exprs,
    int64_t t_ms);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_REMOTE_QUERYABLE_H_
