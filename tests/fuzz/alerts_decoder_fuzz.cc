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
#include "tests/engine/decoded_alerts.h"

using tocsin::engine::DecodeCommonPostableAlerts;
using tocsin::engine::DecodePostableAlertsDocument;
using tocsin::engine::DescribeDecodedAlerts;
using tocsin::notifiers::Alert;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<Alert> fast;
  bool took = DecodeCommonPostableAlerts(body, &fast);
  // The general decoder runs on every body, so that it is fuzzed too.
  std::vector<Alert> general;
  auto error = DecodePostableAlertsDocument(body, &general);
  if (!took) {
    if (!fast.empty()) std::abort();
    return 0;
  }
  if (error.has_value()) std::abort();
  if (DescribeDecodedAlerts(fast) != DescribeDecodedAlerts(general)) {
    std::abort();
  }
  return 0;
}
