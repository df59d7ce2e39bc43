#include "notifiers/alert_store.h"

namespace tocsin::notifiers {

void AlertStore::Put(std::vector<Alert> alerts) {
  // Everything that needs no other alert happens before the lock: the
  // fingerprints and the allocations. They are written under the lock
  // only, and read-only once handed out.
  std::vector<AlertPtr> stored;
  std::vector<Alert*> writable;
  stored.reserve(alerts.size());
  writable.reserve(alerts.size());
  for (Alert& a : alerts) {
    if (a.fingerprint == 0) a.ComputeFingerprint();
    auto p = std::make_shared<Alert>(std::move(a));
    writable.push_back(p.get());
    stored.push_back(std::move(p));
  }
  // The versions these alerts replace: released after the lock.
  std::vector<AlertPtr> replaced;
  replaced.reserve(stored.size());
  std::shared_ptr<const Listeners> listeners;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < stored.size(); ++i) {
      Alert& a = *writable[i];
      a.version = ++last_version_;
      auto [it, inserted] = alerts_.try_emplace(a.fingerprint);
      if (!inserted) {
        const Alert& old = *it->second;
        if (ShouldMerge(old, a)) MergeInto(old, a);
        // A re-sent alert has the labels, annotations and generator URL
        // it had: share them.
        if (old.labels == a.labels) a.labels = old.labels;
        if (old.annotations == a.annotations) a.annotations = old.annotations;
        if (old.generator_url == a.generator_url) {
          a.generator_url = old.generator_url;
        }
        replaced.push_back(std::move(it->second));
      }
      it->second = stored[i];
    }
    listeners = listeners_;
  }
  for (const auto& [id, l] : *listeners) l(stored);
}

AlertPtr AlertStore::Get(uint64_t fingerprint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = alerts_.find(fingerprint);
  return it == alerts_.end() ? nullptr : it->second;
}

std::vector<AlertPtr> AlertStore::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AlertPtr> out;
  out.reserve(alerts_.size());
  for (const auto& [fp, a] : alerts_) out.push_back(a);
  return out;
}

size_t AlertStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return alerts_.size();
}

size_t AlertStore::GC(Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  return boost::unordered::erase_if(alerts_, [&](const auto& entry) {
    if (!entry.second->ResolvedAt(now)) return false;
    if (marker_ != nullptr) marker_->Delete(entry.first);
    return true;
  });
}

int AlertStore::Subscribe(Listener listener) {
  std::vector<AlertPtr> existing;
  int id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    existing.reserve(alerts_.size());
    for (const auto& [fp, a] : alerts_) existing.push_back(a);
    id = next_listener_++;
    auto next = std::make_shared<Listeners>(*listeners_);
    next->emplace(id, listener);
    listeners_ = std::move(next);
  }
  if (!existing.empty()) listener(existing);
  return id;
}

void AlertStore::Unsubscribe(int id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto next = std::make_shared<Listeners>(*listeners_);
  next->erase(id);
  listeners_ = std::move(next);
}

}  // namespace tocsin::notifiers
