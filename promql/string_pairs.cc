#include "promql/string_pairs.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

namespace tocsin::promql {
namespace {

// XXH64's multipliers and its round, used as a chain over the words.
constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr uint64_t kPrime3 = 0x165667B19E3779F9ULL;

inline uint64_t Round(uint64_t h, uint64_t word) {
  return std::rotl(h + word * kPrime2, 31) * kPrime1;
}

// Folds in the length of `s`, then its bytes eight at a time (the last
// word padded with zeros). With the length first, different strings make
// different word sequences.
inline uint64_t HashBytes(uint64_t h, std::string_view s) {
  h = Round(h, s.size());
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = Round(h, word);
  }
  if (n > 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = Round(h, word);
  }
  return h;
}

inline uint64_t Avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  return h ^ (h >> 32);
}

}  // namespace

uint64_t StringPairs::HashPair(uint64_t h, std::string_view name,
                               std::string_view value) {
  return Avalanche(HashBytes(HashBytes(h, name), value));
}

StringPairs& StringPairs::operator=(const StringPairs& other) {
  Rep* rep = other.rep_;  // `other` may be *this
  other.Ref();
  Unref();
  rep_ = rep;
  return *this;
}

StringPairs& StringPairs::operator=(StringPairs&& other) noexcept {
  if (this != &other) {
    Unref();
    rep_ = other.rep_;
    other.rep_ = nullptr;
  }
  return *this;
}

void StringPairs::Unref() {
  if (rep_ && rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    rep_->~Rep();
    ::operator delete(rep_);
  }
  rep_ = nullptr;
}

template <typename Pair>
StringPairs StringPairs::Build(std::span<const Pair> pairs) {
  StringPairs out;
  if (pairs.empty()) return out;
  size_t chars = 0;
  uint64_t h = kEmptyHash;
  for (const auto& p : pairs) {
    chars += p.name.size() + p.value.size();
    h = HashPair(h, p.name, p.value);
  }
  size_t n = pairs.size();
  void* mem =
      ::operator new(sizeof(Rep) + (2 * n + 1) * sizeof(uint32_t) + chars);
  Rep* rep = new (mem) Rep;
  rep->refs.store(1, std::memory_order_relaxed);
  rep->size = static_cast<uint32_t>(n);
  rep->hash = h;
  auto* off = const_cast<uint32_t*>(rep->offsets());
  char* c = const_cast<char*>(rep->chars());
  uint32_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& p = pairs[i];
    off[2 * i] = pos;
    std::copy(p.name.begin(), p.name.end(), c + pos);
    pos += static_cast<uint32_t>(p.name.size());
    off[2 * i + 1] = pos;
    std::copy(p.value.begin(), p.value.end(), c + pos);
    pos += static_cast<uint32_t>(p.value.size());
  }
  off[2 * n] = pos;
  out.rep_ = rep;
  return out;
}

StringPairs StringPairs::FromSorted(std::span<const Label> pairs) {
  return Build(pairs);
}

StringPairs StringPairs::FromSorted(std::span<const LabelView> pairs) {
  return Build(pairs);
}

StringPairs StringPairs::FromUnsorted(std::vector<Label> pairs) {
  SortPairsByName(pairs);
  return Build(std::span<const Label>(pairs));
}

void SortPairsByName(std::vector<Label>& pairs) {
  std::stable_sort(
      pairs.begin(), pairs.end(),
      [](const Label& a, const Label& b) { return a.name < b.name; });
  size_t out = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (out > 0 && pairs[out - 1].name == pairs[i].name) {
      pairs[out - 1].value = std::move(pairs[i].value);
    } else {
      if (out != i) pairs[out] = std::move(pairs[i]);
      ++out;
    }
  }
  pairs.resize(out);
}

// Pairs are sorted by name, so the scan stops at the first larger name
// (__name__ usually comes first).
size_t StringPairs::Find(std::string_view name) const {
  size_t n = size();
  for (size_t i = 0; i < n; ++i) {
    int c = At(rep_, i).name.compare(name);
    if (c == 0) return i;
    if (c > 0) break;
  }
  return n;
}

std::string_view StringPairs::Get(std::string_view name) const {
  size_t i = Find(name);
  return i < size() ? At(rep_, i).value : std::string_view();
}

bool operator==(const StringPairs& a, const StringPairs& b) {
  if (a.rep_ == b.rep_) return true;
  if (a.Hash() != b.Hash() || a.size() != b.size()) return false;
  // Equal offset tables and characters: the same pairs.
  size_t n = a.size();
  const uint32_t* ao = a.rep_->offsets();
  const uint32_t* bo = b.rep_->offsets();
  if (!std::equal(ao, ao + 2 * n + 1, bo)) return false;
  return std::equal(a.rep_->chars(), a.rep_->chars() + ao[2 * n],
                    b.rep_->chars());
}

}  // namespace tocsin::promql
