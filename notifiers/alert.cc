#include "notifiers/alert.h"

#include <algorithm>
#include <cstdio>

#include "notifiers/matcher.h"
#include "promql/go_format.h"
#include "promql/xxhash64.h"

namespace tocsin::notifiers {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t FnvAdd(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}
uint64_t FnvAddByte(uint64_t h, unsigned char b) {
  h ^= b;
  h *= kFnvPrime;
  return h;
}

}  // namespace

uint64_t LabelsFingerprint(const promql::Labels& labels) {
  uint64_t h = kFnvOffset;
  for (promql::LabelView l : labels) {
    h = FnvAdd(h, l.name);
    h = FnvAddByte(h, 0xff);
    h = FnvAdd(h, l.value);
    h = FnvAddByte(h, 0xff);
  }
  return h;
}

std::string FingerprintString(uint64_t fp) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(fp));
  return buf;
}

uint64_t AlertHash(const promql::Labels& labels) {
  return promql::PrometheusLabelsHash(labels);
}

void Alert::ComputeFingerprint() { fingerprint = LabelsFingerprint(labels); }

std::string Alert::String(Time now) const {
  std::string s = std::string(Name()) + "[" +
                  FingerprintString(fingerprint).substr(0, 7) + "]";
  return s + (ResolvedAt(now) ? "[resolved]" : "[active]");
}

Alert MergeAlerts(const Alert& a, const Alert& b) {
  // `o` is the younger alert.
  const Alert& older = b.updated_at < a.updated_at ? b : a;
  const Alert& o = b.updated_at < a.updated_at ? a : b;
  Alert res = o;
  if (older.starts_at < o.starts_at) res.starts_at = older.starts_at;
  // Resolved() compares against the current time in Alertmanager; the
  // younger alert's update time stands for it here, as both are set to
  // the time of the post that merges them.
  Time now = o.updated_at;
  if (o.ResolvedAt(now)) {
    if (older.ResolvedAt(now) && older.ends_at > o.ends_at) {
      res.ends_at = older.ends_at;
    }
  } else if (older.ends_at > o.ends_at && !older.timeout) {
    res.ends_at = older.ends_at;
  }
  return res;
}

void MergeInto(const Alert& old, Alert& next) {
  if (next.updated_at < old.updated_at) {
    next = MergeAlerts(old, next);
    return;
  }
  // As MergeAlerts with `next` the younger: its fields, the earliest
  // start, and the end chosen from both original ends.
  Time now = next.updated_at;
  Time ends = next.ends_at;
  if (next.ResolvedAt(now)) {
    if (old.ResolvedAt(now) && old.ends_at > next.ends_at) ends = old.ends_at;
  } else if (old.ends_at > next.ends_at && !old.timeout) {
    ends = old.ends_at;
  }
  if (old.starts_at < next.starts_at) next.starts_at = old.starts_at;
  next.ends_at = ends;
}

bool ShouldMerge(const Alert& old, const Alert& next) {
  return (next.ends_at > old.starts_at && next.ends_at < old.ends_at) ||
         (next.starts_at > old.starts_at && next.starts_at < old.ends_at);
}

bool LabelSetBefore(const promql::Labels& a, const promql::Labels& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  // Both are sorted by name: walk the union of names in order.
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    // The first name only one side has decides: a having it (and b not)
    // sorts a after b.
    if (j >= b.size() || (i < a.size() && a[i].name < b[j].name)) {
      return false;
    }
    if (i >= a.size() || b[j].name < a[i].name) return true;
    if (a[i].value != b[j].value) return a[i].value < b[j].value;
    ++i;
    ++j;
  }
  return false;
}

bool AlertLess(const Alert& a, const Alert& b) {
  for (std::string_view key : {"job", "instance"}) {
    bool ai = a.labels.Has(key), bi = b.labels.Has(key);
    if (!ai && !bi) continue;
    if (!ai) return false;
    if (!bi) return true;
    std::string_view av = a.labels.Get(key), bv = b.labels.Get(key);
    if (av != bv) return av < bv;
  }
  return LabelSetBefore(a.labels, b.labels);
}

Status PrepareAlert(Alert& alert, Time now, Duration resolve_timeout) {
  alert.updated_at = now;
  if (IsZero(alert.starts_at)) {
    alert.starts_at = IsZero(alert.ends_at) ? now : alert.ends_at;
  }
  if (IsZero(alert.ends_at)) {
    alert.timeout = true;
    alert.ends_at = now + resolve_timeout;
  }
  alert.ComputeFingerprint();
  if (!IsZero(alert.ends_at) && alert.ends_at < alert.starts_at) {
    return Status::InvalidArgument("start time must be before end time");
  }
  for (promql::LabelView l : alert.labels) {
    if (!ValidLabelName(l.name)) {
      return Status::InvalidArgument("invalid label set: invalid name " +
                                     promql::GoQuote(l.name));
    }
    if (!ValidUtf8(l.value)) {
      return Status::InvalidArgument("invalid label set: invalid value " +
                                     promql::GoQuote(l.value));
    }
  }
  if (alert.labels.empty()) {
    return Status::InvalidArgument("at least one label pair required");
  }
  for (const auto& [name, value] : alert.annotations) {
    if (!ValidLabelName(name)) {
      return Status::InvalidArgument("invalid annotations: invalid name " +
                                     promql::GoQuote(name));
    }
    if (!ValidUtf8(value)) {
      return Status::InvalidArgument("invalid annotations: invalid value " +
                                     promql::GoQuote(value));
    }
  }
  return Status::OK();
}

}  // namespace tocsin::notifiers
