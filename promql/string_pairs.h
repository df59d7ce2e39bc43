// StringPairs: an immutable list of name/value pairs sorted by name, with
// unique names, in one shared allocation: a table of offsets, then the
// names and values back to back (about a third of the memory of separate
// strings), and a hash of the pairs computed once. Copying is a reference
// count increment. Iteration yields LabelView pairs that point into the
// shared storage and stay valid as long as some copy of the list lives.
//
// Label sets (promql::Labels) and the annotations of the router's alerts
// are StringPairs. Instances are safe to share between threads.

#ifndef TOCSIN_PROMQL_STRING_PAIRS_H_
#define TOCSIN_PROMQL_STRING_PAIRS_H_

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

// A pair inside a StringPairs list.
struct LabelView {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const LabelView&, const LabelView&) = default;
};

// A pair that owns its strings, for building lists.
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

// Sorts `pairs` by name; where a name repeats, only the last pair stays.
void SortPairsByName(std::vector<Label>& pairs);

class StringPairs {
 public:
  class const_iterator;

  StringPairs() = default;
  StringPairs(const StringPairs& other) : rep_(other.rep_) { Ref(); }
  StringPairs(StringPairs&& other) noexcept : rep_(other.rep_) {
    other.rep_ = nullptr;
  }
  StringPairs& operator=(const StringPairs& other);
  StringPairs& operator=(StringPairs&& other) noexcept;
  ~StringPairs() { Unref(); }
  // In any order; where a name repeats, the last pair wins.
  StringPairs(std::initializer_list<Label> pairs)
      : StringPairs(FromUnsorted(std::vector<Label>(pairs))) {}

  // `pairs` must be sorted by name, without repeats.
  static StringPairs FromSorted(std::span<const Label> pairs);
  static StringPairs FromSorted(std::span<const LabelView> pairs);
  // `pairs` in any order; where a name repeats, the last pair wins.
  static StringPairs FromUnsorted(std::vector<Label> pairs);

  bool empty() const { return size() == 0; }
  size_t size() const { return rep_ ? rep_->size : 0; }
  const_iterator begin() const;
  const_iterator end() const;
  LabelView operator[](size_t i) const { return At(rep_, i); }

  // The value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) < size(); }

  // A hash of all pairs; equal lists have equal hashes.
  uint64_t Hash() const { return rep_ ? rep_->hash : kEmptyHash; }

  friend bool operator==(const StringPairs& a, const StringPairs& b);
  friend bool operator!=(const StringPairs& a, const StringPairs& b) {
    return !(a == b);
  }

 protected:
  static constexpr uint64_t kEmptyHash = 0xcbf29ce484222325ULL;
  // The hash Hash() gives, folded in one pair at a time from kEmptyHash
  // (XXH64's round over each string's length and then its bytes, eight at
  // a time; mixed after every pair). Within one process only: it depends
  // on the byte order.
  static uint64_t HashPair(uint64_t h, std::string_view name,
                           std::string_view value);
  // The index of the pair named `name`, or size().
  size_t Find(std::string_view name) const;

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

  template <typename Pair>
  static StringPairs Build(std::span<const Pair> pairs);
  static LabelView At(const Rep* rep, size_t i);
  void Ref() const {
    if (rep_) rep_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref();

  Rep* rep_ = nullptr;
};

// Iterates over the pairs in name order.
class StringPairs::const_iterator {
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
  friend class StringPairs;
  const_iterator(const Rep* rep, size_t i) : rep_(rep), i_(i) {}
  const Rep* rep_ = nullptr;
  size_t i_ = 0;
};

inline StringPairs::const_iterator StringPairs::begin() const {
  return {rep_, 0};
}
inline StringPairs::const_iterator StringPairs::end() const {
  return {rep_, size()};
}

inline LabelView StringPairs::At(const Rep* rep, size_t i) {
  const uint32_t* off = rep->offsets();
  const char* c = rep->chars();
  return {
      std::string_view(c + off[2 * i], off[2 * i + 1] - off[2 * i]),
      std::string_view(c + off[2 * i + 1], off[2 * i + 2] - off[2 * i + 1])};
}

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_STRING_PAIRS_H_
