#include "notifiers/pipeline.h"

#include <algorithm>
#include <mutex>
#include <random>

namespace tocsin::notifiers {
namespace {

double DefaultRandom() {
  static std::mutex mu;
  static std::mt19937_64 rng(std::random_device{}());
  std::lock_guard<std::mutex> lock(mu);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// notify.DedupStage.needsUpdate.
bool NeedsUpdate(const std::optional<NflogEntry>& entry,
                 const std::vector<uint64_t>& firing,
                 const std::vector<uint64_t>& resolved, bool send_resolved,
                 Duration repeat, Time now) {
  if (!entry) return !firing.empty();
  if (!entry->IsFiringSubset(firing)) return true;
  if (firing.empty()) return !entry->firing_alerts.empty();
  if (send_resolved && !entry->IsResolvedSubset(resolved)) return true;
  return entry->timestamp < now - repeat;
}

}  // namespace

IntegrationCounters& PipelineMetrics::For(const std::string& integration) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = counters_[integration];
  if (!c) c = std::make_unique<IntegrationCounters>();
  return *c;
}

std::vector<std::pair<std::string, const IntegrationCounters*>>
PipelineMetrics::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::pair<std::string, const IntegrationCounters*>> out;
  for (const auto& [name, c] : counters_) out.emplace_back(name, c.get());
  return out;
}

// The state of one flush across its integrations.
struct Pipeline::Fanout {
  std::atomic<int> pending{0};
  std::atomic<bool> failed{false};
  std::function<void(bool)> done;
};

// One integration's delivery within a flush.
struct Pipeline::Delivery {
  std::shared_ptr<Fanout> fanout;
  FlushRequest request;
  Integration integration;
  NflogReceiver receiver;
  std::vector<AlertPtr> sent;
  std::vector<uint64_t> firing;
  std::vector<uint64_t> resolved;
  Duration interval{0};  // the backoff's current interval
  int attempts = 0;
  Status last_error;
};

Pipeline::Pipeline(std::shared_ptr<Inhibitor> inhibitor, Silencer* silencer,
                   TimeIntervals intervals, NotificationLog* nflog,
                   ReceiverIntegrations receivers, Scheduler* scheduler,
                   RetryPolicy retry, PipelineMetrics* metrics)
    : inhibitor_(std::move(inhibitor)),
      silencer_(silencer),
      intervals_(std::move(intervals)),
      nflog_(nflog),
      receivers_(std::move(receivers)),
      scheduler_(scheduler),
      retry_(std::move(retry)),
      metrics_(metrics) {
  if (!retry_.random) retry_.random = DefaultRandom;
}

bool Pipeline::InIntervals(Time now,
                           const std::vector<std::string>& names) const {
  for (const std::string& name : names) {
    auto it = intervals_.find(name);
    if (it == intervals_.end()) continue;
    for (const TimeInterval& ti : it->second) {
      if (ti.ContainsTime(UnixSeconds(now))) return true;
    }
  }
  return false;
}

std::vector<AlertPtr> Pipeline::Filter(const FlushRequest& request,
                                       std::vector<AlertPtr> alerts) {
  Time now = scheduler_->Now();
  if (inhibitor_ != nullptr) {
    std::erase_if(alerts, [&](const AlertPtr& a) {
      return inhibitor_->Mutes(a->labels, now);
    });
  }
  if (alerts.empty()) return alerts;
  if (!request.active_time_intervals.empty() &&
      !InIntervals(request.now, request.active_time_intervals)) {
    return {};
  }
  if (InIntervals(request.now, request.mute_time_intervals)) return {};
  if (silencer_ != nullptr) {
    std::erase_if(
        alerts, [&](const AlertPtr& a) { return silencer_->Mutes(a->labels); });
  }
  return alerts;
}

