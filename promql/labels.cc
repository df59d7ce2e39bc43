#include "promql/labels.h"

#include <algorithm>
#include <new>

#include "promql/go_format.h"

namespace tocsin::promql {
namespace {

// FNV-1a over name and value with separators that cannot appear in UTF-8.
inline uint64_t HashBytes(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline uint64_t HashPair(uint64_t h, std::string_view name,
                         std::string_view value) {
  h = HashBytes(h, name);
  h = (h ^ 0xff) * 0x100000001b3ULL;
  h = HashBytes(h, value);
  return (h ^ 0xfe) * 0x100000001b3ULL;
}

inline bool Contains(std::span<const std::string> names, std::string_view n) {
  for (const auto& s : names) {
    if (s == n) return true;
  }
  return false;
}

}  // namespace

Labels& Labels::operator=(const Labels& other) {
  Rep* rep = other.rep_;  // `other` may be *this
  other.Ref();
  Unref();
  rep_ = rep;
  return *this;
}

Labels& Labels::operator=(Labels&& other) noexcept {
  if (this != &other) {
    Unref();
    rep_ = other.rep_;
    other.rep_ = nullptr;
  }
  return *this;
}

void Labels::Unref() {
  if (rep_ && rep_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    rep_->~Rep();
    ::operator delete(rep_);
  }
  rep_ = nullptr;
}

template <typename Pair>
Labels Labels::Build(std::span<const Pair> labels) {
  Labels out;
  if (labels.empty()) return out;
  size_t chars = 0;
  uint64_t h = kEmptyHash;
  for (const auto& l : labels) {
    chars += l.name.size() + l.value.size();
    h = HashPair(h, l.name, l.value);
  }
  size_t n = labels.size();
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
    const auto& l = labels[i];
    off[2 * i] = pos;
    std::copy(l.name.begin(), l.name.end(), c + pos);
    pos += static_cast<uint32_t>(l.name.size());
    off[2 * i + 1] = pos;
    std::copy(l.value.begin(), l.value.end(), c + pos);
    pos += static_cast<uint32_t>(l.value.size());
  }
  off[2 * n] = pos;
  out.rep_ = rep;
  return out;
}

Labels::Labels(std::initializer_list<Label> labels)
    : Labels(FromVector(std::vector<Label>(labels))) {}

Labels Labels::FromVector(std::vector<Label> labels) {
  std::stable_sort(
      labels.begin(), labels.end(),
      [](const Label& a, const Label& b) { return a.name < b.name; });
  std::vector<Label> out;
  out.reserve(labels.size());
  for (auto& l : labels) {
    if (!out.empty() && out.back().name == l.name) {
      out.back().value = std::move(l.value);
    } else {
      out.push_back(std::move(l));
    }
  }
  std::erase_if(out, [](const Label& l) { return l.value.empty(); });
  return FromSorted(std::span<const Label>(out));
}

Labels Labels::FromSorted(std::span<const Label> labels) {
  return Build(labels);
}

Labels Labels::FromSorted(std::span<const LabelView> labels) {
  return Build(labels);
}

// Pairs are sorted by name, so the scan stops at the first larger name
// (__name__ usually comes first).
size_t Labels::Find(std::string_view name) const {
  size_t n = size();
  for (size_t i = 0; i < n; ++i) {
    int c = At(rep_, i).name.compare(name);
    if (c == 0) return i;
    if (c > 0) break;
  }
  return n;
}

std::string_view Labels::Get(std::string_view name) const {
  size_t i = Find(name);
  return i < size() ? At(rep_, i).value : std::string_view();
}

bool Labels::Has(std::string_view name) const { return Find(name) < size(); }

uint64_t Labels::HashForLabels(std::span<const std::string> names) const {
  uint64_t h = kEmptyHash;
  for (LabelView l : *this) {
    if (Contains(names, l.name)) h = HashPair(h, l.name, l.value);
  }
  return h;
}

uint64_t Labels::HashWithoutLabels(std::span<const std::string> names) const {
  uint64_t h = kEmptyHash;
  for (LabelView l : *this) {
    if (l.name == kMetricName || Contains(names, l.name)) continue;
    h = HashPair(h, l.name, l.value);
  }
  return h;
}

namespace {

// The pairs of `labels` for which `keep` holds.
template <typename Keep>
std::vector<LabelView> Filter(const Labels& labels, Keep keep) {
  std::vector<LabelView> out;
  out.reserve(labels.size());
  for (LabelView l : labels) {
    if (keep(l.name)) out.push_back(l);
  }
  return out;
}

}  // namespace

Labels Labels::WithoutMetricName() const {
  if (!Has(kMetricName)) return *this;
  return FromSorted(
      Filter(*this, [](std::string_view n) { return n != kMetricName; }));
}

Labels Labels::Keep(std::span<const std::string> names) const {
  return FromSorted(
      Filter(*this, [&](std::string_view n) { return Contains(names, n); }));
}

Labels Labels::Drop(std::span<const std::string> names) const {
  return FromSorted(
      Filter(*this, [&](std::string_view n) { return !Contains(names, n); }));
}

std::string Labels::ToString() const {
  std::string out = "{";
  bool first = true;
  for (LabelView l : *this) {
    if (!first) out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += GoQuote(l.value);
  }
  out += '}';
  return out;
}

bool operator==(const Labels& a, const Labels& b) {
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

int Compare(const Labels& a, const Labels& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    LabelView x = a[i], y = b[i];
    if (int c = x.name.compare(y.name); c != 0) return c < 0 ? -1 : 1;
    if (int c = x.value.compare(y.value); c != 0) return c < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

LabelsBuilder::LabelsBuilder(const Labels& base) {
  labels_.reserve(base.size());
  for (LabelView l : base) labels_.emplace_back(l);
}

LabelsBuilder& LabelsBuilder::Set(std::string_view name,
                                  std::string_view value) {
  if (value.empty()) return Del(name);
  auto it = std::lower_bound(
      labels_.begin(), labels_.end(), name,
      [](const Label& l, std::string_view n) { return l.name < n; });
  if (it != labels_.end() && it->name == name) {
    it->value = std::string(value);
  } else {
    labels_.insert(it, Label{std::string(name), std::string(value)});
  }
  return *this;
}

LabelsBuilder& LabelsBuilder::Del(std::string_view name) {
  std::erase_if(labels_, [&](const Label& l) { return l.name == name; });
  return *this;
}

std::string_view LabelsBuilder::Get(std::string_view name) const {
  for (const auto& l : labels_) {
    if (l.name == name) return l.value;
  }
  return {};
}

Labels LabelsBuilder::Build() const {
  return Labels::FromSorted(std::span<const Label>(labels_));
}

namespace {

bool IsNameChar(char c, bool first, bool colon_ok) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (colon_ok && c == ':') || (!first && c >= '0' && c <= '9');
}

bool IsValidName(std::string_view name, bool colon_ok) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, colon_ok)) return false;
  }
  return true;
}

}  // namespace

bool IsValidLabelName(std::string_view name) {
  return IsValidName(name, false);
}

bool IsValidMetricName(std::string_view name) {
  return IsValidName(name, true);
}

}  // namespace tocsin::promql
