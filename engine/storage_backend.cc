#include "engine/storage_backend.h"

#include <algorithm>
#include <set>

#include "promql/parser/parser.h"

namespace tocsin::engine {

StorageBackend::StorageBackend(promql::MemoryStorage* storage,
                               promql::EngineOptions options)
    : storage_(storage), engine_(options) {}

namespace {

// Prometheus checks the deadline before evaluating: a request whose timeout
// is zero or negative fails there.
bool AlreadyExpired(std::optional<std::chrono::milliseconds> timeout) {
  return timeout && timeout->count() <= 0;
}

Status ExpiredError() {
  return Status::Timeout("query timed out in query execution");
}

}  // namespace

promql::Engine StorageBackend::EngineFor(
    std::optional<std::chrono::milliseconds> timeout) const {
  if (!timeout || *timeout >= engine_.options().timeout) return engine_;
  promql::EngineOptions options = engine_.options();
  options.timeout = *timeout;
  return promql::Engine(options);
}

Result<promql::QueryValue> StorageBackend::InstantQuery(
    std::string_view query, int64_t t_ms,
    std::optional<std::chrono::milliseconds> timeout) {
  auto expr = promql::ParseExpr(query);
  if (!expr.ok()) return expr.status();
  if (AlreadyExpired(timeout)) return ExpiredError();
  return EngineFor(timeout).InstantExpr(*storage_, **expr, t_ms);
}

Result<promql::QueryValue> StorageBackend::RangeQuery(
    std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
    std::optional<std::chrono::milliseconds> timeout) {
  auto expr = promql::ParseExpr(query);
  if (!expr.ok()) return expr.status();
  promql::ValueType type = (*expr)->type();
  if (type != promql::ValueType::kVector &&
      type != promql::ValueType::kScalar) {
    return Status::InvalidArgument(
        std::string("invalid expression type \"") +
        promql::DocumentedValueTypeName(type) +
        "\" for range query, must be Scalar or instant Vector");
  }
  if (step_ms <= 0) {
    // Prometheus divides by the step in milliseconds and fails this way
    // when a sub-millisecond step truncates to zero.
    return Status::Execution(
        "unexpected error: runtime error: integer divide by zero");
  }
  if (AlreadyExpired(timeout)) return ExpiredError();
  return EngineFor(timeout).RangeExpr(*storage_, **expr, start_ms, end_ms,
                                      step_ms);
}

Result<std::vector<promql::Labels>> StorageBackend::Series(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  if (sets.size() == 1) return storage_->SeriesLabels(sets[0], mint, maxt);
  std::vector<promql::Labels> all;
  for (const MatcherSet& set : sets) {
    std::vector<promql::Labels> some = storage_->SeriesLabels(set, mint, maxt);
    all.insert(all.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

Result<std::vector<std::string>> StorageBackend::LabelNames(
    std::span<const MatcherSet> sets, int64_t mint, int64_t maxt) {
  if (sets.empty()) return storage_->LabelNames();
  std::set<std::string> names;
  for (const MatcherSet& set : sets) {
    for (const promql::Labels& labels :
         storage_->SeriesLabels(set, mint, maxt)) {
      for (const promql::Label& l : labels) names.insert(l.name);
    }
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::vector<std::string>> StorageBackend::LabelValues(
    std::string_view name, std::span<const MatcherSet> sets, int64_t mint,
    int64_t maxt) {
  if (sets.empty()) return storage_->LabelValues(name);
  std::set<std::string, std::less<>> values;
  for (const MatcherSet& set : sets) {
    for (const promql::Labels& labels :
         storage_->SeriesLabels(set, mint, maxt)) {
      std::string_view v = labels.Get(name);
      if (!v.empty() && values.find(v) == values.end()) values.emplace(v);
    }
  }
  return std::vector<std::string>(values.begin(), values.end());
}

}  // namespace tocsin::engine
