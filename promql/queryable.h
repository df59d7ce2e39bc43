// Queryable: the only way data comes into the PromQL engine.
//
// Select returns every series that matches all matchers, with (at least) its
// samples in [mint, maxt]. Samples are timestamp-ascending and may include
// staleness markers (see value.h); the engine applies lookback and staleness.
// Implementations must be safe to call from several queries at once.

#ifndef TOCSIN_PROMQL_QUERYABLE_H_
#define TOCSIN_PROMQL_QUERYABLE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/status.h"

namespace tocsin::promql {

// A stored series as columns. The spans stay valid as long as the SeriesSet
// that holds them (or the storage, for in-memory data) lives.
struct SeriesRef {
  Labels labels;
  std::span<const int64_t> t;
  std::span<const double> v;
};

struct SeriesSet {
  std::vector<SeriesRef> series;
  // Keeps alive data that the spans point into, when not owned by storage.
  std::shared_ptr<const void> owner;
};

class Queryable {
 public:
  virtual ~Queryable() = default;

  virtual Result<SeriesSet> Select(std::span<const Matcher> matchers,
                                   int64_t mint, int64_t maxt) = 0;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_QUERYABLE_H_
