// A Notifier test double: records every delivery attempt (when, for which
// receiver and group, which alerts in which state) and answers with
// scripted results (success by default). Useful wherever a real receiver
// would need a network peer. Thread-safe.

#ifndef TOCSIN_NOTIFIERS_RECORDING_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_RECORDING_NOTIFIER_H_

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/notifier.h"

namespace tocsin::notifiers {

struct RecordedNotification {
  Time at;  // the clock's time of the attempt
  NotifyRequest request;
  std::vector<AlertPtr> alerts;
  bool succeeded = true;
  // "alertname=X,instance=i:firing" per alert, in order; handy in tests.
  std::vector<std::string> Summary() const;
};

class RecordingNotifier : public Notifier {
 public:
  explicit RecordingNotifier(const Clock* clock, std::string name = "")
      : clock_(clock), name_(std::move(name)) {}

  NotifyResult Notify(const NotifyRequest& request,
                      const std::vector<AlertPtr>& alerts) override;

  // The next attempts answer with these results, in order.
  void Script(std::vector<NotifyResult> results);
  // Every attempt fails retryably (true) or succeeds (false) from now on.
  void FailAlways(bool fail);

  std::vector<RecordedNotification> calls() const;
  // Only the successful ones.
  std::vector<RecordedNotification> delivered() const;
  void Clear();
  const std::string& name() const { return name_; }

 private:
  const Clock* clock_;
  std::string name_;
  mutable std::mutex mu_;
  std::deque<NotifyResult> script_;
  bool fail_always_ = false;
  std::vector<RecordedNotification> calls_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_RECORDING_NOTIFIER_H_
