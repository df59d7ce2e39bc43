// The notification log (Alertmanager's nflog): for each aggregation group
// and receiver integration (receiver name, integration name, index), what
// was last delivered and when — the hashes of the firing and of the
// resolved alerts. The dedup stage reads it to decide whether a flush has
// anything new to say; entries expire after min(retention, 2 x the
// route's repeat_interval).
//
// With a DurableLog attached (Open), every entry is on disk before Log()
// returns, so a restart never re-sends what was delivered; Compact() writes
// a snapshot and drops expired entries. Thread-safe.

#ifndef TOCSIN_NOTIFIERS_NFLOG_H_
#define TOCSIN_NOTIFIERS_NFLOG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/durable_log.h"
#include "promql/status.h"

namespace tocsin::notifiers {

struct NflogReceiver {
  std::string group_name;   // the receiver's name
  std::string integration;  // "webhook", "slack", ...
  uint32_t idx = 0;         // index among the receiver's integrations of
                            // that kind
  std::string Key() const;  // "name/integration/idx"
};

struct NflogEntry {
  std::string group_key;
  NflogReceiver receiver;
  Time timestamp;
  std::vector<uint64_t> firing_alerts;
  std::vector<uint64_t> resolved_alerts;
  Time expires_at;

  // Whether every hash in `subset` was firing (resolved) at the time of the
  // entry.
  bool IsFiringSubset(const std::vector<uint64_t>& subset) const;
  bool IsResolvedSubset(const std::vector<uint64_t>& subset) const;
};

class NotificationLog {
 public:
  NotificationLog(const Clock* clock, Duration retention);

  // Attaches persistence and loads stored entries (expired ones dropped).
  Status Open(const std::string& dir);

  // Records a delivery at the clock's current time.
  Status Log(const NflogReceiver& r, const std::string& group_key,
             std::vector<uint64_t> firing, std::vector<uint64_t> resolved,
             Duration expiry);
  std::optional<NflogEntry> Query(const std::string& group_key,
                                  const NflogReceiver& r) const;
  std::vector<NflogEntry> List() const;
  // Drops expired entries; returns how many.
  size_t GC();
  // GC, then a snapshot of the remaining entries.
  Status Compact();

 private:
  static std::string StateKey(const std::string& group_key,
                              const NflogReceiver& r);
  bool MergeLocked(NflogEntry e, Time now);
  static std::string Encode(const NflogEntry& e);
  static bool Decode(std::string_view rec, NflogEntry* e);

  const Clock* clock_;
  Duration retention_;
  mutable std::mutex mu_;
  std::map<std::string, NflogEntry> st_;
  std::unique_ptr<DurableLog> log_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_NFLOG_H_
