#include "engine/rule_manager.h"

#include <map>

#include "engine/logging.h"
#include "rules/alerting_rule.h"
#include "rules/rule_file.h"

namespace tocsin::engine {
namespace {

std::string GroupKey(const std::string& file, const std::string& name) {
  return file + '\xff' + name;
}

}  // namespace

RuleManager::RuleManager(RuleManagerOptions options,
                         const GroupRunnerShared* shared)
    : options_(std::move(options)),
      shared_(shared),
      local_names_(std::make_shared<LocalNames>()) {}

RuleManager::~RuleManager() { Stop(); }

std::vector<std::string> RuleManager::Update(
    const std::vector<std::string>& files) {
  return Update(files, options_);
}

std::vector<std::string> RuleManager::Update(
    const std::vector<std::string>& files, RuleManagerOptions options) {
  std::vector<rules::RuleFileSpec> specs;
  std::vector<std::string> errors;
  for (const std::string& f : files) {
    rules::RuleFileResult r = rules::LoadRuleFile(f);
    if (!r.ok()) {
      errors.insert(errors.end(), r.errors.begin(), r.errors.end());
      continue;
    }
    specs.push_back(std::move(r.file));
  }
  if (!errors.empty()) return errors;
  options_ = std::move(options);

  auto names = std::make_shared<LocalNames>();
  names->insert(std::string(rules::kAlertMetric));
  names->insert(std::string(rules::kForStateMetric));
  for (const auto& file : specs) {
    for (const auto& g : file.groups) {
      for (const auto& r : g.rules) {
        if (!r.record.empty()) names->insert(r.record);
      }
    }
  }

  std::map<std::string, std::shared_ptr<GroupRunner>> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& g : groups_) old[GroupKey(g->file(), g->name())] = g;
    local_names_ = std::move(names);
  }

  std::vector<std::shared_ptr<GroupRunner>> next;
  std::vector<std::shared_ptr<GroupRunner>> to_start;
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& file : specs) {
    for (const auto& g : file.groups) {
      auto runner = std::make_shared<GroupRunner>(
          g, file.path, options_.default_interval_ms, options_.load, shared_);
      keys.emplace_back(file.path, g.name);
      auto it = old.find(GroupKey(file.path, g.name));
      if (it != old.end() && it->second->fingerprint() == runner->fingerprint()) {
        next.push_back(it->second);  // unchanged: keeps running
        old.erase(it);
        continue;
      }
      if (it != old.end()) {
        it->second->Stop();
        runner->TakeStateFrom(*it->second);
        old.erase(it);
      } else if (size_t n = runner->Restore(options_.outage_tolerance_ms)) {
        LogInfo("Restored the alert state of a rule group",
                {{"group", g.name}, {"file", file.path},
                 {"alerts", std::to_string(n)}});
      }
      next.push_back(runner);
      to_start.push_back(runner);
    }
  }
  for (auto& [key, runner] : old) runner->Stop();
  {
    std::lock_guard<std::mutex> lock(mu_);
    groups_ = next;
  }
  for (auto& runner : to_start) runner->Start();
  if (shared_->state_store != nullptr) shared_->state_store->RemoveAllBut(keys);
  return {};
}

void RuleManager::Stop() {
  std::vector<std::shared_ptr<GroupRunner>> groups;
  {
    std::lock_guard<std::mutex> lock(mu_);
    groups = groups_;
  }
  for (auto& g : groups) g->Stop();
}

void RuleManager::ForEachGroup(
    const std::function<void(const GroupRunner&)>& f) const {
  std::vector<std::shared_ptr<GroupRunner>> groups;
  {
    std::lock_guard<std::mutex> lock(mu_);
    groups = groups_;
  }
  for (const auto& g : groups) f(*g);
}

size_t RuleManager::NumGroups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return groups_.size();
}

bool RuleManager::AllEvaluated() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& g : groups_) {
    if (!g->stats().evaluated) return false;
  }
  return true;
}

std::shared_ptr<const LocalNames> RuleManager::local_names() const {
  std::lock_guard<std::mutex> lock(mu_);
  return local_names_;
}

}  // namespace tocsin::engine
