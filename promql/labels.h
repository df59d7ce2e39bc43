// Labels: the identity of a series, a set of name/value pairs sorted by name,
// without empty values (an empty value means "no label").
//
// Labels is an immutable value with shared storage (StringPairs: one
// allocation, the hash computed once): copying is a reference count
// increment, so evaluation can pass label sets around freely. Instances are
// safe to share between threads; LabelsBuilder is not thread-safe.

#ifndef TOCSIN_PROMQL_LABELS_H_
#define TOCSIN_PROMQL_LABELS_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "promql/string_pairs.h"

namespace tocsin::promql {

inline constexpr std::string_view kMetricName = "__name__";

class Labels : public StringPairs {
 public:
  Labels() = default;
  // Sorts by name. Where a name repeats, the last pair wins; pairs with an
  // empty value are dropped.
  Labels(std::initializer_list<Label> labels);
  static Labels FromVector(std::vector<Label> labels);
  // `labels` must already be sorted by name, without repeats or empty values.
  static Labels FromSorted(std::span<const Label> labels) {
    return Labels(StringPairs::FromSorted(labels));
  }
  static Labels FromSorted(std::span<const LabelView> labels) {
    return Labels(StringPairs::FromSorted(labels));
  }

  // A hash of only the pairs whose name is in `names` (any order).
  uint64_t HashForLabels(std::span<const std::string> names) const;
  // A hash of the pairs whose name is neither in `names` nor __name__.
  uint64_t HashWithoutLabels(std::span<const std::string> names) const;

  // The same set without __name__.
  Labels WithoutMetricName() const;
  // Only the pairs whose name is in `names`.
  Labels Keep(std::span<const std::string> names) const;
  // The pairs whose name is not in `names`.
  Labels Drop(std::span<const std::string> names) const;

  // Prometheus's rendering: {__name__="up", job="x"} (values Go-quoted).
  std::string ToString() const;

  // Prometheus's labels.Compare order: pairwise by name, then value, then
  // by length.
  friend int Compare(const Labels& a, const Labels& b);
  friend bool operator<(const Labels& a, const Labels& b) {
    return Compare(a, b) < 0;
  }

 private:
  explicit Labels(StringPairs pairs) : StringPairs(std::move(pairs)) {}
};

// Builds a new label set from a base set by setting and deleting pairs.
class LabelsBuilder {
 public:
  LabelsBuilder() = default;
  explicit LabelsBuilder(const Labels& base);

  // Setting an empty value deletes the label.
  LabelsBuilder& Set(std::string_view name, std::string_view value);
  LabelsBuilder& Del(std::string_view name);
  std::string_view Get(std::string_view name) const;
  Labels Build() const;

 private:
  std::vector<Label> labels_;  // kept sorted by name
};

// Prometheus's rule for label names: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsValidLabelName(std::string_view name);
// Metric names may also hold colons: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool IsValidMetricName(std::string_view name);

// A hash functor for unordered containers keyed by Labels.
struct LabelsHash {
  size_t operator()(const Labels& l) const { return l.Hash(); }
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_LABELS_H_
