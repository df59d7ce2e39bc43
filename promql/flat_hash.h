// U64Map: a small open-addressing hash map from 64-bit hashes to values,
// for the evaluator's per-step lookups (binary matching, aggregation
// groups, duplicate label-set checks).
//
// Keys are label-set hashes, already well mixed; the map mixes them once
// more for the slot index. Clear() keeps the capacity so that a map reused
// at every step of a range query does not allocate again. Not thread-safe.

#ifndef TOCSIN_PROMQL_FLAT_HASH_H_
#define TOCSIN_PROMQL_FLAT_HASH_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace tocsin::promql {

template <typename V>
class U64Map {
 public:
  U64Map() { Rehash(16); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Removes all entries and makes room for `expected` of them.
  void Clear(size_t expected = 0) {
    size_t want = 16;
    while (want < expected * 2) want <<= 1;
    if (want > used_.size()) {
      Rehash(want);
    } else if (size_ > 0) {
      std::fill(used_.begin(), used_.end(), 0);
    }
    size_ = 0;
  }

  V* Find(uint64_t key) {
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (!used_[i]) return nullptr;
      if (keys_[i] == key) return &values_[i];
    }
  }

  // Inserts `value` under `key` unless the key is present. Returns the
  // entry and whether it was inserted.
  std::pair<V*, bool> Insert(uint64_t key, V value) {
    if ((size_ + 1) * 2 > used_.size()) Grow();
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (!used_[i]) {
        used_[i] = 1;
        keys_[i] = key;
        values_[i] = std::move(value);
        ++size_;
        return {&values_[i], true};
      }
      if (keys_[i] == key) return {&values_[i], false};
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<size_t>(key) & mask_;
  }

  void Rehash(size_t capacity) {
    keys_.assign(capacity, 0);
    values_.assign(capacity, V());
    used_.assign(capacity, 0);
    mask_ = capacity - 1;
    size_ = 0;
  }

  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<V> values = std::move(values_);
    std::vector<uint8_t> used = std::move(used_);
    Rehash(used.size() * 2);
    for (size_t i = 0; i < used.size(); ++i) {
      if (used[i]) Insert(keys[i], std::move(values[i]));
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  std::vector<uint8_t> used_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FLAT_HASH_H_
