// Engine-level behaviour that the PromQL scripts cannot show: result types
// of instant and range queries, the windows selectors fetch, limits,
// timeouts and storage failures.

#include "promql/engine.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace tocsin::promql {
namespace {

// A Queryable over a few series that records every Select.
class FakeQueryable : public Queryable {
 public:
  struct Stored {
    Labels labels;
    std::vector<int64_t> t;
    std::vector<double> v;
  };
  struct Call {
    int64_t mint, maxt;
    SelectHints hints;
  };

  void Add(Labels labels, int64_t step_ms, std::vector<double> values) {
    Stored s{std::move(labels), {}, std::move(values)};
    for (size_t i = 0; i < s.v.size(); ++i) {
      s.t.push_back(static_cast<int64_t>(i) * step_ms);
    }
    stored_.push_back(std::move(s));
  }

  Result<SeriesSet> Select(std::span<const Matcher> matchers, int64_t mint,
                           int64_t maxt) override {
    return Select(matchers, mint, maxt, SelectHints());
  }

  Result<SeriesSet> Select(std::span<const Matcher> matchers, int64_t mint,
                           int64_t maxt, const SelectHints& hints) override {
    calls.push_back({mint, maxt, hints});
    if (!fail_with.ok()) return fail_with;
    SeriesSet set;
    for (const Stored& s : stored_) {
      bool match = true;
      for (const Matcher& m : matchers) match = match && m.Matches(s.labels);
      if (match) set.series.push_back({s.labels, s.t, s.v});
    }
    std::sort(set.series.begin(), set.series.end(),
              [](const SeriesRef& a, const SeriesRef& b) {
                return a.labels < b.labels;
              });
    return set;
  }

  std::vector<Call> calls;
  Status fail_with;

 private:
  std::vector<Stored> stored_;
};

constexpr int64_t kMinute = 60'000;

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    // Two counters scraped every minute for 20 minutes.
    std::vector<double> a, b;
    for (int i = 0; i <= 20; ++i) {
      a.push_back(i * 60.0);
      b.push_back(i * 120.0);
    }
    q_.Add({{"__name__", "http_total"}, {"job", "b"}}, kMinute, b);
    q_.Add({{"__name__", "http_total"}, {"job", "a"}}, kMinute, a);
  }

  FakeQueryable q_;
  Engine engine_;
};

TEST_F(EngineTest, InstantResultTypes) {
  auto scalar = engine_.Instant(q_, "1 + 2", 0);
  ASSERT_TRUE(scalar.ok()) << scalar.status().message();
  EXPECT_EQ(std::get<Scalar>(*scalar).v, 3);

  auto str = engine_.Instant(q_, "\"hello\"", 5000);
  ASSERT_TRUE(str.ok());
  EXPECT_EQ(std::get<String>(*str).s, "hello");
  EXPECT_EQ(std::get<String>(*str).t, 5000);

  auto vec = engine_.Instant(q_, "http_total", 10 * kMinute);
  ASSERT_TRUE(vec.ok());
  const Vector& v = std::get<Vector>(*vec);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].metric.Get("job"), "a");
  EXPECT_EQ(v[0].v, 600);
  EXPECT_EQ(v[0].t, 10 * kMinute);

  auto mat = engine_.Instant(q_, "http_total{job=\"a\"}[3m]", 10 * kMinute);
  ASSERT_TRUE(mat.ok());
  const Matrix& m = std::get<Matrix>(*mat);
  ASSERT_EQ(m.size(), 1u);
  // Both ends of the window are included.
  ASSERT_EQ(m[0].points.size(), 4u);
  EXPECT_EQ(m[0].points.front().t, 7 * kMinute);
  EXPECT_EQ(m[0].points.back().t, 10 * kMinute);
}

TEST_F(EngineTest, RangeQueryIsSortedByLabels) {
  auto r = engine_.Range(q_, "rate(http_total[5m])", 5 * kMinute,
                         10 * kMinute, kMinute);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Matrix& m = std::get<Matrix>(*r);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].metric.ToString(), "{job=\"a\"}");
  EXPECT_EQ(m[1].metric.ToString(), "{job=\"b\"}");
  ASSERT_EQ(m[0].points.size(), 6u);
  for (const Point& p : m[0].points) EXPECT_DOUBLE_EQ(p.v, 1.0);
  for (const Point& p : m[1].points) EXPECT_DOUBLE_EQ(p.v, 2.0);
}

TEST_F(EngineTest, RangeQueryRejectsRangeVectorsAndBadSteps) {
  auto r = engine_.Range(q_, "http_total[5m]", 0, kMinute, kMinute);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "invalid expression type \"range vector\" for range query, must "
            "be Scalar or instant Vector");
  auto s = engine_.Range(q_, "http_total", 0, kMinute, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kInvalidArgument);
}

