#include "engine/group_runner.h"

#include <chrono>

#include "engine/logging.h"
#include "rules/loader.h"

namespace tocsin::engine {
namespace {

void AppendField(std::string* out, std::string_view s) {
  *out += std::to_string(s.size());
  *out += ':';
  *out += s;
}

}  // namespace

std::string GroupFingerprint(const rules::GroupSpec& spec,
                             int64_t interval_ms) {
  std::string out;
  AppendField(&out, std::to_string(interval_ms));
  AppendField(&out, std::to_string(spec.limit));
  for (const rules::RuleSpec& r : spec.rules) {
    AppendField(&out, r.alert);
    AppendField(&out, r.record);
    AppendField(&out, r.expr);
    AppendField(&out, std::to_string(r.for_ms));
    AppendField(&out, std::to_string(r.keep_firing_for_ms));
    for (const auto* list : {&r.labels, &r.annotations}) {
      AppendField(&out, std::to_string(list->size()));
      for (const rules::RuleLabel& l : *list) {
        AppendField(&out, l.name);
        AppendField(&out, l.value);
      }
    }
  }
  return out;
}

GroupRunner::GroupRunner(const rules::GroupSpec& spec, const std::string& file,
                         int64_t default_interval_ms,
                         const rules::LoadOptions& load,
                         const GroupRunnerShared* shared)
    : shared_(shared) {
  const int64_t interval =
      spec.interval_ms > 0 ? spec.interval_ms : default_interval_ms;
  // Groups whose templates see other external labels or URL, or that query
  // at another offset, are different groups.
  fingerprint_ = GroupFingerprint(spec, interval) +
                 load.external_labels.ToString() + load.external_url + "@" +
                 std::to_string(shared_->query_offset_ms);
  data_ = std::make_unique<RuleDataSource>(shared_->data);
  options_.query = rules::EngineQueryFunc(*shared_->engine, data_->queryable());
  options_.template_query =
      rules::EngineTemplateQueryFunc(*shared_->engine, data_->queryable());
  options_.appender = shared_->appender;
  options_.notify = shared_->notify;
  options_.query_offset_ms = shared_->query_offset_ms;
  options_.external_url = shared_->external_url;
  std::vector<std::unique_ptr<rules::Rule>> rules;
  for (const rules::RuleSpec& r : spec.rules) {
    rules.push_back(rules::BuildRule(r, load));
    exprs_.push_back(r.parsed_expr.get());
  }
  group_ = std::make_unique<rules::Group>(spec.name, file, interval,
                                          spec.limit, std::move(rules),
                                          &options_);
}

GroupRunner::~GroupRunner() { Stop(); }

void GroupRunner::TakeStateFrom(GroupRunner& old) {
  std::scoped_lock lock(eval_mu_, old.eval_mu_);
  group_->CopyState(*old.group_);
}

size_t GroupRunner::Restore(int64_t outage_tolerance_ms) {
  if (shared_->state_store == nullptr) return 0;
  auto state = shared_->state_store->Load(file(), name());
  if (!state.ok()) {
    LogWarn("Cannot restore the alert state of a rule group",
            {{"group", name()}, {"file", file()},
             {"err", state.status().message()}});
    return 0;
  }
  if (!state->has_value()) return 0;
  const int64_t now_ms = shared_->clock.NowNs() / 1000000;
  const int64_t age = now_ms - (*state)->evaluated_at_ms;
  if (age > outage_tolerance_ms) {
    LogInfo("Not restoring the alert state of a rule group: too old",
            {{"group", name()}, {"file", file()},
             {"age", std::to_string(age / 1000) + "s"}});
    return 0;
  }
  std::lock_guard<std::mutex> lock(eval_mu_);
  return RestoreGroupState(**state, group_.get());
}

void GroupRunner::Start() {
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void GroupRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GroupRunner::EvaluateAt(int64_t ts_ms) {
  const auto start = std::chrono::steady_clock::now();
  GroupState state;
  {
    std::lock_guard<std::mutex> lock(eval_mu_);
    Status fetched = data_->Begin(exprs_, ts_ms - options_.query_offset_ms);
    if (!fetched.ok()) {
      LogDebug("Fetching series for a rule group failed",
               {{"group", name()}, {"err", fetched.message()}});
    }
    group_->Eval(ts_ms);
    data_->End();
    uint64_t failed = 0;
    for (const auto& rule : group_->rules()) {
      if (rule->health() == rules::RuleHealth::kBad) ++failed;
    }
    stats_.evaluations += group_->rules().size();
    stats_.failures += failed;
    if (shared_->state_store != nullptr) {
      state = CaptureGroupState(*group_, ts_ms);
    }
  }
  if (shared_->state_store != nullptr) {
    if (Status s = shared_->state_store->Save(state); !s.ok()) {
      ++stats_.state_save_failures;
      LogError("Saving the alert state of a rule group failed",
               {{"group", name()}, {"err", s.message()}});
    }
  }
  stats_.last_duration_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::steady_clock::now() - start)
          .count();
  stats_.last_evaluation_ms = ts_ms;
  stats_.evaluated = true;
  if (shared_->on_evaluated) shared_->on_evaluated();
}

void GroupRunner::Run() {
  const EvalClock& clock = shared_->clock;
  const int64_t interval = group_->interval_ms() * 1000000;
  // The first slot after now.
  int64_t slot = group_->EvalTimestampNs(clock.NowNs()) + interval;
  auto wait_until = [&](int64_t t_ns) {
    std::unique_lock<std::mutex> lock(run_mu_);
    wake_.wait_until(lock, clock.RealTimeAt(t_ns), [&] { return stop_; });
    return !stop_;
  };
  if (!wait_until(slot)) return;
  for (;;) {
    ++stats_.iterations;
    EvaluateAt(slot / 1000000);
    if (!wait_until(slot + interval)) return;
    // Slots that passed during a long evaluation are skipped.
    const int64_t missed = (clock.NowNs() - slot) / interval - 1;
    if (missed > 0) {
      stats_.missed += static_cast<uint64_t>(missed);
      stats_.iterations += static_cast<uint64_t>(missed);
    }
    slot += (std::max<int64_t>(missed, 0) + 1) * interval;
  }
}

}  // namespace tocsin::engine
