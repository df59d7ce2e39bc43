// The dispatcher (Alertmanager's dispatch package): routes every incoming
// alert through the tree and keeps one aggregation group per matched route
// and group-label set. A group
//  - flushes first after its route's group_wait (at once when an alert
//    arrives whose startsAt is more than group_wait ago and the group has
//    not flushed yet),
//  - then every group_interval, re-arming its timer at each tick;
//  - hands each flush to the pipeline with the group's alerts (firing ones
//    with their end unset), with a deadline of max(group_interval, 10s);
//  - after a successful flush forgets the alerts that were resolved and
//    not updated since.
// A tick that arrives while the previous flush is still running is taken
// when that flush ends. Empty groups are removed every 30 seconds.
//
// Timing comes from the Scheduler, so a FakeScheduler drives it
// deterministically in tests. Thread-safe; create with std::make_shared.

#ifndef TOCSIN_NOTIFIERS_DISPATCHER_H_
#define TOCSIN_NOTIFIERS_DISPATCHER_H_

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "notifiers/alert.h"
#include "notifiers/pipeline.h"
#include "notifiers/route.h"
#include "notifiers/scheduler.h"

namespace tocsin::notifiers {

struct DispatcherOptions {
  Duration cleanup_interval = Seconds(30);
  // The flush deadline is now + max(group_interval, min_timeout).
  Duration min_timeout = Seconds(10);
};

// A snapshot of one aggregation group, for the API.
struct AlertGroupInfo {
  const Route* route = nullptr;
  std::string receiver;
  std::string group_key;
  promql::Labels labels;
  std::vector<AlertPtr> alerts;  // sorted as Alertmanager sorts them
};

class Dispatcher : public std::enable_shared_from_this<Dispatcher> {
 public:
  // `root` and `pipeline` must outlive the dispatcher.
  Dispatcher(std::shared_ptr<const Route> root,
             std::shared_ptr<Pipeline> pipeline, Scheduler* scheduler,
             DispatcherOptions options = {});
  ~Dispatcher();

  // Starts the cleanup timer.
  void Start();
  // Cancels every timer; flushes in progress finish without effect.
  void Stop();

  // Routes and groups stored alerts (an AlertStore subscriber; of two
  // versions of an alert, a group keeps the one that Supersedes the other).
  void OnAlerts(const std::vector<AlertPtr>& alerts);

  std::vector<AlertGroupInfo> Groups() const;
  // The routing tree this dispatcher routes through.
  const Route& root() const { return *root_; }
  size_t group_count() const;

 private:
  struct Group;
  using GroupPtr = std::shared_ptr<Group>;
  // Where an alert goes: a route it matched and its group there.
  struct Placement {
    const AlertPtr* alert;
    const Route* route;
    uint64_t group;  // the route's GroupFingerprint of the alert's labels
  };

  // Adds the alert to its group, unless the group holds a newer version;
  // the version it replaces goes to `replaced`.
  void Insert(const Placement& p, Time now, std::vector<AlertPtr>* replaced);
  void ArmLocked(const GroupPtr& g, Time when);
  void OnTick(const GroupPtr& g, Time fired_at);
  // Starts a flush of `g` at `now`; returns the work to run unlocked.
  std::function<void()> TickLocked(const GroupPtr& g, Time now);
  void OnFlushDone(const GroupPtr& g, const std::vector<AlertPtr>& flushed,
                   bool ok);
  void Cleanup();

  std::shared_ptr<const Route> root_;
  std::shared_ptr<Pipeline> pipeline_;
  Scheduler* scheduler_;
  DispatcherOptions options_;

  mutable std::mutex mu_;
  bool stopped_ = false;
  Scheduler::TaskId cleanup_timer_ = 0;
  // Route index -> group-label fingerprint -> group.
  std::vector<std::unordered_map<uint64_t, GroupPtr>> groups_;
  std::vector<const Route*> routes_;  // by index
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_DISPATCHER_H_
