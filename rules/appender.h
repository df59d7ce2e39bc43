// SampleAppender: where a rule group writes what its rules return.
//
// Appends follow Prometheus's TSDB: samples of a series come in time order;
// a sample older than the series' newest fails with "out of order sample",
// one at the newest sample's time with a different value with "duplicate
// sample for timestamp" (the same value is accepted and ignored). Commit
// makes one rule's samples visible to the rules after it. Implementations
// define their own thread-safety; a Group calls them from one thread.

#ifndef TOCSIN_RULES_APPENDER_H_
#define TOCSIN_RULES_APPENDER_H_

#include <cstdint>
#include <string_view>

#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::rules {

inline constexpr std::string_view kErrOutOfOrderSample = "out of order sample";
inline constexpr std::string_view kErrDuplicateSample =
    "duplicate sample for timestamp";
inline constexpr std::string_view kErrTooOldSample = "too old sample";

class SampleAppender {
 public:
  virtual ~SampleAppender() = default;
  virtual Status Append(const promql::Labels& labels, int64_t t, double v) = 0;
  virtual Status Commit() = 0;
};

// True for the errors that mean "the storage already has this or newer
// data" (out of order, duplicate, too old): a staleness marker that meets
// them is dropped silently.
inline bool IsOutOfOrderError(const Status& s) {
  return s.message() == kErrOutOfOrderSample ||
         s.message() == kErrDuplicateSample || s.message() == kErrTooOldSample;
}

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_APPENDER_H_
