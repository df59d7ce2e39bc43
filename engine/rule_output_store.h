// RuleOutputStore: what the daemon's rules write (recorded series, ALERTS,
// ALERTS_FOR_STATE, staleness markers), kept in memory so that later rules
// and queries read it, as Prometheus's rules read its local TSDB.
//
// Appends follow the TSDB's rules (rules/appender.h): per series, samples
// come in time order; an older sample fails with "out of order sample",
// one at the newest time with another value with "duplicate sample for
// timestamp". Samples older than `retention` before a series' newest
// sample are dropped as new ones arrive, and a series whose newest sample
// is older than `retention` before the newest sample of the whole store is
// dropped on Commit. Each Commit hands the samples appended since the
// previous one to the optional sink (remote write).
//
// Thread-safety: every method may be called from any thread; Select copies
// the samples it returns, so results stay valid while rules keep writing.

#ifndef TOCSIN_ENGINE_RULE_OUTPUT_STORE_H_
#define TOCSIN_ENGINE_RULE_OUTPUT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "promql/labels.h"
#include "promql/queryable.h"
#include "promql/value.h"
#include "rules/appender.h"

namespace tocsin::engine {

class RuleOutputStore : public promql::Queryable, public rules::SampleAppender {
 public:
  // Receives the samples of one Commit, in append order.
  using Sink = std::function<void(const std::vector<promql::Sample>&)>;

  explicit RuleOutputStore(int64_t retention_ms, Sink sink = nullptr);

  Status Append(const promql::Labels& labels, int64_t t, double v) override;
  Status Commit() override;

  // The series matching all matchers with a sample in [mint, maxt], with
  // their samples in that window, sorted by labels.
  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt) override;

  size_t NumSeries() const;

 private:
  struct Series {
    std::vector<int64_t> t;
    std::vector<double> v;
  };

  const int64_t retention_ms_;
  const Sink sink_;
  mutable std::mutex mu_;
  std::map<promql::Labels, Series> series_;
  std::vector<promql::Sample> uncommitted_;
  int64_t max_t_ = INT64_MIN;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_RULE_OUTPUT_STORE_H_
