#include "notifiers/nflog.h"

#include <algorithm>
#include <unordered_set>

#include "notifiers/record_codec.h"

namespace tocsin::notifiers {
namespace {

bool IsSubset(const std::vector<uint64_t>& set,
              const std::vector<uint64_t>& subset) {
  std::unordered_set<uint64_t> s(set.begin(), set.end());
  for (uint64_t h : subset) {
    if (s.count(h) == 0) return false;
  }
  return true;
}

}  // namespace

std::string NflogReceiver::Key() const {
  return group_name + "/" + integration + "/" + std::to_string(idx);
}

bool NflogEntry::IsFiringSubset(const std::vector<uint64_t>& subset) const {
  return IsSubset(firing_alerts, subset);
}

bool NflogEntry::IsResolvedSubset(const std::vector<uint64_t>& subset) const {
  return IsSubset(resolved_alerts, subset);
}

NotificationLog::NotificationLog(const Clock* clock, Duration retention)
    : clock_(clock), retention_(retention) {}

std::string NotificationLog::StateKey(const std::string& group_key,
                                      const NflogReceiver& r) {
  return group_key + ":" + r.Key();
}

Status NotificationLog::Open(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  Time now = clock_->Now();
  auto log = DurableLog::Open(dir, "nflog", [&](std::string_view rec) {
    NflogEntry e;
    if (Decode(rec, &e)) MergeLocked(std::move(e), now);
  });
  if (!log.ok()) return log.status();
  log_ = std::move(log).value();
  return Status::OK();
}

bool NotificationLog::MergeLocked(NflogEntry e, Time now) {
  std::string key = StateKey(e.group_key, e.receiver);
  auto it = st_.find(key);
  if (it != st_.end() && e.timestamp < it->second.timestamp) return false;
  if (e.expires_at < now) {
    if (it != st_.end()) st_.erase(it);
    return false;
  }
  st_[key] = std::move(e);
  return true;
}

Status NotificationLog::Log(const NflogReceiver& r,
                            const std::string& group_key,
                            std::vector<uint64_t> firing,
                            std::vector<uint64_t> resolved, Duration expiry) {
  Time now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto prev = st_.find(StateKey(group_key, r));
  if (prev != st_.end() && prev->second.timestamp > now) return Status::OK();
  Time expires_at = now + retention_;
  if (expiry > Duration::zero() && retention_ > expiry)
    expires_at = now + expiry;
  NflogEntry e{group_key,           r,         now, std::move(firing),
               std::move(resolved), expires_at};
  if (log_ != nullptr) {
    Status s = log_->Append(Encode(e));
    if (!s.ok()) return s;
  }
  MergeLocked(std::move(e), now);
  return Status::OK();
}

std::optional<NflogEntry> NotificationLog::Query(const std::string& group_key,
                                                 const NflogReceiver& r) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = st_.find(StateKey(group_key, r));
  if (it == st_.end()) return std::nullopt;
  return it->second;
}

std::vector<NflogEntry> NotificationLog::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<NflogEntry> out;
  for (const auto& [k, e] : st_) out.push_back(e);
  return out;
}

size_t NotificationLog::GC() {
  Time now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
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

Status NotificationLog::Compact() {
  GC();
  std::lock_guard<std::mutex> lock(mu_);
  if (log_ == nullptr) return Status::OK();
  std::vector<std::string> records;
  for (const auto& [k, e] : st_) records.push_back(Encode(e));
  return log_->Snapshot(records);
}

std::string NotificationLog::Encode(const NflogEntry& e) {
  RecordWriter w;
  w.Varint(1);
  w.String(e.group_key);
  w.String(e.receiver.group_name);
  w.String(e.receiver.integration);
  w.Varint(e.receiver.idx);
  w.SignedVarint(UnixNanos(e.timestamp));
  w.SignedVarint(UnixNanos(e.expires_at));
  w.Varint(e.firing_alerts.size());
  for (uint64_t h : e.firing_alerts) w.Fixed64(h);
  w.Varint(e.resolved_alerts.size());
  for (uint64_t h : e.resolved_alerts) w.Fixed64(h);
  return w.Take();
}

bool NotificationLog::Decode(std::string_view rec, NflogEntry* e) {
  RecordReader r(rec);
  uint64_t version = 0, idx = 0, n = 0;
  int64_t ts = 0, expires = 0;
  if (!r.Varint(&version) || version != 1) return false;
  r.String(&e->group_key);
  r.String(&e->receiver.group_name);
  r.String(&e->receiver.integration);
  r.Varint(&idx);
  r.SignedVarint(&ts);
  r.SignedVarint(&expires);
  for (auto* list : {&e->firing_alerts, &e->resolved_alerts}) {
    if (!r.Varint(&n) || n > rec.size()) return false;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t h = 0;
      if (!r.Fixed64(&h)) return false;
      list->push_back(h);
    }
  }
  if (!r.ok()) return false;
  e->receiver.idx = static_cast<uint32_t>(idx);
  e->timestamp = FromUnixNanos(ts);
  e->expires_at = FromUnixNanos(expires);
  return true;
}

}  // namespace tocsin::notifiers
