// The alert store (Alertmanager's provider/mem): every alert the router
// knows, by fingerprint. Put merges a re-sent alert with the stored one
// when their times overlap, stores it, and hands the stored version to
// every subscriber (the dispatcher, the inhibitor). GC removes
// alerts resolved by the given instant and deletes their marks.
//
// Thread-safe. Puts run in parallel: the store's lock covers only the
// lookups and the merges, and subscribers are called without it, possibly
// from several threads at once. So a subscriber can be handed the
// versions of an alert out of order: it keeps the one that Supersedes
// (alert.h) the other. Subscribers must not call Put.

#ifndef TOCSIN_NOTIFIERS_ALERT_STORE_H_
#define TOCSIN_NOTIFIERS_ALERT_STORE_H_

#include <boost/unordered/unordered_flat_map.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "notifiers/alert.h"
#include "notifiers/marker.h"

namespace tocsin::notifiers {

class AlertStore {
 public:
  using Listener = std::function<void(const std::vector<AlertPtr>&)>;

  explicit AlertStore(Marker* marker) : marker_(marker) {}

  // Stores alerts prepared by PrepareAlert.
  void Put(std::vector<Alert> alerts);
  AlertPtr Get(uint64_t fingerprint) const;
  std::vector<AlertPtr> List() const;
  size_t size() const;
  // Removes the alerts resolved at `now`; returns how many.
  size_t GC(Time now);

  // Adds a subscriber and hands it every stored alert (puts running at the
  // same time may hand it newer versions first). Returns an id for
  // Unsubscribe.
  int Subscribe(Listener listener);
  void Unsubscribe(int id);

 private:
  using Listeners = std::map<int, Listener>;

  Marker* marker_;
  mutable std::mutex mu_;
  boost::unordered_flat_map<uint64_t, AlertPtr> alerts_;
  uint64_t last_version_ = 0;
  // Replaced, not changed, by Subscribe and Unsubscribe, so that Put takes
  // a snapshot with one copy.
  std::shared_ptr<const Listeners> listeners_ = std::make_shared<Listeners>();
  int next_listener_ = 1;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ALERT_STORE_H_
