// SharedColumn: one column of a stored series (timestamps or values) whose
// array may be shared with other series that hold exactly the same
// contents, and ColumnInterner, which finds such columns.
//
// A recording scraped at a fixed interval has thousands of series with the
// very same timestamps, and many series whose values never change (`up`,
// `*_info`, error counters that stay 0); interning stores each distinct
// array once. Columns compare bit for bit, so NaN payloads (staleness
// markers) and -0.0 are kept apart. A shared column is copied before it is
// modified (copy on write).
//
// Thread-safety: const methods may run concurrently; Mutable(), Adopt() and
// ColumnInterner::Intern must not run concurrently with anything touching
// the same columns.

#ifndef TOCSIN_PROMQL_SHARED_COLUMN_H_
#define TOCSIN_PROMQL_SHARED_COLUMN_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace tocsin::promql {

template <typename T>
class SharedColumn {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) == 8);

 public:
  SharedColumn() : data_(std::make_shared<std::vector<T>>()) {}

  const std::vector<T>& get() const { return *data_; }
  std::span<const T> span() const { return *data_; }
  bool empty() const { return data_->empty(); }
  size_t size() const { return data_->size(); }
  bool SharesWith(const SharedColumn& other) const {
    return data_ == other.data_;
  }

  // The array, made private to this column first.
  std::vector<T>& Mutable() {
    if (data_.use_count() > 1) {
      data_ = std::make_shared<std::vector<T>>(*data_);
    }
    return *data_;
  }

  // Replaces the contents without copying them.
  void Adopt(std::vector<T>&& values) {
    if (data_.use_count() > 1) {
      data_ = std::make_shared<std::vector<T>>(std::move(values));
    } else {
      *data_ = std::move(values);
    }
  }

 private:
  template <typename U>
  friend class ColumnInterner;
  std::shared_ptr<std::vector<T>> data_;
};

template <typename T>
class ColumnInterner {
 public:
  // Points `column` at an earlier interned array with the same bits, or
  // interns it (trimming spare capacity).
  void Intern(SharedColumn<T>& column) {
    auto& bucket = buckets_[Hash(*column.data_)];
    for (const auto& candidate : bucket) {
      if (candidate == column.data_ || SameBits(*candidate, *column.data_)) {
        column.data_ = candidate;
        return;
      }
    }
    column.data_->shrink_to_fit();
    bucket.push_back(column.data_);
  }

 private:
  static uint64_t Hash(const std::vector<T>& v) {
    uint64_t h = 0xcbf29ce484222325ULL ^ v.size();
    for (const T& x : v) {
      h ^= std::bit_cast<uint64_t>(x);
      h *= 0x100000001b3ULL;
      h ^= h >> 29;
    }
    return h;
  }
  static bool SameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 8) == 0);
  }

  std::unordered_map<uint64_t, std::vector<std::shared_ptr<std::vector<T>>>>
      buckets_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_SHARED_COLUMN_H_
