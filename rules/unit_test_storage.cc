#include "rules/unit_test_storage.h"

#include <algorithm>
#include <bit>
#include <utility>
#include <vector>

namespace tocsin::rules {
namespace {

// Narrows each series to its samples at or before `until`, dropping series
// left without samples.
void TrimAfter(std::vector<promql::SeriesRef>* series, int64_t until) {
  size_t out = 0;
  for (size_t i = 0; i < series->size(); ++i) {
    promql::SeriesRef& s = (*series)[i];
    if (!s.t.empty() && s.t.back() > until) {
      size_t n = std::upper_bound(s.t.begin(), s.t.end(), until) - s.t.begin();
      s.t = s.t.first(n);
      s.v = s.v.first(n);
    }
    if (s.t.empty()) continue;
    if (out != i) (*series)[out] = std::move(s);
    ++out;
  }
  series->resize(out);
}

}  // namespace

UnitTestStorage::UnitTestStorage(std::unique_ptr<promql::MemoryStorage> input)
    : input_(std::move(input)) {}

Result<promql::SeriesSet> UnitTestStorage::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt) {
  promql::SeriesSet in;
  maxt = std::min(maxt, visible_until_);
  if (mint > maxt) return in;
  auto r = input_->Select(matchers, mint, maxt);
  if (!r.ok()) return r.status();
  in = std::move(*r);
  TrimAfter(&in.series, visible_until_);
  if (output_.NumSeries() == 0) return in;
  auto out = output_.Select(matchers, mint, maxt);
  if (!out.ok()) return out.status();
  TrimAfter(&out->series, visible_until_);
  if (out->series.empty()) return in;
  if (in.series.empty()) return out;
  // Both are sorted by labels; keep the union sorted.
  promql::SeriesSet merged;
  merged.series.reserve(in.series.size() + out->series.size());
  std::merge(std::make_move_iterator(in.series.begin()),
             std::make_move_iterator(in.series.end()),
             std::make_move_iterator(out->series.begin()),
             std::make_move_iterator(out->series.end()),
             std::back_inserter(merged.series),
             [](const promql::SeriesRef& a, const promql::SeriesRef& b) {
               return a.labels < b.labels;
             });
  if (in.owner || out->owner) {
    merged.owner = std::make_shared<
        std::pair<std::shared_ptr<const void>, std::shared_ptr<const void>>>(
        in.owner, out->owner);
  }
  return merged;
}

Status UnitTestStorage::Append(const promql::Labels& labels, int64_t t,
                               double v) {
  Status s = output_.Append(labels, t, v);
  if (s.ok() || s.message() != kErrDuplicateSample) return s;
  // The TSDB accepts a sample equal to the newest one.
  std::vector<promql::Matcher> exact;
  for (promql::LabelView l : labels) {
    auto m = promql::Matcher::Make(promql::MatchType::kEqual,
                                    std::string(l.name), std::string(l.value));
    if (m.ok()) exact.push_back(std::move(*m));
  }
  auto found = output_.Select(exact, t, t);
  if (found.ok()) {
    for (const promql::SeriesRef& ref : found->series) {
      if (ref.labels == labels && !ref.v.empty() &&
          std::bit_cast<uint64_t>(ref.v.back()) == std::bit_cast<uint64_t>(v)) {
        return Status::OK();
      }
    }
  }
  return s;
}

}  // namespace tocsin::rules
