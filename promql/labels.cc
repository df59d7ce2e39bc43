#include "promql/labels.h"

#include <algorithm>

#include "promql/go_format.h"

namespace tocsin::promql {
namespace {

inline bool Contains(std::span<const std::string> names, std::string_view n) {
  for (const auto& s : names) {
    if (s == n) return true;
  }
  return false;
}

}  // namespace

Labels::Labels(std::initializer_list<Label> labels)
    : Labels(FromVector(std::vector<Label>(labels))) {}

Labels Labels::FromVector(std::vector<Label> labels) {
  SortPairsByName(labels);
  std::erase_if(labels, [](const Label& l) { return l.value.empty(); });
  return FromSorted(std::span<const Label>(labels));
}

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
