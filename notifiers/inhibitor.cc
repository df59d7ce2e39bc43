#include "notifiers/inhibitor.h"

#include <algorithm>
#include <utility>

#include "promql/xxhash64.h"

namespace tocsin::notifiers {

Inhibitor::Inhibitor(const std::vector<InhibitRuleConfig>& rules,
                     Marker* marker)
    : marker_(marker) {
  for (const InhibitRuleConfig& c : rules) {
    Rule r;
    r.source = c.source_matchers;
    r.target = c.target_matchers;
    r.equal = c.equal;
    std::sort(r.equal.begin(), r.equal.end());
    r.equal.erase(std::unique(r.equal.begin(), r.equal.end()), r.equal.end());
    rules_.push_back(std::move(r));
  }
}

uint64_t Inhibitor::Rule::EqualHash(const promql::Labels& labels) const {
  std::string b;
  for (const std::string& n : equal) {
    b += labels.Get(n);
    b += '\xff';
  }
  return promql::XXHash64(b);
}

void Inhibitor::OnAlerts(const std::vector<AlertPtr>& alerts) {
  // The rules' matchers never change: match before the lock.
  struct Source {
    Rule* rule;
    const AlertPtr* alert;
    uint64_t equal_hash;
  };
  std::vector<Source> matched;
  for (Rule& r : rules_) {
    for (const AlertPtr& a : alerts) {
      if (MatchesAll(r.source, a->labels)) {
        matched.push_back({&r, &a, r.EqualHash(a->labels)});
      }
    }
  }
  if (matched.empty()) return;
  std::vector<AlertPtr> replaced;  // released after the lock
  replaced.reserve(matched.size());
  std::lock_guard<std::mutex> lock(mu_);
  for (const Source& s : matched) {
    const AlertPtr& a = *s.alert;
    auto [it, inserted] = s.rule->sources.try_emplace(a->fingerprint, a);
    if (inserted) {
      s.rule->by_equal[s.equal_hash].insert(a->fingerprint);
    } else if (Supersedes(*a, *it->second)) {
      replaced.push_back(std::exchange(it->second, a));
    }
  }
}

bool Inhibitor::Mutes(const promql::Labels& labels, Time now) {
  uint64_t fp = LabelsFingerprint(labels);
  std::lock_guard<std::mutex> lock(mu_);
  for (Rule& r : rules_) {
    if (!MatchesAll(r.target, labels)) continue;
    bool two_sided = MatchesAll(r.source, labels);
    auto bucket = r.by_equal.find(r.EqualHash(labels));
    if (bucket == r.by_equal.end()) continue;
    for (uint64_t source_fp : bucket->second) {
      const AlertPtr& s = r.sources.at(source_fp);
      if (s->ResolvedAt(now)) continue;
      bool equal = std::all_of(r.equal.begin(), r.equal.end(),
                               [&](const std::string& n) {
                                 return s->labels.Get(n) == labels.Get(n);
                               });
      if (!equal) continue;
      if (two_sided && MatchesAll(r.target, s->labels)) continue;
      if (marker_ != nullptr) {
        marker_->SetInhibited(fp, {FingerprintString(source_fp)});
      }
      return true;
    }
  }
  if (marker_ != nullptr) marker_->SetInhibited(fp, {});
  return false;
}

void Inhibitor::GC(Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  for (Rule& r : rules_) {
    for (auto it = r.sources.begin(); it != r.sources.end();) {
      if (it->second->ResolvedAt(now)) {
        auto bucket = r.by_equal.find(r.EqualHash(it->second->labels));
        if (bucket != r.by_equal.end()) {
          bucket->second.erase(it->first);
          if (bucket->second.empty()) r.by_equal.erase(bucket);
        }
        it = r.sources.erase(it);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace tocsin::notifiers
