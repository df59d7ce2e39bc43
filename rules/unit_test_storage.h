// UnitTestStorage: the storage one rule unit test evaluates against.
//
// It holds the test's input series, of which only the samples up to the
// current evaluation time are visible (promtool loads input samples lazily,
// up to each evaluation time, so an `@` or negative offset cannot see
// later input), and everything the rules write (recorded series, ALERTS,
// ALERTS_FOR_STATE, staleness markers), appended with TSDB semantics (see
// appender.h). Input and written series are kept apart; a rule that writes
// a series with exactly the labels of an input series is not supported.
//
// Not thread-safe: one test evaluates on one thread.

#ifndef TOCSIN_RULES_UNIT_TEST_STORAGE_H_
#define TOCSIN_RULES_UNIT_TEST_STORAGE_H_

#include <cstdint>
#include <memory>

#include "promql/memory_storage.h"
#include "rules/appender.h"

namespace tocsin::rules {

class UnitTestStorage : public promql::Queryable, public SampleAppender {
 public:
  // `input` holds the input series (sealed or not); it is not modified.
  explicit UnitTestStorage(std::unique_ptr<promql::MemoryStorage> input);

  // Makes the samples at or before `t_ms` visible (input and written
  // series alike: a rule evaluated at t must not see what later
  // evaluations will write).
  void SetVisibleUntil(int64_t t_ms) { visible_until_ = t_ms; }
  int64_t visible_until() const { return visible_until_; }

  Result<promql::SeriesSet> Select(std::span<const promql::Matcher> matchers,
                                   int64_t mint, int64_t maxt) override;

  Status Append(const promql::Labels& labels, int64_t t, double v) override;
  Status Commit() override { return Status::OK(); }

 private:
  std::unique_ptr<promql::MemoryStorage> input_;
  promql::MemoryStorage output_;
  int64_t visible_until_ = 0;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_UNIT_TEST_STORAGE_H_
