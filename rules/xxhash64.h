// XXH64 (seed 0), the hash Prometheus's labels.Labels.Hash() uses. Tocsin
// needs the very same hash where its results are visible, such as the
// evaluation slot of a rule group. Pure and thread-safe.

#ifndef TOCSIN_RULES_XXHASH64_H_
#define TOCSIN_RULES_XXHASH64_H_

#include <cstdint>
#include <string_view>

#include "promql/labels.h"

namespace tocsin::rules {

uint64_t XXHash64(std::string_view data);

// labels.Labels.Hash() of Prometheus: XXH64 over name, 0xff, value, 0xff for
// each label in order.
uint64_t PrometheusLabelsHash(const promql::Labels& labels);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_XXHASH64_H_