void Pipeline::Exec(const FlushRequest& request, std::vector<AlertPtr> alerts,
                    std::function<void(bool)> done) {
  alerts = Filter(request, std::move(alerts));
  if (alerts.empty()) {
    done(true);
    return;
  }
  auto receiver = receivers_.find(request.receiver);
  if (receiver == receivers_.end()) {
    done(false);
    return;
  }
  std::vector<uint64_t> firing, resolved;
  for (const AlertPtr& a : alerts) {
    (a->ResolvedAt(request.now) ? resolved : firing)
        .push_back(AlertHash(a->labels));
  }
  auto fanout = std::make_shared<Fanout>();
  fanout->done = std::move(done);
  std::vector<std::shared_ptr<Delivery>> deliveries;
  Time now = scheduler_->Now();
  for (const Integration& integration : receiver->second) {
    NflogReceiver recv{request.receiver, integration.name, integration.index};
    auto entry = nflog_ != nullptr ? nflog_->Query(request.group_key, recv)
                                   : std::nullopt;
    if (!NeedsUpdate(entry, firing, resolved, integration.send_resolved,
                     request.repeat_interval, now)) {
      continue;
    }
    auto d = std::make_shared<Delivery>();
    d->fanout = fanout;
    d->request = request;
    d->integration = integration;
    d->receiver = std::move(recv);
    d->firing = firing;
    d->resolved = resolved;
    d->interval = retry_.initial;
    if (integration.send_resolved) {
      d->sent = alerts;
    } else {
      for (const AlertPtr& a : alerts) {
        if (!a->ResolvedAt(request.now)) d->sent.push_back(a);
      }
    }
    deliveries.push_back(std::move(d));
  }
  if (deliveries.empty()) {
    fanout->done(true);
    return;
  }
  fanout->pending = static_cast<int>(deliveries.size());
  auto self = shared_from_this();
  for (auto& d : deliveries) {
    if (metrics_ != nullptr) ++metrics_->For(d->integration.name).notifications;
    if (d->firing.empty() && !d->integration.send_resolved) {
      // Nothing fires and resolved alerts are not sent: only the log entry.
      Finish(d, true);
      continue;
    }
    scheduler_->Run([self, d] { self->Attempt(d); });
  }
}

void Pipeline::Attempt(std::shared_ptr<Delivery> d) {
  Time start = scheduler_->Now();
  if (start >= d->request.deadline && d->attempts > 0) {
    Finish(d, false);
    return;
  }
  ++d->attempts;
  NotifyRequest req{d->request.receiver, d->request.group_key,
                    d->request.group_labels, d->request.now,
                    d->request.deadline};
  NotifyResult r = d->integration.notifier->Notify(req, d->sent);
  if (metrics_ != nullptr) {
    IntegrationCounters& c = metrics_->For(d->integration.name);
    ++c.requests;
    if (!r.status.ok()) ++c.requests_failed;
  }
  if (r.status.ok()) {
    Finish(d, true);
    return;
  }
  d->last_error = r.status;
  if (!r.retry) {
    Finish(d, false);
    return;
  }
  // The next attempt after a randomized, growing interval, unless that is
  // past the deadline.
  double ci = static_cast<double>(d->interval.count());
  double delta = retry_.randomization * ci;
  double wait = ci - delta + retry_.random() * (2 * delta + 1);
  double next_ci = ci * retry_.multiplier;
  double max_ci = static_cast<double>(retry_.max_interval.count());
  d->interval = Duration(static_cast<int64_t>(std::min(next_ci, max_ci)));
  Time next = start + Duration(static_cast<int64_t>(wait));
  if (next >= d->request.deadline) {
    Finish(d, false);
    return;
  }
  auto self = shared_from_this();
  scheduler_->At(next, [self, d] {
    self->scheduler_->Run([self, d] { self->Attempt(d); });
  });
}

void Pipeline::Finish(std::shared_ptr<Delivery> d, bool ok) {
  if (ok && nflog_ != nullptr) {
    Status s = nflog_->Log(d->receiver, d->request.group_key, d->firing,
                           d->resolved, 2 * d->request.repeat_interval);
    if (!s.ok()) ok = false;
  }
  if (!ok) {
    d->fanout->failed = true;
    if (metrics_ != nullptr) {
      ++metrics_->For(d->integration.name).notifications_failed;
    }
  }
  if (--d->fanout->pending == 0) d->fanout->done(!d->fanout->failed);
}

}  // namespace tocsin::notifiers
