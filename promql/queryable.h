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

// How the engine will read a selector's series, so that a Queryable that
// cannot hand out raw samples (a remote Prometheus behind its HTTP API) can
// fetch what the evaluation needs in a form that keeps its semantics.
struct SelectHints {
  // An instant selector is read at the reference times first_ref,
  // first_ref + step, ..., last_ref (the evaluation steps minus the
  // offset, or the `@` time), each looking back `lookback` ms for the
  // latest sample. A range selector (range > 0) reads, at each of those
  // reference times r, the raw samples in [r - range, r].
  int64_t first_ref = 0;
  int64_t last_ref = 0;
  int64_t step = 0;  // 0 when first_ref == last_ref
  int64_t range = 0;
  int64_t lookback = 0;
  // The selector is the argument of timestamp(), which reads the samples'
  // own timestamps.
  bool sample_timestamps = false;
};

class Queryable {
 public:
  virtual ~Queryable() = default;

  virtual Result<SeriesSet> Select(std::span<const Matcher> matchers,
                                   int64_t mint, int64_t maxt) = 0;

  // The engine calls this form. [mint, maxt] covers everything `hints`
  // describes; a Queryable over raw samples may ignore the hints.
  virtual Result<SeriesSet> Select(std::span<const Matcher> matchers,
                                   int64_t mint, int64_t maxt,
                                   const SelectHints& hints) {
    (void)hints;
    return Select(matchers, mint, maxt);
  }
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_QUERYABLE_H_
