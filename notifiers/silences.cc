#include "notifiers/silences.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "notifiers/alert.h"
#include "notifiers/record_codec.h"
#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

bool MatchesEmpty(const SilenceMatcher& m) {
  switch (m.type) {
    case MatchType::kEqual:
      return m.pattern.empty();
    case MatchType::kRegexMatch: {
      RE2::Options o;
      o.set_log_errors(false);
      RE2 re(m.pattern, o);
      return re.ok() && RE2::PartialMatch("", re);
    }
    default:
      return false;
  }
}

Status ValidateSilence(const Silence& s) {
  auto invalid = [](std::string m) {
    return Status::InvalidArgument("silence invalid: " + m);
  };
  if (s.id.empty()) return invalid("ID missing");
  if (s.matchers.empty()) return invalid("at least one matcher required");
  bool all_match_empty = true;
  for (size_t i = 0; i < s.matchers.size(); ++i) {
    Status st = ValidateSilenceMatcher(s.matchers[i]);
    if (!st.ok()) {
      return invalid("invalid label matcher " + std::to_string(i) + ": " +
                     st.message());
    }
    all_match_empty = all_match_empty && MatchesEmpty(s.matchers[i]);
  }
  if (all_match_empty) {
    return invalid("at least one matcher must not match the empty string");
  }
  if (IsZero(s.starts_at)) return invalid("invalid zero start timestamp");
  if (IsZero(s.ends_at)) return invalid("invalid zero end timestamp");
  if (s.ends_at < s.starts_at) {
    return invalid("end time must not be before start time");
  }
  if (IsZero(s.updated_at)) return invalid("invalid zero update timestamp");
  return Status::OK();
}

bool CanUpdate(const Silence& a, const Silence& b, Time now) {
  if (a.matchers != b.matchers) return false;
  switch (SilenceStateAt(a, now)) {
    case SilenceState::kActive:
      if (UnixSeconds(b.starts_at) != UnixSeconds(a.starts_at)) return false;
      return !(b.ends_at < now);
    case SilenceState::kPending:
      return !(b.starts_at < now);
    case SilenceState::kExpired:
      return false;
  }
  return false;
}

Result<Matchers> Compile(const std::vector<SilenceMatcher>& ms) {
  Matchers out;
  for (const SilenceMatcher& m : ms) {
    auto c = Matcher::Make(m.type, m.name, m.pattern);
    if (!c.ok()) return c.status();
    out.push_back(std::move(c).value());
  }
  return out;
}

}  // namespace

const char* SilenceStateName(SilenceState s) {
  switch (s) {
    case SilenceState::kExpired:
      return "expired";
    case SilenceState::kActive:
      return "active";
    case SilenceState::kPending:
      return "pending";
  }
  return "expired";
}

SilenceState SilenceStateAt(const Silence& s, Time now) {
  if (now < s.starts_at) return SilenceState::kPending;
  if (now > s.ends_at) return SilenceState::kExpired;
  return SilenceState::kActive;
}

Status ValidateSilenceMatcher(const SilenceMatcher& m) {
  if (!ValidLabelName(m.name)) {
    return Status::InvalidArgument("invalid label name " +
                                   promql::GoQuote(m.name));
  }
  switch (m.type) {
    case MatchType::kEqual:
    case MatchType::kNotEqual:
      if (!ValidUtf8(m.pattern)) {
        return Status::InvalidArgument("invalid label value " +
                                       promql::GoQuote(m.pattern));
      }
      break;
    case MatchType::kRegexMatch:
    case MatchType::kRegexNoMatch: {
      Status re = CheckGoRegexp(m.pattern);
      if (!re.ok()) {
        return Status::InvalidArgument("invalid regular expression " +
                                       promql::GoQuote(m.pattern) + ": " +
                                       re.message());
      }
      break;
    }
  }
  return Status::OK();
}

