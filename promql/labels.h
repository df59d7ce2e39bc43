// Labels: the identity of a series, a set of name/value pairs sorted by name.
//
// Labels is an immutable value with shared storage: copying is a reference
// count increment, so evaluation can pass label sets around freely. A set
// is one allocation holding a table of offsets and the names and values
// back to back (about a third of the memory of separate strings), and the
// hash, computed once. Iteration yields LabelView pairs that point into
// that storage and stay valid as long as some copy of the set lives.
// Instances are safe to share between threads; LabelsBuilder is not
// thread-safe.

#ifndef TOCSIN_PROMQL_LABELS_H_
#define TOCSIN_PROMQL_LABELS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::promql {

inline constexpr std::string_view kMetricName = "__name__";

// A pair inside a Labels set.
struct LabelView {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const LabelView&, const LabelView&) = default;
};

// A pair that owns its strings, for building label sets.
struct Label {
  std::string name;
  std::string value;

  Label() = default;
  Label(std::string n, std::string v)
      : name(std::move(n)), value(std::move(v)) {}
  explicit Label(LabelView l) : name(l.name), value(l.value) {}
  operator LabelView() const { return {name, value}; }  // NOLINT
  friend bool operator==(const Label&, const Label&) = default;
};

class Labels {
 public:
  class const_iterator;

  Labels() = default;
  Labels(const Labels& other) : rep_(other.rep_) { Ref(); }
  Labels(Labels&& other) noexcept : rep_(other.rep_) { other.rep_ = nullptr; }
  Labels& operator=(const Labels& other);
  Labels& operator=(Labels&& other) noexcept;
  ~Labels() { Unref(); }

  // Sorts by name. Where a name repeats, the last pair wins; pairs with an
  // empty value are dropped (an empty label value means "no label").
  Labels(std::initializer_list<Label> labels);
  static Labels FromVector(std::vector<Label> labels);
  // `labels` must already be sorted by name, without repeats or empty values.
  static Labels FromSorted(std::span<const Label> labels);
  static Labels FromSorted(std::span<const LabelView> labels);

  bool empty() const { return size() == 0; }
  size_t size() const { return rep_ ? rep_->size : 0; }
  const_iterator begin() const;
  const_iterator end() const;
  LabelView operator[](size_t i) const;

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
  // One allocation: this header, 2 * size + 1 offsets into the characters
  // (pair i is [offsets[2i], offsets[2i+1]) and [offsets[2i+1],
  // offsets[2i+2])), then the characters.
  struct Rep {
    std::atomic<uint32_t> refs;
    uint32_t size;
    uint64_t hash;
    const uint32_t* offsets() const {
      return reinterpret_cast<const uint32_t*>(this + 1);
    }
    const char* chars() const {
      return reinterpret_cast<const char*>(offsets() + 2 * size + 1);
    }
  };
  static constexpr uint64_t kEmptyHash = 0xcbf29ce484222325ULL;

  template <typename Pair>
  static Labels Build(std::span<const Pair> labels);
  void Ref() const {
    if (rep_) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref();
  static LabelView At(const Rep* rep, size_t i);
  // The index of the pair named `name`, or size().
  size_t Find(std::string_view name) const;

  Rep* rep_ = nullptr;
};

// Iterates over the pairs of a Labels set in name order.
class Labels::const_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = LabelView;
  using difference_type = std::ptrdiff_t;
  using reference = LabelView;
  using pointer = void;

  const_iterator() = default;
  LabelView operator*() const { return At(rep_, i_); }
  LabelView operator[](difference_type n) const { return At(rep_, i_ + n); }
  const_iterator& operator++() {
    ++i_;
    return *this;
  }
  const_iterator operator++(int) {
    auto t = *this;
    ++i_;
    return t;
  }
  const_iterator& operator--() {
    --i_;
    return *this;
  }
  const_iterator operator--(int) {
    auto t = *this;
    --i_;
    return t;
  }
  const_iterator& operator+=(difference_type n) {
    i_ += n;
    return *this;
  }
  const_iterator& operator-=(difference_type n) {
    i_ -= n;
    return *this;
  }
  friend const_iterator operator+(const_iterator it, difference_type n) {
    return it += n;
  }
  friend const_iterator operator-(const_iterator it, difference_type n) {
    return it -= n;
  }
  friend difference_type operator-(const const_iterator& a,
                                   const const_iterator& b) {
    return static_cast<difference_type>(a.i_) -
           static_cast<difference_type>(b.i_);
  }
  friend bool operator==(const const_iterator& a, const const_iterator& b) {
    return a.i_ == b.i_;
  }
  friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
    return a.i_ <=> b.i_;
  }

 private:
  friend class Labels;
  const_iterator(const Rep* rep, size_t i) : rep_(rep), i_(i) {}
  const Rep* rep_ = nullptr;
  size_t i_ = 0;
};

inline Labels::const_iterator Labels::begin() const { return {rep_, 0}; }
inline Labels::const_iterator Labels::end() const { return {rep_, size()}; }
inline LabelView Labels::operator[](size_t i) const { return At(rep_, i); }

inline LabelView Labels::At(const Rep* rep, size_t i) {
  const uint32_t* off = rep->offsets();
  const char* c = rep->chars();
  return {
      std::string_view(c + off[2 * i], off[2 * i + 1] - off[2 * i]),
      std::string_view(c + off[2 * i + 1], off[2 * i + 2] - off[2 * i + 1])};
}

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
