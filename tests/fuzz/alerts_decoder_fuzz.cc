// Fuzzes the single-pass decoder of POST /api/v2/alerts bodies against the
// general (document) decoder: a body it accepts must decode to exactly the
// alerts the general decoder produces, and a body it declines it must leave
// to the general decoder with nothing decoded. Any other outcome aborts.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/am_api_json.h"
#include "engine/postable_alerts_decoder.h"

namespace {

using tocsin::notifiers::Alert;

bool SameAlert(const Alert& a, const Alert& b) {
  return a.labels == b.labels && a.annotations == b.annotations &&
         a.starts_at == b.starts_at && a.ends_at == b.ends_at &&
         a.generator_url == b.generator_url && a.timeout == b.timeout &&
         a.fingerprint == b.fingerprint;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<Alert> fast;
  bool took = tocsin::engine::DecodeCommonPostableAlerts(body, &fast);
  std::vector<Alert> general;
  auto error = tocsin::engine::DecodePostableAlertsDocument(body, &general);
  if (!took) {
    if (!fast.empty()) std::abort();
    return 0;
  }
  if (error.has_value() || fast.size() != general.size()) std::abort();
  for (size_t i = 0; i < fast.size(); ++i) {
    if (!SameAlert(fast[i], general[i])) std::abort();
  }
  return 0;
}