std::string NewUuid() {
  static std::mutex mu;
  static std::mt19937_64 rng(std::random_device{}());
  uint64_t hi, lo;
  {
    std::lock_guard<std::mutex> lock(mu);
    hi = rng();
    lo = rng();
  }
  hi = (hi & ~0xF000ULL) | 0x4000ULL;              // version 4
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

Silences::Silences(const Clock* clock, Duration retention)
    : clock_(clock), retention_(retention) {}

Status Silences::Open(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  Time now = clock_->Now();
  auto log = DurableLog::Open(dir, "silences", [&](std::string_view rec) {
    Entry e;
    if (Decode(rec, &e)) MergeLocked(std::move(e), now);
  });
  if (!log.ok()) return log.status();
  log_ = std::move(log).value();
  ++version_;
  return Status::OK();
}

bool Silences::MergeLocked(Entry e, Time now) {
  auto it = st_.find(e.silence.id);
  bool newer = it == st_.end() ||
               !(e.silence.updated_at < it->second.silence.updated_at);
  if (!newer) return false;
  if (e.expires_at < now) {
    // The newest version is past its retention: the silence is gone.
    if (it != st_.end()) st_.erase(it);
    return false;
  }
  std::string id = e.silence.id;
  st_[id] = std::move(e);
  return true;
}

Status Silences::SetLocked(Silence s, Time now) {
  s.updated_at = now;
  Status v = ValidateSilence(s);
  if (!v.ok()) return v;
  auto compiled = Compile(s.matchers);
  if (!compiled.ok()) {
    return Status::InvalidArgument("silence invalid: " +
                                   compiled.status().message());
  }
  Entry e{std::move(s), std::move(compiled).value(), Time()};
  e.expires_at = e.silence.ends_at + retention_;
  if (log_ != nullptr) {
    Status w = log_->Append(Encode(e));
    if (!w.ok()) return w;
  }
  if (MergeLocked(std::move(e), now)) ++version_;
  return Status::OK();
}

Status Silences::ExpireLocked(const std::string& id, Time now) {
  auto it = st_.find(id);
  if (it == st_.end()) return Status::NotFound("silence not found");
  Silence s = it->second.silence;
  switch (SilenceStateAt(s, now)) {
    case SilenceState::kExpired:
      return Status::OK();
    case SilenceState::kActive:
      s.ends_at = now;
      break;
    case SilenceState::kPending:
      s.starts_at = now;
      s.ends_at = now;
      break;
  }
  return SetLocked(std::move(s), now);
}

Result<std::string> Silences::Set(Silence s) {
  std::lock_guard<std::mutex> lock(mu_);
  Time now = clock_->Now();
  auto prev = st_.find(s.id);
  if (!s.id.empty() && prev == st_.end()) {
    return Status::NotFound("silence not found");
  }
  if (prev != st_.end()) {
    if (CanUpdate(prev->second.silence, s, now)) {
      std::string id = s.id;
      Status st = SetLocked(std::move(s), now);
      if (!st.ok()) return st;
      return id;
    }
    if (SilenceStateAt(prev->second.silence, now) != SilenceState::kExpired) {
      Status st = ExpireLocked(prev->first, now);
      if (!st.ok()) {
        return Status::WithCode(st.code(),
                                "expire previous silence: " + st.message());
      }
    }
  }
  s.id = NewUuid();
  if (s.starts_at < now) s.starts_at = now;
  std::string id = s.id;
  Status st = SetLocked(std::move(s), now);
  if (!st.ok()) return st;
  return id;
}

Status Silences::Expire(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  return ExpireLocked(id, clock_->Now());
}

Result<Silence> Silences::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = st_.find(id);
  if (it == st_.end()) return Status::NotFound("silence not found");
  return it->second.silence;
}

std::vector<Silence> Silences::Query(const SilenceQuery& q) const {
  std::lock_guard<std::mutex> lock(mu_);
  Time now = clock_->Now();
  std::vector<const Entry*> candidates;
  if (q.ids) {
    for (const std::string& id : *q.ids) {
      auto it = st_.find(id);
      if (it != st_.end()) candidates.push_back(&it->second);
    }
  } else {
    for (const auto& [id, e] : st_) candidates.push_back(&e);
  }
  std::vector<Silence> out;
  for (const Entry* e : candidates) {
    if (!q.states.empty() &&
        std::find(q.states.begin(), q.states.end(),
                  SilenceStateAt(e->silence, now)) == q.states.end()) {
      continue;
    }
    if (q.matches != nullptr && !MatchesAll(e->compiled, *q.matches)) continue;
    out.push_back(e->silence);
  }
  return out;
}

