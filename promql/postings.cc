#include "promql/postings.h"

#include <algorithm>
#include <deque>
#include <numeric>

namespace tocsin::promql {

Postings IntersectPostings(std::span<const SeriesId> a,
                           std::span<const SeriesId> b) {
  Postings out;
  out.reserve(std::min(a.size(), b.size()));
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(out));
  return out;
}

Postings SubtractPostings(std::span<const SeriesId> a,
                          std::span<const SeriesId> b) {
  Postings out;
  out.reserve(a.size());
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

void LabelIndex::Add(const Labels& labels, SeriesId id) {
  for (LabelView l : labels) {
    auto name = names_.find(l.name);
    if (name == names_.end()) name = names_.emplace(l.name, ValueMap()).first;
    auto value = name->second.find(l.value);
    if (value == name->second.end()) {
      value = name->second.emplace(l.value, Postings()).first;
    }
    value->second.push_back(id);
  }
}

template <typename Pred>
Postings LabelIndex::Collect(const ValueMap& values, Pred keep) const {
  Postings out;
  size_t lists = 0;
  for (const auto& [value, postings] : values) {
    if (!keep(value)) continue;
    out.insert(out.end(), postings.begin(), postings.end());
    ++lists;
  }
  // A series has one value per label, so the lists are disjoint: sorting
  // their concatenation yields their union.
  if (lists > 1) std::sort(out.begin(), out.end());
  return out;
}

Postings LabelIndex::Select(std::span<const Matcher> matchers,
                            SeriesId num_series) const {
  std::vector<std::span<const SeriesId>> positive;
  std::vector<std::span<const SeriesId>> negative;
  std::deque<Postings> owned;  // stable addresses for the spans above
  for (const Matcher& m : matchers) {
    auto name = names_.find(m.name());
    const ValueMap* values = name == names_.end() ? nullptr : &name->second;
    if (!m.MatchesEmpty()) {
      // Only series that have the label with a matching value.
      if (values == nullptr) return {};
      if (m.type() == MatchType::kEqual) {
        auto v = values->find(m.value());
        if (v == values->end()) return {};
        positive.push_back(v->second);
        continue;
      }
      owned.push_back(
          Collect(*values, [&m](std::string_view v) { return m.Matches(v); }));
      if (owned.back().empty()) return {};
      positive.push_back(owned.back());
      continue;
    }
    // The matcher accepts series without the label: remove those whose
    // value it rejects.
    if (values == nullptr) continue;
    if (m.type() == MatchType::kNotEqual) {
      auto v = values->find(m.value());
      if (v != values->end()) negative.push_back(v->second);
      continue;
    }
    owned.push_back(
        Collect(*values, [&m](std::string_view v) { return !m.Matches(v); }));
    if (!owned.back().empty()) negative.push_back(owned.back());
  }

  Postings result;
  if (positive.empty()) {
    result.resize(num_series);
    std::iota(result.begin(), result.end(), SeriesId{0});
  } else {
    std::sort(positive.begin(), positive.end(),
              [](auto a, auto b) { return a.size() < b.size(); });
    result.assign(positive[0].begin(), positive[0].end());
    for (size_t i = 1; i < positive.size() && !result.empty(); ++i) {
      result = IntersectPostings(result, positive[i]);
    }
  }
  for (auto n : negative) {
    if (result.empty()) break;
    result = SubtractPostings(result, n);
  }
  return result;
}

std::vector<std::string> LabelIndex::Names() const {
  std::vector<std::string> out;
  out.reserve(names_.size());
  for (const auto& [name, values] : names_) out.push_back(name);
  return out;
}

std::vector<std::string> LabelIndex::Values(std::string_view name) const {
  std::vector<std::string> out;
  auto it = names_.find(name);
  if (it == names_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [value, postings] : it->second) out.push_back(value);
  return out;
}

}  // namespace tocsin::promql