TEST_F(EngineTest, SelectorsFetchTheWindowsTheyRead) {
  struct Case {
    const char* query;
    int64_t mint, maxt;
  } cases[] = {
      {"http_total", 5 * kMinute, 10 * kMinute},
      {"http_total offset 2m", 3 * kMinute, 8 * kMinute},
      {"rate(http_total[3m])", 7 * kMinute, 10 * kMinute},
      {"http_total @ 240", -1 * kMinute, 4 * kMinute},
      {"max_over_time(http_total[4m:1m])", 1 * kMinute, 10 * kMinute},
  };
  for (const Case& c : cases) {
    q_.calls.clear();
    auto r = engine_.Instant(q_, c.query, 10 * kMinute);
    ASSERT_TRUE(r.ok()) << c.query << ": " << r.status().message();
    ASSERT_EQ(q_.calls.size(), 1u) << c.query;
    EXPECT_EQ(q_.calls[0].mint, c.mint) << c.query;
    EXPECT_EQ(q_.calls[0].maxt, c.maxt) << c.query;
  }
}

// The hints say at which reference times a selector is read.
TEST_F(EngineTest, SelectHintsDescribeTheReads) {
  struct Case {
    const char* query;
    bool range_query;
    SelectHints want;
  } cases[] = {
      {"http_total", false, {10 * kMinute, 10 * kMinute, 0, 0, 5 * kMinute}},
      {"http_total offset 2m", true,
       {3 * kMinute, 8 * kMinute, kMinute, 0, 5 * kMinute}},
      {"rate(http_total[3m])", true,
       {5 * kMinute, 10 * kMinute, kMinute, 3 * kMinute, 0}},
      {"http_total @ 240", true,
       {4 * kMinute, 4 * kMinute, 0, 0, 5 * kMinute}},
      // A subquery reads at its own aligned steps.
      {"max_over_time(http_total[4m:2m])", false,
       {6 * kMinute, 10 * kMinute, 2 * kMinute, 0, 5 * kMinute}},
      {"timestamp(http_total)", false,
       {10 * kMinute, 10 * kMinute, 0, 0, 5 * kMinute, true}},
  };
  for (const Case& c : cases) {
    q_.calls.clear();
    auto r = c.range_query ? engine_.Range(q_, c.query, 5 * kMinute,
                                           10 * kMinute, kMinute)
                           : engine_.Instant(q_, c.query, 10 * kMinute);
    ASSERT_TRUE(r.ok()) << c.query << ": " << r.status().message();
    ASSERT_EQ(q_.calls.size(), 1u) << c.query;
    const SelectHints& h = q_.calls[0].hints;
    EXPECT_EQ(h.first_ref, c.want.first_ref) << c.query;
    EXPECT_EQ(h.last_ref, c.want.last_ref) << c.query;
    EXPECT_EQ(h.step, c.want.step) << c.query;
    EXPECT_EQ(h.range, c.want.range) << c.query;
    EXPECT_EQ(h.lookback, c.want.lookback) << c.query;
    EXPECT_EQ(h.sample_timestamps, c.want.sample_timestamps) << c.query;
  }
}

TEST_F(EngineTest, AtModifierIsTheSameAtEveryStep) {
  auto r = engine_.Range(q_, "http_total{job=\"a\"} @ 300", 0, 20 * kMinute,
                         5 * kMinute);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Matrix& m = std::get<Matrix>(*r);
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].points.size(), 5u);
  for (const Point& p : m[0].points) EXPECT_EQ(p.v, 300);
}

TEST_F(EngineTest, SampleLimit) {
  EngineOptions options;
  options.max_samples = 10;
  Engine limited(options);
  auto r = limited.Range(q_, "http_total", 0, 20 * kMinute, kMinute);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kExecution);
  EXPECT_EQ(r.status().message(),
            "query processing would load too many samples into memory in "
            "query execution");
  auto ok = limited.Instant(q_, "sum(http_total)", 10 * kMinute);
  EXPECT_TRUE(ok.ok());
}

TEST_F(EngineTest, Timeout) {
  EngineOptions options;
  options.timeout = std::chrono::milliseconds(-1);
  Engine expired(options);
  auto r = expired.Instant(q_, "http_total", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kTimeout);
  EXPECT_EQ(r.status().message(), "query timed out in expression evaluation");
}

TEST_F(EngineTest, StorageFailureKeepsItsCode) {
  q_.fail_with = Status::Unavailable("connection refused");
  auto r = engine_.Instant(q_, "sum(http_total)", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(r.status().message(), "expanding series: connection refused");
}

TEST_F(EngineTest, ParseErrorsAreInvalidArgument) {
  auto r = engine_.Instant(q_, "sum(", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
}

TEST_F(EngineTest, EvaluationErrorsAreExecutionErrors) {
  // Both series have the same labels once the metric name is gone.
  auto r = engine_.Instant(q_, "http_total + on() http_total", 10 * kMinute);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kExecution);
}

}  // namespace
}  // namespace tocsin::promql
