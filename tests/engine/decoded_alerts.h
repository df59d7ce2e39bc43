// A text form of decoded alerts that names every field a decoder sets, so
// that two decoders agree exactly when their texts are equal (and a failed
// comparison shows where they differ). Shared by the decoder's test and its
// fuzz target.

#ifndef TOCSIN_TESTS_ENGINE_DECODED_ALERTS_H_
#define TOCSIN_TESTS_ENGINE_DECODED_ALERTS_H_

#include <string>
#include <vector>

#include "notifiers/alert.h"

namespace tocsin::engine {

inline std::string DescribeDecodedAlerts(
    const std::vector<notifiers::Alert>& alerts) {
  std::string s;
  for (const notifiers::Alert& a : alerts) {
    s += "{labels=" + a.labels.ToString() + " annotations=";
    for (const auto& [k, v] : a.annotations)
      s.append(k).append("=").append(v).append(";");
    s += " starts=" + std::to_string(notifiers::UnixNanos(a.starts_at)) +
         " ends=" + std::to_string(notifiers::UnixNanos(a.ends_at)) +
         " url=" + std::string(a.generator_url.view()) +
         " timeout=" + std::to_string(a.timeout) +
         " fp=" + std::to_string(a.fingerprint) + "}\n";
  }
  return s;
}

}  // namespace tocsin::engine

#endif  // TOCSIN_TESTS_ENGINE_DECODED_ALERTS_H_
