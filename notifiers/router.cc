#include "notifiers/router.h"

namespace tocsin::notifiers {

Router::Router(Scheduler* scheduler, NotifierFactory factory,
               RouterOptions options)
    : scheduler_(scheduler),
      factory_(std::move(factory)),
      options_(std::move(options)),
      alerts_(&marker_),
      silences_(&scheduler->clock(), options_.retention),
      silencer_(&silences_, &marker_),
      nflog_(&scheduler->clock(), options_.retention) {}

Router::~Router() { Stop(); }

Status Router::Open() {
  if (!options_.storage_path.empty()) {
    Status s = silences_.Open(options_.storage_path);
    if (!s.ok()) return s;
    s = nflog_.Open(options_.storage_path);
    if (!s.ok()) return s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  maintenance_timer_ =
      scheduler_->At(scheduler_->Now() + options_.maintenance_interval,
                     [this] { Maintenance(); });
  gc_timer_ = scheduler_->At(scheduler_->Now() + options_.alerts_gc_interval,
                             [this] { GcAlerts(); });
  return Status::OK();
}

Status Router::ApplyConfig(Config config) {
  auto cfg = std::make_shared<const Config>(std::move(config));
  auto receivers = BuildReceiverIntegrations(*cfg, factory_);
  if (!receivers.ok()) return receivers.status();
  Pipeline::TimeIntervals intervals;
  for (const auto* list : {&cfg->mute_time_intervals, &cfg->time_intervals}) {
    for (const NamedTimeIntervals& n : *list) intervals[n.name] = n.intervals;
  }
  auto inhibitor = std::make_shared<Inhibitor>(cfg->inhibit_rules, &marker_);
  std::shared_ptr<const Route> root = Route::Build(cfg->route);
  auto pipeline = std::make_shared<Pipeline>(
      inhibitor, &silencer_, std::move(intervals), &nflog_,
      std::move(receivers).value(), scheduler_, options_.retry, &metrics_);
  auto dispatcher = std::make_shared<Dispatcher>(root, pipeline, scheduler_,
                                                 options_.dispatcher);

  std::shared_ptr<Dispatcher> old_dispatcher;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return Status::Canceled("router stopped");
    if (inhibitor_sub_ != 0) alerts_.Unsubscribe(inhibitor_sub_);
    if (dispatcher_sub_ != 0) alerts_.Unsubscribe(dispatcher_sub_);
    old_dispatcher = std::move(dispatcher_);
    config_ = cfg;
    inhibitor_ = inhibitor;
    dispatcher_ = dispatcher;
  }
  if (old_dispatcher) old_dispatcher->Stop();
  dispatcher->Start();
  int isub = alerts_.Subscribe(
      [inhibitor](const std::vector<AlertPtr>& a) { inhibitor->OnAlerts(a); });
  int dsub = alerts_.Subscribe([dispatcher](const std::vector<AlertPtr>& a) {
    dispatcher->OnAlerts(a);
  });
  std::lock_guard<std::mutex> lock(mu_);
  inhibitor_sub_ = isub;
  dispatcher_sub_ = dsub;
  return Status::OK();
}

void Router::Stop() {
  std::shared_ptr<Dispatcher> d;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    if (maintenance_timer_ != 0) scheduler_->Cancel(maintenance_timer_);
    if (gc_timer_ != 0) scheduler_->Cancel(gc_timer_);
    if (inhibitor_sub_ != 0) alerts_.Unsubscribe(inhibitor_sub_);
    if (dispatcher_sub_ != 0) alerts_.Unsubscribe(dispatcher_sub_);
    d = dispatcher_;
  }
  if (d) d->Stop();
  silences_.GC();
  (void)silences_.Compact();
  (void)nflog_.Compact();
}

Status Router::PostAlerts(std::vector<Alert> alerts) {
  Time now = scheduler_->Now();
  Duration resolve_timeout;
  {
    std::lock_guard<std::mutex> lock(mu_);
    resolve_timeout =
        Millis(config_ ? config_->global.resolve_timeout_ms : 5 * 60 * 1000);
  }
  std::vector<Alert> valid;
  valid.reserve(alerts.size());
  std::string errors;
  for (Alert& a : alerts) {
    Status s = PrepareAlert(a, now, resolve_timeout);
    if (!s.ok()) {
      if (!errors.empty()) errors += "; ";
      errors += s.message();
      continue;
    }
    valid.push_back(std::move(a));
  }
  alerts_.Put(std::move(valid));
  if (!errors.empty()) return Status::InvalidArgument(errors);
  return Status::OK();
}

void Router::UpdateStatus(const promql::Labels& labels) {
  std::shared_ptr<Inhibitor> inhibitor;
  {
    std::lock_guard<std::mutex> lock(mu_);
    inhibitor = inhibitor_;
  }
  if (inhibitor) inhibitor->Mutes(labels, scheduler_->Now());
  silencer_.Mutes(labels);
}

std::shared_ptr<Dispatcher> Router::dispatcher() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dispatcher_;
}

std::shared_ptr<const Config> Router::config() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

void Router::Maintenance() {
  silences_.GC();
  (void)silences_.Compact();
  (void)nflog_.Compact();
  std::shared_ptr<Inhibitor> inhibitor;
  {
    std::lock_guard<std::mutex> lock(mu_);
    inhibitor = inhibitor_;
  }
  if (inhibitor) inhibitor->GC(scheduler_->Now());
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  maintenance_timer_ =
      scheduler_->At(scheduler_->Now() + options_.maintenance_interval,
                     [this] { Maintenance(); });
}

void Router::GcAlerts() {
  alerts_.GC(scheduler_->Now());
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  gc_timer_ = scheduler_->At(scheduler_->Now() + options_.alerts_gc_interval,
                             [this] { GcAlerts(); });
}

}  // namespace tocsin::notifiers
