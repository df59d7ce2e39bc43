// The alert marker (Alertmanager's types.Marker): per alert fingerprint,
// whether it is unprocessed, active or suppressed, and by which silences
// (active and pending, with the silences version the result is based on)
// and inhibiting alerts. The inhibitor and silencer update it when they
// evaluate an alert; the API reads it. An alert that nothing silences or
// inhibits (most of them) takes 24 bytes in a flat table.
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_MARKER_H_
#define TOCSIN_NOTIFIERS_MARKER_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <boost/unordered/unordered_flat_map.hpp>
#include <memory>
#include <vector>

namespace tocsin::notifiers {

enum class AlertState { kUnprocessed, kActive, kSuppressed };
// "unprocessed", "active", "suppressed".
const char* AlertStateName(AlertState s);

struct AlertStatus {
  AlertState state = AlertState::kUnprocessed;
  std::vector<std::string> silenced_by;
  std::vector<std::string> inhibited_by;
  std::vector<std::string> pending_silences;
  int silences_version = 0;
};

class Marker {
 public:
  // Replaces the silences of `fp` (the complete set of active and pending
  // ones at `version`).
  void SetActiveOrSilenced(uint64_t fp, int version,
                           std::vector<std::string> active_ids,
                           std::vector<std::string> pending_ids);
  // Replaces the inhibiting alerts of `fp`.
  void SetInhibited(uint64_t fp, std::vector<std::string> ids);
  AlertStatus Status(uint64_t fp) const;
  void Delete(uint64_t fp);
  // How many alerts are in `state`.
  size_t Count(AlertState state) const;

 private:
  // The silence and inhibition lists, allocated only when one is not
  // empty.
  struct Lists {
    std::vector<std::string> silenced_by;
    std::vector<std::string> inhibited_by;
    std::vector<std::string> pending_silences;
    bool empty() const {
      return silenced_by.empty() && inhibited_by.empty() &&
             pending_silences.empty();
    }
  };
  struct Entry {
    AlertState state = AlertState::kUnprocessed;
    int silences_version = 0;
    std::unique_ptr<Lists> lists;
  };
  static void Settle(Entry& e);

  mutable std::mutex mu_;
  boost::unordered_flat_map<uint64_t, Entry> m_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_MARKER_H_
