// The alert store (Alertmanager's provider/mem): every alert the router
// knows, by fingerprint. Put merges a re-sent alert with the stored one
// when their times overlap, stores it, and hands the stored version to
// every subscriber (the dispatcher, the inhibitor) in order. GC removes
// alerts resolved by the given instant and deletes their marks.
//
// Thread-safe. Puts are serialized, so subscribers see the versions of an
// alert in the order they were stored; subscribers are called without the
// store's lock held and must not call Put.

#ifndef TOCSIN_NOTIFIERS_ALERT_STORE_H_
#define TOCSIN_NOTIFIERS_ALERT_STORE_H_

#include <functional>
#include <map>
#include <mutex>
#include <boost/unordered/unordered_flat_map.hpp>
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

  // Adds a subscriber; it first receives every stored alert. Returns an id
  // for Unsubscribe.
  int Subscribe(Listener listener);
  void Unsubscribe(int id);

 private:
  Marker* marker_;
  std::mutex put_mu_;  // serializes Put and Subscribe
  mutable std::mutex mu_;
  boost::unordered_flat_map<uint64_t, AlertPtr> alerts_;
  std::map<int, Listener> listeners_;
  int next_listener_ = 1;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ALERT_STORE_H_
