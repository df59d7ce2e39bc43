#include "datasource/range_cache.h"

#include <gtest/gtest.h>

namespace tocsin::datasource {
namespace {

// A fetched answer: series with samples every 15 s in [from, to].
struct Fetched {
  std::vector<promql::Labels> labels;
  std::vector<std::vector<int64_t>> t;
  std::vector<std::vector<double>> v;

  void Add(promql::Labels l, int64_t from, int64_t to) {
    labels.push_back(std::move(l));
    t.emplace_back();
    v.emplace_back();
    for (int64_t x = from; x <= to; x += 15000) {
      t.back().push_back(x);
      v.back().push_back(static_cast<double>(x / 1000));
    }
  }
  promql::SeriesSet Set() const {
    promql::SeriesSet s;
    for (size_t i = 0; i < labels.size(); ++i) {
      s.series.push_back({labels[i], t[i], v[i]});
    }
    return s;
  }
};

std::vector<int64_t> Times(const promql::SeriesRef& s) {
  return std::vector<int64_t>(s.t.begin(), s.t.end());
}

TEST(RangeCacheTest, MergesKeptAndNewSamplesInLabelOrder) {
  RangeCache cache(/*overlap_ms=*/30000);
  const std::string key = "{__name__=\"x\"}[5m]";
  EXPECT_EQ(cache.FetchFrom(key, 0, 300000), 0);  // nothing cached
  Fetched first;
  first.Add({{"__name__", "x"}, {"i", "b"}}, 0, 300000);
  first.Add({{"__name__", "x"}, {"i", "c"}}, 0, 120000);  // ends at 2m
  auto w1 = cache.Merge(key, 0, 300000, 0, first.Set());
  ASSERT_EQ(w1.series.size(), 2u);

  // One minute later: only [4m30s, 6m] is fetched; series "a" is new.
  const int64_t from = cache.FetchFrom(key, 60000, 360000);
  EXPECT_EQ(from, 270000);
  Fetched second;
  second.Add({{"__name__", "x"}, {"i", "b"}}, 270000, 360000);
  second.Add({{"__name__", "x"}, {"i", "a"}}, 330000, 360000);
  w1 = {};  // the previous evaluation's result is gone: updated in place
  auto w2 = cache.Merge(key, 60000, 360000, from, second.Set());
  ASSERT_EQ(w2.series.size(), 3u);
  EXPECT_EQ(w2.series[0].labels.Get("i"), "a");
  EXPECT_EQ(w2.series[1].labels.Get("i"), "b");
  EXPECT_EQ(w2.series[2].labels.Get("i"), "c");
  // b: kept 1m..4m15s, fetched 4m30s..6m, every 15 s without a gap.
  std::vector<int64_t> want;
  for (int64_t x = 60000; x <= 360000; x += 15000) want.push_back(x);
  EXPECT_EQ(Times(w2.series[1]), want);
  EXPECT_EQ(Times(w2.series[2]).front(), 60000);
  EXPECT_EQ(Times(w2.series[2]).back(), 120000);
  EXPECT_EQ(Times(w2.series[0]), (std::vector<int64_t>{330000, 345000, 360000}));

  // Four minutes on: c has left the window, a stopped (nothing new, its
  // kept samples lie in the re-read overlap).
  Fetched third;
  third.Add({{"__name__", "x"}, {"i", "b"}}, 330000, 600000);
  auto w3 = cache.Merge(key, 300000, 600000,
                        cache.FetchFrom(key, 300000, 600000), third.Set());
  ASSERT_EQ(w3.series.size(), 1u);
  EXPECT_EQ(w3.series[0].labels.Get("i"), "b");
  EXPECT_EQ(Times(w3.series[0]).front(), 300000);
  // w2 still holds its own view: the cache copied instead of changing it.
  EXPECT_EQ(Times(w2.series[2]).front(), 60000);
}

TEST(RangeCacheTest, FetchesWholeWhenTheCacheCannotHelp) {
  RangeCache cache(30000);
  const std::string key = "k";
  Fetched f;
  f.Add({{"__name__", "x"}}, 600000, 900000);
  (void)cache.Merge(key, 600000, 900000, 600000, f.Set());
  EXPECT_EQ(cache.FetchFrom(key, 600000, 900000), 600000);  // not later
  EXPECT_EQ(cache.FetchFrom(key, 500000, 960000), 500000);  // wider window
  EXPECT_EQ(cache.FetchFrom(key, 890000, 1200000), 890000);  // no overlap
  EXPECT_EQ(cache.FetchFrom(key, 660000, 960000), 870000);
  cache.Sweep();  // used since the last sweep: kept
  EXPECT_EQ(cache.FetchFrom(key, 660000, 960000), 870000);
  cache.Sweep();  // not used since: dropped
  EXPECT_EQ(cache.FetchFrom(key, 660000, 960000), 660000);
}

}  // namespace
}  // namespace tocsin::datasource
