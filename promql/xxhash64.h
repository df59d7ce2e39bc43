// XXH64, the hash behind Prometheus's labels.Labels.Hash() and
// Alertmanager's alert hashes. tocsin needs the very same hash where its
// results are visible: the evaluation slot of a rule group, alert hashes in
// the notification log, inhibition's equal-label keys. Pure and thread-safe.

#ifndef TOCSIN_PROMQL_XXHASH64_H_
#define TOCSIN_PROMQL_XXHASH64_H_

#include <cstdint>
#include <string_view>

#include "promql/labels.h"

namespace tocsin::promql {

uint64_t XXHash64(std::string_view data, uint64_t seed = 0);

// labels.Labels.Hash() of Prometheus: XXH64 over name, 0xff, value, 0xff for
// each label in order.
uint64_t PrometheusLabelsHash(const Labels& labels);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_XXHASH64_H_
