#include "notifiers/recording_notifier.h"

namespace tocsin::notifiers {

std::vector<std::string> RecordedNotification::Summary() const {
  std::vector<std::string> out;
  for (const AlertPtr& a : alerts) {
    std::string s;
    for (promql::LabelView l : a->labels) {
      if (!s.empty()) s += ',';
      s.append(l.name).append("=").append(l.value);
    }
    s += a->ResolvedAt(request.now) ? ":resolved" : ":firing";
    out.push_back(std::move(s));
  }
  return out;
}

NotifyResult RecordingNotifier::Notify(const NotifyRequest& request,
                                       const std::vector<AlertPtr>& alerts) {
  std::lock_guard<std::mutex> lock(mu_);
  NotifyResult r;
  if (!script_.empty()) {
    r = script_.front();
    script_.pop_front();
  } else if (fail_always_) {
    r = NotifyResult::Retry(Status::Unavailable("scripted failure"));
  }
  calls_.push_back({clock_->Now(), request, alerts, r.status.ok()});
  return r;
}

void RecordingNotifier::Script(std::vector<NotifyResult> results) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& r : results) script_.push_back(std::move(r));
}

void RecordingNotifier::FailAlways(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_always_ = fail;
}

std::vector<RecordedNotification> RecordingNotifier::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<RecordedNotification> RecordingNotifier::delivered() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RecordedNotification> out;
  for (const auto& c : calls_) {
    if (c.succeeded) out.push_back(c);
  }
  return out;
}

void RecordingNotifier::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.clear();
}

}  // namespace tocsin::notifiers
