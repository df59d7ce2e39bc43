#include "rules/alert.h"

#include "promql/go_format.h"

namespace tocsin::rules {

const char* AlertStateName(AlertState state) {
  switch (state) {
    case AlertState::kInactive:
      return "inactive";
    case AlertState::kPending:
      return "pending";
    case AlertState::kFiring:
      return "firing";
  }
  return "unknown";
}

bool Alert::NeedsSending(int64_t ts, int64_t resend_delay_ms) const {
  if (state == AlertState::kPending) return false;
  if (resolved_at > last_sent_at) return true;
  return last_sent_at + resend_delay_ms < ts;
}

std::string AnnotationsString(const Annotations& annotations) {
  std::string out = "{";
  for (size_t i = 0; i < annotations.size(); ++i) {
    if (i > 0) out += ", ";
    out += annotations[i].name;
    out += '=';
    out += promql::GoQuote(annotations[i].value);
  }
  out += '}';
  return out;
}

}  // namespace tocsin::rules