int Silences::Version() const {
  std::lock_guard<std::mutex> lock(mu_);
  return version_;
}

size_t Silences::CountState(SilenceState s) const {
  SilenceQuery q;
  q.states = {s};
  return Query(q).size();
}

size_t Silences::GC() {
  std::lock_guard<std::mutex> lock(mu_);
  Time now = clock_->Now();
  size_t n = 0;
  for (auto it = st_.begin(); it != st_.end();) {
    if (!(it->second.expires_at > now)) {
      it = st_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

Status Silences::Compact() {
  std::vector<std::string> records;
  std::lock_guard<std::mutex> lock(mu_);
  if (log_ == nullptr) return Status::OK();
  for (const auto& [id, e] : st_) records.push_back(Encode(e));
  return log_->Snapshot(records);
}

std::string Silences::Encode(const Entry& e) {
  RecordWriter w;
  w.Varint(1);  // format version
  w.String(e.silence.id);
  w.SignedVarint(UnixNanos(e.silence.starts_at));
  w.SignedVarint(UnixNanos(e.silence.ends_at));
  w.SignedVarint(UnixNanos(e.silence.updated_at));
  w.SignedVarint(UnixNanos(e.expires_at));
  w.String(e.silence.created_by);
  w.String(e.silence.comment);
  w.Varint(e.silence.matchers.size());
  for (const SilenceMatcher& m : e.silence.matchers) {
    w.Varint(static_cast<uint64_t>(m.type));
    w.String(m.name);
    w.String(m.pattern);
  }
  return w.Take();
}

bool Silences::Decode(std::string_view rec, Entry* e) {
  RecordReader r(rec);
  uint64_t version = 0, n = 0;
  int64_t starts = 0, ends = 0, updated = 0, expires = 0;
  if (!r.Varint(&version) || version != 1) return false;
  r.String(&e->silence.id);
  r.SignedVarint(&starts);
  r.SignedVarint(&ends);
  r.SignedVarint(&updated);
  r.SignedVarint(&expires);
  r.String(&e->silence.created_by);
  r.String(&e->silence.comment);
  r.Varint(&n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    SilenceMatcher m;
    uint64_t type = 0;
    r.Varint(&type);
    r.String(&m.name);
    r.String(&m.pattern);
    if (type > 3) return false;
    m.type = static_cast<MatchType>(type);
    e->silence.matchers.push_back(std::move(m));
  }
  if (!r.ok()) return false;
  e->silence.starts_at = FromUnixNanos(starts);
  e->silence.ends_at = FromUnixNanos(ends);
  e->silence.updated_at = FromUnixNanos(updated);
  e->expires_at = FromUnixNanos(expires);
  auto compiled = Compile(e->silence.matchers);
  if (!compiled.ok()) return false;
  e->compiled = std::move(compiled).value();
  return true;
}

bool Silencer::Mutes(const promql::Labels& labels) {
  uint64_t fp = LabelsFingerprint(labels);
  AlertStatus status = marker_->Status(fp);
  int version = silences_->Version();
  std::vector<Silence> sils;
  SilenceQuery q;
  q.states = {SilenceState::kActive, SilenceState::kPending};
  if (status.silences_version == version) {
    if (status.silenced_by.empty() && status.pending_silences.empty()) {
      return false;
    }
    std::vector<std::string> ids = status.silenced_by;
    ids.insert(ids.end(), status.pending_silences.begin(),
               status.pending_silences.end());
    q.ids = std::move(ids);
  } else {
    q.matches = &labels;
  }
  sils = silences_->Query(q);
  if (sils.empty()) {
    marker_->SetActiveOrSilenced(fp, version, {}, {});
    return false;
  }
  std::vector<std::string> active, pending;
  Time now = silences_->clock().Now();
  for (const Silence& s : sils) {
    switch (SilenceStateAt(s, now)) {
      case SilenceState::kActive:
        active.push_back(s.id);
        break;
      case SilenceState::kPending:
        pending.push_back(s.id);
        break;
      default:
        break;
    }
  }
  std::sort(active.begin(), active.end());
  std::sort(pending.begin(), pending.end());
  bool muted = !active.empty();
  marker_->SetActiveOrSilenced(fp, version, std::move(active),
                               std::move(pending));
  return muted;
}

}  // namespace tocsin::notifiers
