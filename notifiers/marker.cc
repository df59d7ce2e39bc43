#include "notifiers/marker.h"

namespace tocsin::notifiers {

const char* AlertStateName(AlertState s) {
  switch (s) {
    case AlertState::kUnprocessed:
      return "unprocessed";
    case AlertState::kActive:
      return "active";
    case AlertState::kSuppressed:
      return "suppressed";
  }
  return "unprocessed";
}

// Sets the state from the lists, and drops them when all are empty.
void Marker::Settle(Entry& e) {
  bool suppressed = e.lists && (!e.lists->silenced_by.empty() ||
                                !e.lists->inhibited_by.empty());
  e.state = suppressed ? AlertState::kSuppressed : AlertState::kActive;
  if (e.lists && e.lists->empty()) e.lists.reset();
}

void Marker::SetActiveOrSilenced(uint64_t fp, int version,
                                 std::vector<std::string> active_ids,
                                 std::vector<std::string> pending_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = m_[fp];
  if (!e.lists && (!active_ids.empty() || !pending_ids.empty())) {
    e.lists = std::make_unique<Lists>();
  }
  if (e.lists) {
    e.lists->silenced_by = std::move(active_ids);
    e.lists->pending_silences = std::move(pending_ids);
  }
  e.silences_version = version;
  Settle(e);
}

void Marker::SetInhibited(uint64_t fp, std::vector<std::string> ids) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = m_[fp];
  if (!e.lists && !ids.empty()) e.lists = std::make_unique<Lists>();
  if (e.lists) e.lists->inhibited_by = std::move(ids);
  Settle(e);
}

AlertStatus Marker::Status(uint64_t fp) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = m_.find(fp);
  if (it == m_.end()) return AlertStatus();
  AlertStatus s;
  s.state = it->second.state;
  s.silences_version = it->second.silences_version;
  if (const Lists* l = it->second.lists.get()) {
    s.silenced_by = l->silenced_by;
    s.inhibited_by = l->inhibited_by;
    s.pending_silences = l->pending_silences;
  }
  return s;
}

void Marker::Delete(uint64_t fp) {
  std::lock_guard<std::mutex> lock(mu_);
  m_.erase(fp);
}

size_t Marker::Count(AlertState state) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [fp, e] : m_) {
    if (e.state == state) ++n;
  }
  return n;
}

}  // namespace tocsin::notifiers
