#include "notifiers/dispatcher.h"

#include <algorithm>
#include <boost/unordered/unordered_flat_map.hpp>

namespace tocsin::notifiers {

struct Dispatcher::Group {
  const Route* route = nullptr;
  promql::Labels labels;
  std::string key;
  boost::unordered_flat_map<uint64_t, AlertPtr> alerts;
  Scheduler::TaskId timer = 0;
  Time timer_at;  // when `timer` fires
  bool has_flushed = false;
  bool flushing = false;
  bool tick_pending = false;
  Time pending_now;
  bool removed = false;
};

Dispatcher::Dispatcher(std::shared_ptr<const Route> root,
                       std::shared_ptr<Pipeline> pipeline, Scheduler* scheduler,
                       DispatcherOptions options)
    : root_(std::move(root)),
      pipeline_(std::move(pipeline)),
      scheduler_(scheduler),
      options_(options) {
  root_->Walk([&](const Route& r) {
    if (routes_.size() <= static_cast<size_t>(r.index())) {
      routes_.resize(r.index() + 1);
    }
    routes_[r.index()] = &r;
  });
  groups_.resize(routes_.size());
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  std::weak_ptr<Dispatcher> weak = weak_from_this();
  cleanup_timer_ =
      scheduler_->At(scheduler_->Now() + options_.cleanup_interval, [weak] {
        if (auto self = weak.lock()) self->Cleanup();
      });
}

void Dispatcher::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  stopped_ = true;
  if (cleanup_timer_ != 0) scheduler_->Cancel(cleanup_timer_);
  for (auto& per_route : groups_) {
    for (auto& [fp, g] : per_route) {
      if (g->timer != 0) scheduler_->Cancel(g->timer);
      g->timer = 0;
      g->removed = true;
    }
    per_route.clear();
  }
}

void Dispatcher::Cleanup() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  for (auto& per_route : groups_) {
    for (auto it = per_route.begin(); it != per_route.end();) {
      const GroupPtr& g = it->second;
      if (g->alerts.empty() && !g->flushing) {
        if (g->timer != 0) scheduler_->Cancel(g->timer);
        g->removed = true;
        it = per_route.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::weak_ptr<Dispatcher> weak = weak_from_this();
  cleanup_timer_ =
      scheduler_->At(scheduler_->Now() + options_.cleanup_interval, [weak] {
        if (auto self = weak.lock()) self->Cleanup();
      });
}

void Dispatcher::OnAlerts(const std::vector<AlertPtr>& alerts) {
  Time now = scheduler_->Now();
  // Route the whole batch and compute its groups first, then insert it
  // under one lock.
  std::vector<Placement> placements;
  placements.reserve(alerts.size() + alerts.size() / 2);
  std::vector<const Route*> matched;
  for (const AlertPtr& a : alerts) {
    matched.clear();
    root_->MatchTo(a->labels, &matched);
    for (const Route* r : matched) {
      placements.push_back({&a, r, r->GroupFingerprint(a->labels)});
    }
  }
  std::vector<AlertPtr> replaced;  // released after the lock
  replaced.reserve(placements.size());
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  for (const Placement& p : placements) Insert(p, now, &replaced);
}

void Dispatcher::ArmLocked(const GroupPtr& g, Time when) {
  if (g->timer != 0) scheduler_->Cancel(g->timer);
  std::weak_ptr<Dispatcher> weak = weak_from_this();
  g->timer_at = when;
  g->timer = scheduler_->At(when, [weak, g, when] {
    if (auto self = weak.lock()) self->OnTick(g, when);
  });
}

void Dispatcher::Insert(const Placement& p, Time now,
                        std::vector<AlertPtr>* replaced) {
  const AlertPtr& alert = *p.alert;
  const Route* route = p.route;
  auto& per_route = groups_[route->index()];
  auto [it, inserted] = per_route.try_emplace(p.group);
  if (inserted) {
    it->second = std::make_shared<Group>();
    Group& n = *it->second;
    n.route = route;
    n.labels = route->GroupLabels(alert->labels);
    n.key = GroupKey(*route, n.labels);
    ArmLocked(it->second, now + Millis(route->opts().group_wait_ms));
  }
  const GroupPtr& g = it->second;
  AlertPtr& slot = g->alerts[alert->fingerprint];
  if (slot != nullptr) {
    if (!Supersedes(*alert, *slot)) return;
    replaced->push_back(std::move(slot));
  }
  slot = alert;
  // An alert older than group_wait flushes the group at once (a timer due
  // by now already does).
  if (!g->has_flushed &&
      alert->starts_at + Millis(route->opts().group_wait_ms) < now &&
      (g->timer == 0 || g->timer_at > now)) {
    ArmLocked(g, now);
  }
}

void Dispatcher::OnTick(const GroupPtr& g, Time fired_at) {
  std::function<void()> work;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_ || g->removed) return;
    g->timer = 0;
    if (g->flushing) {
      g->tick_pending = true;
      g->pending_now = fired_at;
      return;
    }
    work = TickLocked(g, fired_at);
  }
  if (work) work();
}

