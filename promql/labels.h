// Labels: the identity of a series, a set of name/value pairs sorted by name.
//
// Labels is an immutable value with shared storage: copying is a reference
// count increment, so evaluation can pass label sets around freely. The hash
// is computed once and cached. Instances are safe to share between threads;
// LabelsBuilder is not thread-safe.

#ifndef TOCSIN_PROMQL_LABELS_H_
#define TOCSIN_PROMQL_LABELS_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::promql {

inline constexpr std::string_view kMetricName = "__name__";

struct Label {
  std::string name;
  std::string value;
  friend bool operator==(const Label&, const Label&) = default;
};

class Labels {
 public:
  using const_iterator = std::vector<Label>::const_iterator;

  Labels() = default;
  // Sorts by name. Where a name repeats, the last pair wins; pairs with an
  // empty value are dropped (an empty label value means "no label").
  Labels(std::initializer_list<Label> labels);
  static Labels FromVector(std::vector<Label> labels);
  // `labels` must already be sorted by name, without repeats or empty values.
  static Labels FromSorted(std::vector<Label> labels);

  bool empty() const { return size() == 0; }
  size_t size() const { return rep_ ? rep_->labels.size() : 0; }
  const_iterator begin() const;
  const_iterator end() const;
  const Label& operator[](size_t i) const { return rep_->labels[i]; }

  // The value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;

  // A hash of all pairs; equal label sets have equal hashes.
  uint64_t Hash() const { return rep_ ? rep_->hash : kEmptyHash; }
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

  friend bool operator==(const Labels& a, const Labels& b);
  friend bool operator!=(const Labels& a, const Labels& b) { return !(a == b); }
  // Prometheus's labels.Compare order: pairwise by name, then value, then
  // by length.
  friend int Compare(const Labels& a, const Labels& b);
  friend bool operator<(const Labels& a, const Labels& b) {
    return Compare(a, b) < 0;
  }

 private:
  struct Rep {
    std::vector<Label> labels;
    uint64_t hash;
  };
  static constexpr uint64_t kEmptyHash = 0xcbf29ce484222325ULL;
  explicit Labels(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}

  std::shared_ptr<const Rep> rep_;
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
