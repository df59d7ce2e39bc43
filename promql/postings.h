// LabelIndex: the inverted index behind MemoryStorage, label name -> label
// value -> the ids of the series that carry that pair (a posting list).
//
// Series ids are dense and assigned in ascending order, so every posting
// list is sorted by construction. Selection follows Prometheus's rules: the
// matchers are ANDed; an equality matcher is one lookup; a regex or
// inequality matcher scans only the values of its own label; a matcher that
// matches the empty string also matches series that lack the label, so it
// is applied by subtracting the series whose value it rejects.
//
// Thread-safety: Add must not run concurrently with anything else; the
// const methods may run from many threads at once.

#ifndef TOCSIN_PROMQL_POSTINGS_H_
#define TOCSIN_PROMQL_POSTINGS_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"

namespace tocsin::promql {

using SeriesId = uint32_t;
using Postings = std::vector<SeriesId>;

// Sorted-list set operations on posting lists.
Postings IntersectPostings(std::span<const SeriesId> a,
                           std::span<const SeriesId> b);
Postings SubtractPostings(std::span<const SeriesId> a,
                          std::span<const SeriesId> b);

class LabelIndex {
 public:
  // Records every pair of `labels` for series `id`; ids must be added in
  // ascending order.
  void Add(const Labels& labels, SeriesId id);

  // The ids (ascending) of the series among [0, num_series) that match all
  // matchers. No matchers select every series.
  Postings Select(std::span<const Matcher> matchers, SeriesId num_series) const;

  // Sorted label names, and the sorted values of one name.
  std::vector<std::string> Names() const;
  std::vector<std::string> Values(std::string_view name) const;

 private:
  using ValueMap = std::map<std::string, Postings, std::less<>>;

  // The series whose value of the matcher's label satisfies `keep` (series
  // without the label are never included).
  template <typename Pred>
  Postings Collect(const ValueMap& values, Pred keep) const;

  std::map<std::string, ValueMap, std::less<>> names_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_POSTINGS_H_
