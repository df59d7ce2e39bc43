// The router's alert (Alertmanager's types.Alert): labels, annotations,
// startsAt, endsAt, generatorURL, the authoritative updatedAt and whether
// endsAt came from resolve_timeout; its fingerprint (model.Fingerprint:
// FNV-1a 64 over the label pairs sorted by name, each name and value
// followed by a 0xff byte), the hash the notification log records
// (xxhash64 over the same bytes), merging of a re-sent alert, the order
// Alertmanager sorts alerts in, and the preparation and validation an
// alert gets when it is posted.
//
// Alerts are immutable once stored and shared as AlertPtr between the
// store, the aggregation groups and the pipeline; thread-safe.

#ifndef TOCSIN_NOTIFIERS_ALERT_H_
#define TOCSIN_NOTIFIERS_ALERT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/shared_string.h"
#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::notifiers {

// Sorted by name, names unique, empty values kept.
using Annotations = promql::StringPairs;

struct Alert {
  promql::Labels labels;
  Annotations annotations;
  Time starts_at;
  Time ends_at;  // kZeroTime: no end known
  SharedString generator_url;
  Time updated_at;
  bool timeout = false;      // ends_at was set from resolve_timeout
  uint64_t fingerprint = 0;  // set by ComputeFingerprint / PrepareAlert
  // Set by AlertStore::Put: a later store of the alert has a higher one.
  uint64_t version = 0;

  void ComputeFingerprint();
  std::string_view Name() const { return labels.Get("alertname"); }
  // Resolved at `t`: an end is known and is not after `t`.
  bool ResolvedAt(Time t) const { return !IsZero(ends_at) && ends_at <= t; }
  // "HighErrorRate[a1b2c3d][active]" as Alertmanager logs alerts.
  std::string String(Time now) const;
};

using AlertPtr = std::shared_ptr<const Alert>;

// Whether `next` replaces `current`, both versions of one alert: it does
// unless it was stored before `current` (the store's subscribers can be
// handed the versions out of order). Alerts that never went through the
// store have version 0, so there the later one always replaces.
inline bool Supersedes(const Alert& next, const Alert& current) {
  return next.version >= current.version;
}

// model.LabelSet.Fingerprint.
uint64_t LabelsFingerprint(const promql::Labels& labels);
// The 16-digit hex form ("%016x") used in APIs.
std::string FingerprintString(uint64_t fp);
// notify.hashAlert: xxhash64 of the label pairs, for the notification log.
uint64_t AlertHash(const promql::Labels& labels);

// types.Alert.Merge: `a` and `b` have equal labels; the younger one
// (later updated_at) wins, keeping the earliest start, and the latest
// explicit end where it applies.
Alert MergeAlerts(const Alert& a, const Alert& b);
// next = MergeAlerts(old, next), without copying `next` when it is the
// younger one (as a re-sent alert is).
void MergeInto(const Alert& old, Alert& next);

// Whether `next` overlaps `old` in a way that makes the store merge them
// (mem.Alerts.Put).
bool ShouldMerge(const Alert& old, const Alert& next);

// types.AlertSlice order: by job, then instance (missing last), then by
// model.LabelSet.Before.
bool AlertLess(const Alert& a, const Alert& b);
// model.LabelSet.Before: fewer labels first, then by the first differing
// pair in name order.
bool LabelSetBefore(const promql::Labels& a, const promql::Labels& b);

// What POST /api/v2/alerts does to each alert before storing it: sets
// updated_at to `now`; a missing start becomes `now` (or the end when
// given); a missing end becomes now + resolve_timeout with timeout set;
// empty label values are dropped (Labels never holds them). Then
// model.Alert.Validate: the error texts are Alertmanager's ("start time
// missing", "at least one label pair required", "invalid label set:
// invalid name \"1a\"", ...).
Status PrepareAlert(Alert& alert, Time now, Duration resolve_timeout);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ALERT_H_
