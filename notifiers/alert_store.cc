#include "notifiers/alert_store.h"

namespace tocsin::notifiers {

void AlertStore::Put(std::vector<Alert> alerts) {
  std::lock_guard<std::mutex> put_lock(put_mu_);
  std::vector<AlertPtr> stored;
  stored.reserve(alerts.size());
  // The versions these alerts replace: released after the lock.
  std::vector<AlertPtr> replaced;
  replaced.reserve(alerts.size());
  std::vector<Listener> listeners;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (Alert& a : alerts) {
      if (a.fingerprint == 0) a.ComputeFingerprint();
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
      it->second = std::make_shared<const Alert>(std::move(a));
      stored.push_back(it->second);
    }
    for (const auto& [id, l] : listeners_) listeners.push_back(l);
  }
  for (const Listener& l : listeners) l(stored);
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
  std::lock_guard<std::mutex> put_lock(put_mu_);
  std::vector<AlertPtr> existing = List();
  int id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_listener_++;
    listeners_.emplace(id, listener);
  }
  if (!existing.empty()) listener(existing);
  return id;
}

void AlertStore::Unsubscribe(int id) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.erase(id);
}

}  // namespace tocsin::notifiers
