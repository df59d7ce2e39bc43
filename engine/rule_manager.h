// RuleManager: the daemon's rule groups, loaded from rule files and kept
// running, as Prometheus's rules.Manager.
//
// Update loads and validates every rule file first; if any has a problem,
// nothing changes and the problems are returned (the running groups go on).
// Otherwise each group of the new files is matched with the running group
// of the same file and name: an unchanged group keeps running untouched; a
// changed one is replaced by a new group that takes over the alert states
// of its rules (matched by name and labels); a new group first restores
// the state saved in the state store; groups that are gone are stopped.
//
// Thread-safety: Update and Stop are serialized by the caller;
// ForEachGroup may run from any thread.

#ifndef TOCSIN_ENGINE_RULE_MANAGER_H_
#define TOCSIN_ENGINE_RULE_MANAGER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/group_runner.h"
#include "engine/layered_queryable.h"
#include "rules/loader.h"

namespace tocsin::engine {

struct RuleManagerOptions {
  int64_t default_interval_ms = 60 * 1000;
  rules::LoadOptions load;  // external labels and URL for templates
  // Saved states older than this are not restored.
  int64_t outage_tolerance_ms = 60 * 60 * 1000;
};

class RuleManager {
 public:
  // `shared` must outlive the manager; its `data->local_names` should
  // return local_names().
  RuleManager(RuleManagerOptions options, const GroupRunnerShared* shared);
  ~RuleManager();

  // Loads `files` (paths) and applies them as described above. Returns
  // the problems found, one message per problem, or nothing.
  std::vector<std::string> Update(const std::vector<std::string>& files);
  // The same with new options (kept only when the update succeeds).
  std::vector<std::string> Update(const std::vector<std::string>& files,
                                  RuleManagerOptions options);
  void Stop();

  // The groups, in file order and then in order within each file.
  void ForEachGroup(const std::function<void(const GroupRunner&)>& f) const;
  size_t NumGroups() const;
  // Whether every group has been evaluated at least once.
  bool AllEvaluated() const;

  // The metric names the current rules write (recorded series, ALERTS,
  // ALERTS_FOR_STATE).
  std::shared_ptr<const LocalNames> local_names() const;

 private:
  RuleManagerOptions options_;
  const GroupRunnerShared* shared_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<GroupRunner>> groups_;
  std::shared_ptr<const LocalNames> local_names_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_RULE_MANAGER_H_
