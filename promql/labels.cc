#include "promql/labels.h"

#include <algorithm>

#include "promql/go_format.h"

namespace tocsin::promql {
namespace {

const std::vector<Label>& EmptyVector() {
  static const std::vector<Label> kEmpty;
  return kEmpty;
}

// FNV-1a over name and value with separators that cannot appear in UTF-8.
inline uint64_t HashBytes(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline uint64_t HashPair(uint64_t h, const Label& l) {
  h = HashBytes(h, l.name);
  h = (h ^ 0xff) * 0x100000001b3ULL;
  h = HashBytes(h, l.value);
  return (h ^ 0xfe) * 0x100000001b3ULL;
}

inline bool Contains(std::span<const std::string> names, std::string_view n) {
  for (const auto& s : names) {
    if (s == n) return true;
  }
  return false;
}

uint64_t HashAll(const std::vector<Label>& labels) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& l : labels) h = HashPair(h, l);
  return h;
}

}  // namespace

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
  return FromSorted(std::move(out));
}

Labels Labels::FromSorted(std::vector<Label> labels) {
  if (labels.empty()) return Labels();
  uint64_t h = HashAll(labels);
  return Labels(std::make_shared<const Rep>(Rep{std::move(labels), h}));
}

Labels::const_iterator Labels::begin() const {
  return rep_ ? rep_->labels.begin() : EmptyVector().begin();
}
Labels::const_iterator Labels::end() const {
  return rep_ ? rep_->labels.end() : EmptyVector().end();
}

std::string_view Labels::Get(std::string_view name) const {
  for (const auto& l : *this) {
    if (l.name == name) return l.value;
  }
  return {};
}

bool Labels::Has(std::string_view name) const {
  for (const auto& l : *this) {
    if (l.name == name) return true;
  }
  return false;
}

uint64_t Labels::HashForLabels(std::span<const std::string> names) const {
  uint64_t h = kEmptyHash;
  for (const auto& l : *this) {
    if (Contains(names, l.name)) h = HashPair(h, l);
  }
  return h;
}

uint64_t Labels::HashWithoutLabels(std::span<const std::string> names) const {
  uint64_t h = kEmptyHash;
  for (const auto& l : *this) {
    if (l.name == kMetricName || Contains(names, l.name)) continue;
    h = HashPair(h, l);
  }
  return h;
}

Labels Labels::WithoutMetricName() const {
  if (!Has(kMetricName)) return *this;
  std::vector<Label> out;
  out.reserve(size());
  for (const auto& l : *this) {
    if (l.name != kMetricName) out.push_back(l);
  }
  return FromSorted(std::move(out));
}

Labels Labels::Keep(std::span<const std::string> names) const {
  std::vector<Label> out;
  for (const auto& l : *this) {
    if (Contains(names, l.name)) out.push_back(l);
  }
  return FromSorted(std::move(out));
}

Labels Labels::Drop(std::span<const std::string> names) const {
  std::vector<Label> out;
  for (const auto& l : *this) {
    if (!Contains(names, l.name)) out.push_back(l);
  }
  return FromSorted(std::move(out));
}

std::string Labels::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const auto& l : *this) {
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
  return std::equal(a.begin(), a.end(), b.begin());
}

int Compare(const Labels& a, const Labels& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = a[i].name.compare(b[i].name); c != 0) return c < 0 ? -1 : 1;
    if (int c = a[i].value.compare(b[i].value); c != 0) return c < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

LabelsBuilder::LabelsBuilder(const Labels& base)
    : labels_(base.begin(), base.end()) {}

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

Labels LabelsBuilder::Build() const { return Labels::FromSorted(labels_); }

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
