#include "engine/rule_output_store.h"

#include <algorithm>
#include <bit>
#include <memory>

namespace tocsin::engine {

RuleOutputStore::RuleOutputStore(int64_t retention_ms, Sink sink)
    : retention_ms_(retention_ms), sink_(std::move(sink)) {}

Status RuleOutputStore::Append(const promql::Labels& labels, int64_t t,
                               double v) {
  std::lock_guard<std::mutex> lock(mu_);
  Series& s = series_[labels];
  if (!s.t.empty()) {
    if (t < s.t.back()) {
      return Status::InvalidArgument(std::string(rules::kErrOutOfOrderSample));
    }
    if (t == s.t.back()) {
      if (std::bit_cast<uint64_t>(v) == std::bit_cast<uint64_t>(s.v.back())) {
        return Status::OK();
      }
      return Status::InvalidArgument(std::string(rules::kErrDuplicateSample));
    }
  }
  s.t.push_back(t);
  s.v.push_back(v);
  // Drop what fell out of the retention, in chunks to keep appends cheap.
  const int64_t horizon = t - retention_ms_;
  if (s.t.size() >= 64 && s.t[s.t.size() / 2] < horizon) {
    auto keep = std::lower_bound(s.t.begin(), s.t.end(), horizon);
    const auto drop = keep - s.t.begin();
    s.t.erase(s.t.begin(), keep);
    s.v.erase(s.v.begin(), s.v.begin() + drop);
  }
  max_t_ = std::max(max_t_, t);
  if (sink_) uncommitted_.push_back(promql::Sample{labels, t, v});
  return Status::OK();
}

Status RuleOutputStore::Commit() {
  std::vector<promql::Sample> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (max_t_ != INT64_MIN) {
      const int64_t horizon = max_t_ - retention_ms_;
      std::erase_if(series_, [&](const auto& kv) {
        return kv.second.t.empty() || kv.second.t.back() < horizon;
      });
    }
    batch.swap(uncommitted_);
  }
  if (sink_ && !batch.empty()) sink_(batch);
  return Status::OK();
}

Result<promql::SeriesSet> RuleOutputStore::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt) {
  // One owner for all copied columns.
  struct Columns {
    std::vector<std::vector<int64_t>> t;
    std::vector<std::vector<double>> v;
  };
  auto columns = std::make_shared<Columns>();
  std::vector<promql::Labels> labels;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [l, s] : series_) {
      bool match = std::all_of(
          matchers.begin(), matchers.end(),
          [&series = l](const auto& m) { return m.Matches(series); });
      if (!match) continue;
      auto lo = std::lower_bound(s.t.begin(), s.t.end(), mint);
      auto hi = std::upper_bound(lo, s.t.end(), maxt);
      if (lo == hi) continue;
      labels.push_back(l);
      columns->t.emplace_back(lo, hi);
      columns->v.emplace_back(s.v.begin() + (lo - s.t.begin()),
                              s.v.begin() + (hi - s.t.begin()));
    }
  }
  promql::SeriesSet out;
  out.series.reserve(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    out.series.push_back(
        promql::SeriesRef{std::move(labels[i]), columns->t[i], columns->v[i]});
  }
  out.owner = std::move(columns);
  return out;
}

size_t RuleOutputStore::NumSeries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return series_.size();
}

}  // namespace tocsin::engine
