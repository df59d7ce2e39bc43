// Inhibition (Alertmanager's inhibit package): an alert matching a rule's
// target matchers is muted while a firing alert matching its source
// matchers has equal values for the rule's `equal` labels (a missing label
// counts as empty on both sides). An alert that matches both the source and
// the target side of a rule is not inhibited by alerts that do too.
//
// Source alerts are collected as they arrive (OnAlerts, subscribed to the
// alert store) and checked for being firing when a target is evaluated, so
// inhibition is decided at flush time. Mutes() records the result in the
// marker. Thread-safe.

#ifndef TOCSIN_NOTIFIERS_INHIBITOR_H_
#define TOCSIN_NOTIFIERS_INHIBITOR_H_

#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "notifiers/alert.h"
#include "notifiers/config.h"
#include "notifiers/marker.h"

namespace tocsin::notifiers {

class Inhibitor {
 public:
  Inhibitor(const std::vector<InhibitRuleConfig>& rules, Marker* marker);

  // Remembers the alerts that match a rule's source side (of two versions
  // of an alert, the one that Supersedes the other).
  void OnAlerts(const std::vector<AlertPtr>& alerts);
  // Whether `labels` is inhibited at `now`.
  bool Mutes(const promql::Labels& labels, Time now);
  // Forgets source alerts resolved at `now`.
  void GC(Time now);

 private:
  struct Rule {
    Matchers source;
    Matchers target;
    std::vector<std::string> equal;  // sorted, unique
    // Source alerts by fingerprint, and indexed by a hash of their equal
    // label values.
    std::unordered_map<uint64_t, AlertPtr> sources;
    std::unordered_map<uint64_t, std::unordered_set<uint64_t>> by_equal;
    uint64_t EqualHash(const promql::Labels& labels) const;
  };

  std::mutex mu_;
  std::vector<Rule> rules_;
  Marker* marker_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_INHIBITOR_H_
