// AlertStateStore: the alert state of each rule group on disk, so that a
// restarted tocsin continues exactly where it stopped.
//
// After every evaluation the daemon saves the group's alerts (pending,
// firing and resolved ones still kept, with ActiveAt, FiredAt, ResolvedAt,
// LastSentAt, ValidUntil, KeepFiringSince and value) into one JSON file per
// group under the directory (`<storage.path>/rules/<hash>.json`), written
// atomically. At start, a group restores the state saved for the same file
// and group name: each alerting rule takes the alerts saved for the rule
// with the same name, labels and expression. So a restart in the middle of
// a `for` period fires at the same evaluation as without the restart, a
// firing alert stays firing, and resend timing is kept. A state older than
// the outage tolerance is not restored (as Prometheus's
// --rules.alert.for-outage-tolerance): the group starts afresh.
//
// Thread-safety: Save and Load of different groups may run concurrently;
// calls for the same group are serialized by the caller.

#ifndef TOCSIN_ENGINE_ALERT_STATE_STORE_H_
#define TOCSIN_ENGINE_ALERT_STATE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "promql/status.h"
#include "rules/alert.h"
#include "rules/group.h"

namespace tocsin::engine {

// One group's saved state.
struct GroupState {
  std::string file;
  std::string name;
  int64_t evaluated_at_ms = 0;  // the slot time of the last evaluation
  struct RuleState {
    std::string name;
    std::string labels;  // the rule's labels, as Labels::ToString()
    std::string query;
    std::vector<rules::Alert> alerts;
  };
  std::vector<RuleState> rules;  // alerting rules only, in file order
};

// The state of `group` after an evaluation at `ts_ms`.
GroupState CaptureGroupState(const rules::Group& group, int64_t ts_ms);
// Gives the group's alerting rules the alerts saved for them; returns how
// many alerts were restored.
size_t RestoreGroupState(const GroupState& state, rules::Group* group);

// The JSON form of a state, and back (kInvalidArgument when malformed).
std::string EncodeGroupState(const GroupState& state);
Result<GroupState> DecodeGroupState(std::string_view json);

class AlertStateStore {
 public:
  // `dir` is created on Open; an empty dir stores nothing.
  explicit AlertStateStore(std::string dir) : dir_(std::move(dir)) {}

  Status Open();
  Status Save(const GroupState& state);
  // The state saved for the group, if any; a file that cannot be read or
  // decoded is an error (the caller logs it and starts afresh).
  Result<std::optional<GroupState>> Load(const std::string& file,
                                         const std::string& name) const;
  // Removes the saved states of groups that are not in `keep` ({file,
  // name} pairs), after a reload.
  void RemoveAllBut(
      const std::vector<std::pair<std::string, std::string>>& keep) const;

  bool enabled() const { return !dir_.empty(); }

 private:
  std::string PathFor(const std::string& file, const std::string& name) const;

  std::string dir_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_ALERT_STATE_STORE_H_