std::function<void()> Dispatcher::TickLocked(const GroupPtr& g, Time now) {
  const RouteOpts& opts = g->route->opts();
  ArmLocked(g, scheduler_->Now() + Millis(opts.group_interval_ms));
  g->has_flushed = true;
  if (g->alerts.empty()) return nullptr;
  // Firing alerts go out without their end, so that they do not resolve
  // while the notification is on its way.
  std::vector<AlertPtr> flushed;
  flushed.reserve(g->alerts.size());
  for (const auto& [fp, a] : g->alerts) {
    if (a->ResolvedAt(now) || IsZero(a->ends_at)) {
      flushed.push_back(a);
    } else {
      auto copy = std::make_shared<Alert>(*a);
      copy->ends_at = kZeroTime;
      flushed.push_back(std::move(copy));
    }
  }
  std::stable_sort(
      flushed.begin(), flushed.end(),
      [](const AlertPtr& a, const AlertPtr& b) { return AlertLess(*a, *b); });
  g->flushing = true;
  FlushRequest req;
  req.receiver = opts.receiver;
  req.group_key = g->key;
  req.group_labels = g->labels;
  req.now = now;
  req.deadline =
      now + std::max(Millis(opts.group_interval_ms), options_.min_timeout);
  req.repeat_interval = Millis(opts.repeat_interval_ms);
  req.mute_time_intervals = opts.mute_time_intervals;
  req.active_time_intervals = opts.active_time_intervals;
  std::weak_ptr<Dispatcher> weak = weak_from_this();
  std::shared_ptr<Pipeline> pipeline = pipeline_;
  return [weak, pipeline, g, req = std::move(req),
          flushed = std::move(flushed)]() mutable {
    std::vector<AlertPtr> sent = flushed;
    pipeline->Exec(req, std::move(sent), [weak, g, flushed](bool ok) {
      if (auto self = weak.lock()) self->OnFlushDone(g, flushed, ok);
    });
  };
}

void Dispatcher::OnFlushDone(const GroupPtr& g,
                             const std::vector<AlertPtr>& flushed, bool ok) {
  std::function<void()> work;
  {
    std::lock_guard<std::mutex> lock(mu_);
    g->flushing = false;
    if (stopped_ || g->removed) return;
    if (ok) {
      for (const AlertPtr& a : flushed) {
        if (IsZero(a->ends_at)) continue;  // firing at the flush
        if (a->ends_at > scheduler_->Now()) continue;
        auto it = g->alerts.find(a->fingerprint);
        if (it != g->alerts.end() && it->second->updated_at == a->updated_at) {
          g->alerts.erase(it);
        }
      }
    }
    if (g->tick_pending) {
      g->tick_pending = false;
      work = TickLocked(g, g->pending_now);
    }
  }
  if (work) work();
}

std::vector<AlertGroupInfo> Dispatcher::Groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AlertGroupInfo> out;
  for (const auto& per_route : groups_) {
    for (const auto& [fp, g] : per_route) {
      if (g->alerts.empty()) continue;
      AlertGroupInfo info;
      info.route = g->route;
      info.receiver = g->route->opts().receiver;
      info.group_key = g->key;
      info.labels = g->labels;
      for (const auto& [afp, a] : g->alerts) info.alerts.push_back(a);
      std::sort(info.alerts.begin(), info.alerts.end(),
                [](const AlertPtr& a, const AlertPtr& b) {
                  return AlertLess(*a, *b);
                });
      out.push_back(std::move(info));
    }
  }
  return out;
}

size_t Dispatcher::group_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& per_route : groups_) n += per_route.size();
  return n;
}

}  // namespace tocsin::notifiers
