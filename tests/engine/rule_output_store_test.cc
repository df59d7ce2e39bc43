#include "engine/rule_output_store.h"

#include <gtest/gtest.h>

#include "engine/layered_queryable.h"
#include "promql/memory_storage.h"

namespace tocsin::engine {
namespace {

promql::Matcher Eq(std::string name, std::string value) {
  return *promql::Matcher::Make(promql::MatchType::kEqual, std::move(name),
                                std::move(value));
}

TEST(RuleOutputStoreTest, AppendsFollowTheTsdbRules) {
  RuleOutputStore store(3600 * 1000);
  promql::Labels l{{"__name__", "x"}};
  EXPECT_TRUE(store.Append(l, 1000, 1).ok());
  EXPECT_TRUE(store.Append(l, 2000, 2).ok());
  EXPECT_EQ(store.Append(l, 1500, 3).message(), "out of order sample");
  EXPECT_EQ(store.Append(l, 2000, 3).message(),
            "duplicate sample for timestamp");
  EXPECT_TRUE(store.Append(l, 2000, 2).ok());  // same value: ignored
  EXPECT_TRUE(store.Append(l, 3000, promql::StaleNaN()).ok());
  auto set = store.Select(std::vector{Eq("__name__", "x")}, 0, 10000);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->series.size(), 1u);
  const auto& s = set->series[0];
  ASSERT_EQ(s.t.size(), 3u);
  EXPECT_EQ(s.v[1], 2);
  EXPECT_TRUE(promql::IsStaleNaN(s.v[2]));
}

TEST(RuleOutputStoreTest, SelectCopiesTheWindowOfMatchingSeries) {
  RuleOutputStore store(3600 * 1000);
  for (int64_t t = 0; t < 10; ++t) {
    ASSERT_TRUE(store.Append({{"__name__", "a"}, {"k", "1"}}, t * 1000, t).ok());
    ASSERT_TRUE(store.Append({{"__name__", "a"}, {"k", "2"}}, t * 1000, -t).ok());
  }
  auto set = store.Select(std::vector{Eq("k", "2")}, 3000, 5000);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->series.size(), 1u);
  EXPECT_EQ(set->series[0].labels.Get("k"), "2");
  EXPECT_EQ(std::vector<int64_t>(set->series[0].t.begin(),
                                 set->series[0].t.end()),
            (std::vector<int64_t>{3000, 4000, 5000}));
  // The copy stays valid while the store changes.
  for (int64_t t = 10; t < 200; ++t) {
    ASSERT_TRUE(store.Append({{"__name__", "a"}, {"k", "2"}}, t * 1000, t).ok());
  }
  EXPECT_EQ(set->series[0].v[0], -3);
  EXPECT_TRUE(store.Select(std::vector{Eq("k", "3")}, 0, 1e9)->series.empty());
}

TEST(RuleOutputStoreTest, OldSamplesAndSeriesLeaveAfterTheRetention) {
  RuleOutputStore store(/*retention_ms=*/10000);
  promql::Labels old{{"__name__", "old"}};
  promql::Labels live{{"__name__", "live"}};
  ASSERT_TRUE(store.Append(old, 0, 1).ok());
  for (int64_t t = 0; t <= 100; ++t) {
    ASSERT_TRUE(store.Append(live, t * 1000, t).ok());
  }
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_EQ(store.NumSeries(), 1u);
  auto set = store.Select(std::vector{Eq("__name__", "live")}, 0, 1000000);
  ASSERT_EQ(set->series.size(), 1u);
  EXPECT_LE(set->series[0].t.front(), 90000);  // at least the retention kept
  EXPECT_GE(set->series[0].t.front(), 40000);  // and old samples dropped
}

TEST(RuleOutputStoreTest, CommitHandsTheNewSamplesToTheSink) {
  std::vector<std::vector<promql::Sample>> batches;
  RuleOutputStore store(60000, [&](const std::vector<promql::Sample>& b) {
    batches.push_back(b);
  });
  ASSERT_TRUE(store.Append({{"__name__", "a"}}, 1000, 1).ok());
  ASSERT_TRUE(store.Append({{"__name__", "b"}}, 1000, 2).ok());
  ASSERT_TRUE(store.Commit().ok());
  ASSERT_TRUE(store.Commit().ok());  // nothing new: no call
  ASSERT_TRUE(store.Append({{"__name__", "a"}}, 2000, 3).ok());
  ASSERT_TRUE(store.Commit().ok());
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].size(), 2u);
  EXPECT_EQ(batches[1][0].v, 3);
}

TEST(LayeredQueryableTest, RuleOutputsShadowTheDatasourceByMetricName) {
  promql::MemoryStorage datasource;
  ASSERT_TRUE(datasource.Append({{"__name__", "up"}, {"job", "a"}}, 1000, 1).ok());
  ASSERT_TRUE(datasource.Append({{"__name__", "job:up"}, {"job", "a"}}, 1000, 7).ok());
  RuleOutputStore outputs(60000);
  ASSERT_TRUE(outputs.Append({{"__name__", "job:up"}, {"job", "a"}}, 1000, 1).ok());
  ASSERT_TRUE(outputs.Append({{"__name__", "ALERTS"}, {"job", "a"}}, 1000, 1).ok());
  auto names = std::make_shared<LocalNames>(LocalNames{"job:up", "ALERTS"});
  LayeredQueryable q(&datasource, &outputs, names);

  auto local = q.Select(std::vector{Eq("__name__", "job:up")}, 0, 2000);
  ASSERT_EQ(local->series.size(), 1u);
  EXPECT_EQ(local->series[0].v[0], 1);  // the rule's value, not the datasource's

  auto remote = q.Select(std::vector{Eq("__name__", "up")}, 0, 2000);
  ASSERT_EQ(remote->series.size(), 1u);

  // Without a metric name: both layers, each series once.
  auto both = q.Select(std::vector{Eq("job", "a")}, 0, 2000);
  ASSERT_EQ(both->series.size(), 3u);
  for (const auto& s : both->series) {
    if (s.labels.Get("__name__") == "job:up") {
      EXPECT_EQ(s.v[0], 1);
    }
  }
  EXPECT_EQ(LayerFor(std::vector{Eq("job", "a")}, LocalNames{}),
            Layer::kDatasource);
}

}  // namespace
}  // namespace tocsin::engine
