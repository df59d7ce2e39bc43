// LayeredQueryable: the datasource's series under the series tocsin's own
// rules write (RuleOutputStore), as one Queryable.
//
// Rules write recorded series and ALERTS / ALERTS_FOR_STATE into tocsin's
// memory, not into the datasource (which may receive them later by remote
// write). A selector whose metric name (a __name__ equality matcher) is one
// of those the rules write reads tocsin's memory only; one naming another
// metric reads the datasource only; a selector without a metric name reads
// both, and a series in both is taken from tocsin's memory.
//
// Thread-safety: as thread-safe as the two layers (both are, in the
// daemon); `local_names` is shared read-only.

#ifndef TOCSIN_ENGINE_LAYERED_QUERYABLE_H_
#define TOCSIN_ENGINE_LAYERED_QUERYABLE_H_

#include <memory>
#include <set>
#include <string>

#include "promql/queryable.h"

namespace tocsin::engine {

// The metric names tocsin's rules write.
using LocalNames = std::set<std::string, std::less<>>;

enum class Layer { kDatasource, kLocal, kBoth };

// Which layer a selector with `matchers` reads.
Layer LayerFor(std::span<const promql::Matcher> matchers,
               const LocalNames& local_names);

class LayeredQueryable : public promql::Queryable {
 public:
  // `base` and `local` must outlive this object.
  LayeredQueryable(promql::Queryable* base, promql::Queryable* local,
                   std::shared_ptr<const LocalNames> local_names)
      : base_(base), local_(local), local_names_(std::move(local_names)) {}

  // Points the datasource layer elsewhere (a new fetch cache per group
  // evaluation). Not thread-safe against Select.
  void SetBase(promql::Queryable* base) { base_ = base; }

  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt) override;
  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt,
                                   const promql::SelectHints& hints) override;

 private:
  promql::Queryable* base_;
  promql::Queryable* local_;
  std::shared_ptr<const LocalNames> local_names_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_LAYERED_QUERYABLE_H_
