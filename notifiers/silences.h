// Silences (Alertmanager's silence package): matchers and a time range that
// mute matching alerts while active. Set creates a silence or updates one in
// place when Alertmanager would (same matchers; an active silence keeps its
// start and must not end in the past; a pending one must not start in the
// past), otherwise expires the old one and creates a new id. Expire ends a
// silence now. Expired silences are kept for `retention` after their end,
// then garbage-collected.
//
// With a DurableLog attached, every change is written to disk before it
// takes effect, and Compact() writes a snapshot. The Silencer mutes alert
// label sets and records active and pending silences in the marker,
// re-evaluating only when the silences changed (the version).
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_SILENCES_H_
#define TOCSIN_NOTIFIERS_SILENCES_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/durable_log.h"
#include "notifiers/marker.h"
#include "notifiers/matcher.h"
#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::notifiers {

struct SilenceMatcher {
  MatchType type = MatchType::kEqual;
  std::string name;
  std::string pattern;
  friend bool operator==(const SilenceMatcher&,
                         const SilenceMatcher&) = default;
};

struct Silence {
  std::string id;
  std::vector<SilenceMatcher> matchers;
  Time starts_at;
  Time ends_at;
  Time updated_at;
  std::string created_by;
  std::string comment;
};

enum class SilenceState { kExpired, kActive, kPending };
// "expired", "active", "pending".
const char* SilenceStateName(SilenceState s);
// Pending before the start, expired after the end, active in between
// (both ends included).
SilenceState SilenceStateAt(const Silence& s, Time now);

struct SilenceQuery {
  std::optional<std::vector<std::string>> ids;
  std::vector<SilenceState> states;         // empty: any
  const promql::Labels* matches = nullptr;  // silences that match these
};

class Silences {
 public:
  Silences(const Clock* clock, Duration retention);

  // Attaches persistence and loads the stored silences (those past their
  // retention are dropped).
  Status Open(const std::string& dir);

  // Creates or updates a silence; returns its id. Errors read as
  // Alertmanager's ("silence not found", "silence invalid: at least one
  // matcher required", ...).
  Result<std::string> Set(Silence s);
  Status Expire(const std::string& id);
  Result<Silence> Get(const std::string& id) const;
  std::vector<Silence> Query(const SilenceQuery& q) const;
  // Increases whenever a silence is added or changed.
  int Version() const;
  size_t CountState(SilenceState s) const;

  // Drops silences past their retention; returns how many.
  size_t GC();
  // Writes a snapshot of all silences and empties the write-ahead log.
  Status Compact();

  const Clock& clock() const { return *clock_; }

 private:
  struct Entry {
    Silence silence;
    Matchers compiled;
    Time expires_at;
  };
  Status SetLocked(Silence s, Time now);
  bool MergeLocked(Entry e, Time now);
  Status ExpireLocked(const std::string& id, Time now);
  static std::string Encode(const Entry& e);
  static bool Decode(std::string_view rec, Entry* e);

  const Clock* clock_;
  Duration retention_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> st_;
  int version_ = 0;
  std::unique_ptr<DurableLog> log_;
};

// Mutes alerts matched by an active silence.
class Silencer {
 public:
  Silencer(Silences* silences, Marker* marker)
      : silences_(silences), marker_(marker) {}
  bool Mutes(const promql::Labels& labels);

 private:
  Silences* silences_;
  Marker* marker_;
};

// Alertmanager's silence matcher validation ("invalid label name \"1a\"",
// "invalid regular expression ...").
Status ValidateSilenceMatcher(const SilenceMatcher& m);
// A new random (version 4) UUID.
std::string NewUuid();

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SILENCES_H_
