#include "rules/group.h"

#include <chrono>
#include <map>
#include <utility>

#include "promql/value.h"
#include "promql/xxhash64.h"

namespace tocsin::rules {
namespace {

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NameAndLabels(const Rule& r) {
  return r.name() + r.labels().ToString();
}

}  // namespace

Group::Group(std::string name, std::string file, int64_t interval_ms,
             int64_t limit, std::vector<std::unique_ptr<Rule>> rules,
             const GroupOptions* options)
    : name_(std::move(name)),
      file_(std::move(file)),
      interval_ms_(interval_ms),
      limit_(limit),
      rules_(std::move(rules)),
      options_(options),
      series_in_previous_eval_(rules_.size()) {}

uint64_t Group::Hash() const {
  return promql::PrometheusLabelsHash(promql::Labels{{"name", name_}, {"file", file_}});
}

int64_t Group::EvalTimestampNs(int64_t now_ns) const {
  const int64_t interval = interval_ms_ * 1000000;
  if (interval <= 0) return now_ns;
  const int64_t offset =
      static_cast<int64_t>(Hash() % static_cast<uint64_t>(interval));
  const int64_t adj = now_ns - offset;
  const int64_t base = adj - adj % interval;
  return base + offset;
}

EvalContext Group::Context(int64_t ts) const {
  EvalContext ctx;
  ctx.ts = ts;
  ctx.query = &options_->query;
  ctx.template_query =
      options_->template_query ? &options_->template_query : nullptr;
  ctx.external_url =
      options_->external_url ? &*options_->external_url : nullptr;
  ctx.limit = limit_;
  ctx.query_offset_ms = options_->query_offset_ms;
  return ctx;
}

void Group::Eval(int64_t ts) {
  const auto group_start = std::chrono::steady_clock::now();
  const EvalContext ctx = Context(ts);
  last_samples_ = 0;
  for (size_t i = 0; i < rules_.size(); ++i) EvalRule(i, ctx);
  if (!stale_series_.empty() && options_->appender != nullptr) {
    MarkStale(stale_series_, ctx.query_ts());
    if (options_->appender->Commit().ok()) stale_series_.clear();
  }
  last_evaluation_ = WallClockMs();
  evaluation_time_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - group_start)
                            .count();
}

void Group::EvalRule(size_t i, const EvalContext& ctx) {
  Rule& rule = *rules_[i];
  const int64_t wall = WallClockMs();
  const auto start = std::chrono::steady_clock::now();
  auto result = rule.Eval(ctx);
  if (!result.ok()) {
    rule.SetHealth(RuleHealth::kBad);
    rule.SetLastError(result.status());
  } else {
    rule.SetHealth(RuleHealth::kGood);
    rule.SetLastError(Status::OK());
    last_samples_ += static_cast<int64_t>(result->size());
    if (rule.is_alerting() && options_->notify) {
      auto& ar = static_cast<AlertingRule&>(rule);
      options_->notify(
          rule.query(),
          ar.AlertsToSend(ctx.ts, options_->resend_delay_ms, interval_ms_));
    }
    WriteResult(i, *result, ctx.query_ts());
  }
  rule.SetEvaluation(wall, std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now() - start)
                               .count());
}

void Group::WriteResult(size_t i, const promql::Vector& vector, int64_t ts) {
  SampleAppender* app = options_->appender;
  if (app == nullptr) return;
  Rule& rule = *rules_[i];
  SeriesSet returned;
  returned.reserve(vector.size());
  for (const promql::Sample& s : vector) {
    Status st = app->Append(s.metric, s.t, s.v);
    if (!st.ok()) {
      rule.SetHealth(RuleHealth::kBad);
      rule.SetLastError(std::move(st));
      continue;
    }
    returned.insert(s.metric);
  }
  SeriesSet& previous = series_in_previous_eval_[i];
  for (const promql::Labels& l : previous) {
    if (returned.count(l)) continue;
    // Errors are expected when another rule writes the series now.
    (void)app->Append(l, ts, promql::StaleNaN());
  }
  Status committed = app->Commit();
  if (!committed.ok()) {
    rule.SetHealth(RuleHealth::kBad);
    rule.SetLastError(std::move(committed));
    return;
  }
  previous = std::move(returned);
}

void Group::MarkStale(const SeriesSet& series, int64_t ts) {
  for (const promql::Labels& l : series) {
    (void)options_->appender->Append(l, ts, promql::StaleNaN());
  }
}

void Group::CopyState(Group& from) {
  evaluation_time_ns_ = from.evaluation_time_ns_;
  last_evaluation_ = from.last_evaluation_;
  std::map<std::string, std::vector<size_t>> by_name;
  for (size_t fi = 0; fi < from.rules_.size(); ++fi) {
    by_name[NameAndLabels(*from.rules_[fi])].push_back(fi);
  }
  std::map<std::string, size_t> used;
  for (size_t i = 0; i < rules_.size(); ++i) {
    std::string key = NameAndLabels(*rules_[i]);
    auto it = by_name.find(key);
    if (it == by_name.end() || used[key] >= it->second.size()) continue;
    size_t fi = it->second[used[key]++];
    series_in_previous_eval_[i] = from.series_in_previous_eval_[fi];
    auto* ar = dynamic_cast<AlertingRule*>(rules_[i].get());
    auto* far = dynamic_cast<AlertingRule*>(from.rules_[fi].get());
    if (ar != nullptr && far != nullptr) ar->CopyStateFrom(*far);
  }
  stale_series_ = from.stale_series_;
  for (const auto& [key, indexes] : by_name) {
    for (size_t k = used[key]; k < indexes.size(); ++k) {
      for (const auto& l : from.series_in_previous_eval_[indexes[k]]) {
        stale_series_.insert(l);
      }
    }
  }
}

}  // namespace tocsin::rules
