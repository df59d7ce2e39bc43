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

void Marker::SetActiveOrSilenced(uint64_t fp, int version,
                                 std::vector<std::string> active_ids,
                                 std::vector<std::string> pending_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  AlertStatus& s = m_[fp];
  s.silenced_by = std::move(active_ids);
  s.pending_silences = std::move(pending_ids);
  s.silences_version = version;
  s.state = s.silenced_by.empty() && s.inhibited_by.empty()
                ? AlertState::kActive
                : AlertState::kSuppressed;
}

void Marker::SetInhibited(uint64_t fp, std::vector<std::string> ids) {
  std::lock_guard<std::mutex> lock(mu_);
  AlertStatus& s = m_[fp];
  s.inhibited_by = std::move(ids);
  s.state = s.silenced_by.empty() && s.inhibited_by.empty()
                ? AlertState::kActive
                : AlertState::kSuppressed;
}

AlertStatus Marker::Status(uint64_t fp) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = m_.find(fp);
  if (it == m_.end()) return AlertStatus();
  return it->second;
}

void Marker::Delete(uint64_t fp) {
  std::lock_guard<std::mutex> lock(mu_);
  m_.erase(fp);
}

size_t Marker::Count(AlertState state) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [fp, s] : m_) {
    if (s.state == state) ++n;
  }
  return n;
}

}  // namespace tocsin::notifiers
