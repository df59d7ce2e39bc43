// MemoryStorage: series held in memory, column by column, for recorded data,
// tests and `tocsin serve`.
//
// Each series keeps its timestamps and values in two contiguous arrays, in
// ascending time order, staleness markers included. Series are found through
// an inverted index (label name -> value -> series), so a selector with an
// equality matcher touches only the series it names. Series that share the
// very same timestamps (a recording scraped at a fixed interval) share one
// timestamp array once Seal() has run, and series with the very same values
// (constant series such as `up`) share one value array.
//
// Thread-safety: Append/Clear/Seal must not run concurrently with anything
// else; Select and the read accessors may run from many threads at once.

#ifndef TOCSIN_PROMQL_MEMORY_STORAGE_H_
#define TOCSIN_PROMQL_MEMORY_STORAGE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/queryable.h"
#include "promql/status.h"

namespace tocsin::promql {

class MemoryStorage : public Queryable {
 public:
  MemoryStorage();
  ~MemoryStorage() override;
  MemoryStorage(const MemoryStorage&) = delete;
  MemoryStorage& operator=(const MemoryStorage&) = delete;

  // Appends one sample to the series `labels` (created on first use).
  // Samples of a series must come in strictly ascending time; an
  // out-of-order or duplicate timestamp fails with kInvalidArgument
  // ("out of order sample" / "duplicate sample for timestamp").
  Status Append(const Labels& labels, int64_t t, double v);

  // One series with all its samples, for AppendBatch.
  struct SeriesColumns {
    Labels labels;
    std::vector<int64_t> t;
    std::vector<double> v;
  };

  // Appends whole series at once, all or nothing. Each entry's timestamps
  // must be strictly ascending and later than the last sample the storage
  // already holds for that series (entries for the same labels apply in
  // order). On failure nothing is added, the message is Append's, naming
  // the series, and *failed_index (when given) is the offending entry. The
  // columns of a new series are adopted without copying.
  Status AppendBatch(std::vector<SeriesColumns> batch,
                     size_t* failed_index = nullptr);

  // Shares identical timestamp arrays, and identical value arrays, between
  // series and releases spare capacity. Call after loading; appending
  // afterwards is still allowed (a shared array is copied first). Spans
  // from earlier Selects are invalidated.
  void Seal();

  // Removes every series.
  void Clear();

  // Queryable: the series matching all matchers that have at least one
  // sample in [mint, maxt], with their whole columns (callers narrow to the
  // window). Sorted by labels.
  Result<SeriesSet> Select(std::span<const Matcher> matchers, int64_t mint,
                           int64_t maxt) override;

  // The label sets of the series matching all matchers with a sample in
  // [mint, maxt], sorted. For /api/v1/series.
  std::vector<Labels> SeriesLabels(std::span<const Matcher> matchers,
                                   int64_t mint, int64_t maxt) const;
  // Sorted, distinct label names / values of one label over all series.
  std::vector<std::string> LabelNames() const;
  std::vector<std::string> LabelValues(std::string_view name) const;

  size_t NumSeries() const;
  size_t NumSamples() const;
  // The earliest and latest sample timestamp; 0 when empty.
  int64_t MinTime() const;
  int64_t MaxTime() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_MEMORY_STORAGE_H_
