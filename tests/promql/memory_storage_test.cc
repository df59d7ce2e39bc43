#include "promql/memory_storage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "promql/value.h"

namespace tocsin::promql {
namespace {

Matcher M(MatchType type, std::string name, std::string value) {
  auto m = Matcher::Make(type, std::move(name), std::move(value));
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}
Matcher Eq(std::string n, std::string v) {
  return M(MatchType::kEqual, std::move(n), std::move(v));
}
Matcher Ne(std::string n, std::string v) {
  return M(MatchType::kNotEqual, std::move(n), std::move(v));
}
Matcher Re(std::string n, std::string v) {
  return M(MatchType::kRegexMatch, std::move(n), std::move(v));
}
Matcher Nre(std::string n, std::string v) {
  return M(MatchType::kRegexNoMatch, std::move(n), std::move(v));
}

void Load(MemoryStorage& s, const Labels& l, std::vector<int64_t> ts) {
  for (int64_t t : ts) {
    ASSERT_TRUE(s.Append(l, t, static_cast<double>(t) / 10).ok());
  }
}

// Six series over three metric names.
class MemoryStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Load(s_, {{"__name__", "up"}, {"job", "api"}, {"instance", "b"}},
         {0, 10, 20});
    Load(s_, {{"__name__", "up"}, {"job", "api"}, {"instance", "a"}},
         {0, 10, 20});
    Load(s_, {{"__name__", "up"}, {"job", "db"}, {"instance", "c"}}, {5, 15});
    Load(s_, {{"__name__", "http"}, {"job", "api"}, {"code", "200"}}, {100});
    Load(s_, {{"__name__", "http"}, {"job", "api"}, {"code", "500"}},
         {100, 200});
    Load(s_, {{"__name__", "other"}}, {50});
  }

  std::vector<std::string> Names(std::vector<Matcher> ms, int64_t mint = 0,
                                 int64_t maxt = 1000) {
    auto set = s_.Select(ms, mint, maxt);
    EXPECT_TRUE(set.ok());
    std::vector<std::string> out;
    for (const auto& ref : set->series) out.push_back(ref.labels.ToString());
    // SeriesLabels agrees with Select.
    std::vector<std::string> labels;
    for (const auto& l : s_.SeriesLabels(ms, mint, maxt)) {
      labels.push_back(l.ToString());
    }
    EXPECT_EQ(out, labels);
    return out;
  }

  MemoryStorage s_;
};

constexpr char kUpA[] = R"({__name__="up", instance="a", job="api"})";
constexpr char kUpB[] = R"({__name__="up", instance="b", job="api"})";
constexpr char kUpC[] = R"({__name__="up", instance="c", job="db"})";
constexpr char kH200[] = R"({__name__="http", code="200", job="api"})";
constexpr char kH500[] = R"({__name__="http", code="500", job="api"})";
constexpr char kOther[] = R"({__name__="other"})";

TEST_F(MemoryStorageTest, MatchersSelectSortedSeries) {
  struct Case {
    const char* name;
    std::vector<Matcher> matchers;
    std::vector<std::string> want;
  };
  std::vector<Case> cases = {
      {"metric name", {Eq("__name__", "up")}, {kUpA, kUpB, kUpC}},
      {"no matchers", {}, {kH200, kH500, kOther, kUpA, kUpB, kUpC}},
      {"and of equalities",
       {Eq("__name__", "up"), Eq("job", "api")},
       {kUpA, kUpB}},
      {"unknown value", {Eq("__name__", "nope")}, {}},
      {"unknown label", {Eq("zone", "x")}, {}},
      {"not equal", {Eq("__name__", "up"), Ne("instance", "a")}, {kUpB, kUpC}},
      {"not equal absent label matches", {Ne("job", "api")}, {kOther, kUpC}},
      {"regex", {Re("__name__", "u.|ht+p")}, {kH200, kH500, kUpA, kUpB, kUpC}},
      {"regex fully anchored", {Re("__name__", "p")}, {}},
      {"regex no match",
       {Eq("job", "api"), Nre("instance", "a|b")},
       {kH200, kH500}},
      {"empty equality means label absent",
       {Eq("code", "")},
       {kOther, kUpA, kUpB, kUpC}},
      {"not equal empty means label present", {Ne("code", "")}, {kH200, kH500}},
      {"regex matching empty includes absent",
       {Re("code", "5..|")},
       {kH500, kOther, kUpA, kUpB, kUpC}},
      {"dot star matches all",
       {Re("job", ".*")},
       {kH200, kH500, kOther, kUpA, kUpB, kUpC}},
      {"dot plus needs the label",
       {Re("job", ".+")},
       {kH200, kH500, kUpA, kUpB, kUpC}},
      {"contradiction", {Eq("job", "api"), Eq("job", "db")}, {}},
      {"negative regex on absent label",
       {Nre("zone", "x")},
       {kH200, kH500, kOther, kUpA, kUpB, kUpC}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Names(c.matchers), c.want) << c.name;
  }
}

TEST_F(MemoryStorageTest, TimeWindowNeedsASampleInside) {
  struct Case {
    int64_t mint, maxt;
    std::vector<std::string> want;
  };
  std::vector<Case> cases = {
      {0, 0, {kUpA, kUpB}},    {1, 4, {}},
      {5, 5, {kUpC}},          {16, 19, {}},
      {20, 20, {kUpA, kUpB}},  {21, 1000, {}},
      {-100, 0, {kUpA, kUpB}}, {0, 1000, {kUpA, kUpB, kUpC}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Names({Eq("__name__", "up")}, c.mint, c.maxt), c.want)
        << c.mint << ".." << c.maxt;
  }
}

TEST_F(MemoryStorageTest, SelectReturnsWholeColumns) {
  auto set = s_.Select(std::vector<Matcher>{Eq("code", "500")}, 150, 150);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->series.size(), 0u);
  set = s_.Select(std::vector<Matcher>{Eq("code", "500")}, 150, 250);
  ASSERT_EQ(set->series.size(), 1u);
  const SeriesRef& r = set->series[0];
  ASSERT_EQ(r.t.size(), 2u);
  EXPECT_EQ(r.t[0], 100);
  EXPECT_EQ(r.t[1], 200);
  EXPECT_DOUBLE_EQ(r.v[0], 10);
  EXPECT_DOUBLE_EQ(r.v[1], 20);
}

TEST_F(MemoryStorageTest, LabelNamesValuesAndCounts) {
  EXPECT_EQ(s_.LabelNames(),
            (std::vector<std::string>{"__name__", "code", "instance", "job"}));
  EXPECT_EQ(s_.LabelValues("__name__"),
            (std::vector<std::string>{"http", "other", "up"}));
  EXPECT_EQ(s_.LabelValues("job"), (std::vector<std::string>{"api", "db"}));
  EXPECT_TRUE(s_.LabelValues("zone").empty());
  EXPECT_EQ(s_.NumSeries(), 6u);
  EXPECT_EQ(s_.NumSamples(), 12u);
  EXPECT_EQ(s_.MinTime(), 0);
  EXPECT_EQ(s_.MaxTime(), 200);
  s_.Clear();
  EXPECT_EQ(s_.NumSeries(), 0u);
  EXPECT_EQ(s_.NumSamples(), 0u);
  EXPECT_EQ(s_.MinTime(), 0);
  EXPECT_EQ(s_.MaxTime(), 0);
  EXPECT_TRUE(s_.LabelNames().empty());
  EXPECT_TRUE(Names({}).empty());
}

TEST(MemoryStorage, AppendRejectsOutOfOrderAndDuplicates) {
  MemoryStorage s;
  Labels l{{"__name__", "x"}};
  ASSERT_TRUE(s.Append(l, 10, 1).ok());
  Status dup = s.Append(l, 10, 2);
  EXPECT_EQ(dup.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(dup.message(), "duplicate sample for timestamp");
  Status ooo = s.Append(l, 5, 2);
  EXPECT_EQ(ooo.message(), "out of order sample");
  EXPECT_EQ(s.NumSamples(), 1u);
  // Other series are independent.
  EXPECT_TRUE(s.Append(Labels{{"__name__", "y"}}, 5, 1).ok());
}

TEST(MemoryStorage, StalenessMarkersAreKept) {
  MemoryStorage s;
  Labels l{{"__name__", "x"}};
  ASSERT_TRUE(s.Append(l, 1, 1).ok());
  ASSERT_TRUE(s.Append(l, 2, StaleNaN()).ok());
  auto set = s.Select({}, 0, 10);
  ASSERT_EQ(set->series.size(), 1u);
  EXPECT_TRUE(IsStaleNaN(set->series[0].v[1]));
}

TEST(MemoryStorage, AppendBatchIsAllOrNothing) {
  MemoryStorage s;
  Labels a{{"__name__", "a"}};
  Labels b{{"__name__", "b"}};
  ASSERT_TRUE(s.Append(a, 100, 1).ok());

  std::vector<MemoryStorage::SeriesColumns> bad;
  bad.push_back({b, {1, 2, 3}, {1, 2, 3}});
  bad.push_back({a, {50, 150}, {1, 2}});  // 50 is before the stored 100
  size_t failed = 99;
  Status st = s.AppendBatch(std::move(bad), &failed);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(st.message(), R"(out of order sample for series {__name__="a"})");
  EXPECT_EQ(failed, 1u);
  EXPECT_EQ(s.NumSeries(), 1u);
  EXPECT_EQ(s.NumSamples(), 1u);

  struct Case {
    std::vector<int64_t> t;
    std::string message;
  };
  std::vector<Case> cases = {
      {{1, 1}, "duplicate sample for timestamp"},
      {{3, 2}, "out of order sample"},
  };
  for (const auto& c : cases) {
    std::vector<MemoryStorage::SeriesColumns> batch;
    batch.push_back({b, c.t, std::vector<double>(c.t.size())});
    EXPECT_EQ(s.AppendBatch(std::move(batch)).message(),
              c.message + R"( for series {__name__="b"})");
  }

  // Two entries for one series apply in order; the second must follow.
  std::vector<MemoryStorage::SeriesColumns> twice;
  twice.push_back({b, {1, 2}, {1, 2}});
  twice.push_back({b, {2, 3}, {2, 3}});
  EXPECT_FALSE(s.AppendBatch(std::move(twice)).ok());
  EXPECT_EQ(s.NumSeries(), 1u);

  std::vector<MemoryStorage::SeriesColumns> good;
  good.push_back({b, {1, 2}, {1, 2}});
  good.push_back({b, {3}, {3}});
  good.push_back({a, {200}, {2}});
  ASSERT_TRUE(s.AppendBatch(std::move(good)).ok());
  EXPECT_EQ(s.NumSeries(), 2u);
  EXPECT_EQ(s.NumSamples(), 5u);
  EXPECT_EQ(s.MinTime(), 1);
  EXPECT_EQ(s.MaxTime(), 200);
  auto set = s.Select({}, 0, 1000);
  ASSERT_EQ(set->series.size(), 2u);
  EXPECT_EQ(
      std::vector<int64_t>(set->series[0].t.begin(), set->series[0].t.end()),
      (std::vector<int64_t>{100, 200}));
  EXPECT_EQ(
      std::vector<int64_t>(set->series[1].t.begin(), set->series[1].t.end()),
      (std::vector<int64_t>{1, 2, 3}));
}

TEST(MemoryStorage, SealSharesIdenticalTimestamps) {
  MemoryStorage s;
  for (int i = 0; i < 4; ++i) {
    Labels l{{"__name__", "m"}, {"i", std::to_string(i)}};
    // Series 0..2 share timestamps; series 3 has one more sample.
    int n = i == 3 ? 11 : 10;
    for (int k = 0; k < n; ++k) ASSERT_TRUE(s.Append(l, k * 15000, i).ok());
  }
  auto before = s.Select({}, 0, 1'000'000);
  EXPECT_NE(before->series[0].t.data(), before->series[1].t.data());
  s.Seal();
  auto set = s.Select({}, 0, 1'000'000);
  ASSERT_EQ(set->series.size(), 4u);
  EXPECT_EQ(set->series[0].t.data(), set->series[1].t.data());
  EXPECT_EQ(set->series[0].t.data(), set->series[2].t.data());
  EXPECT_NE(set->series[0].t.data(), set->series[3].t.data());
  EXPECT_DOUBLE_EQ(set->series[2].v[0], 2);

  // Appending to a series whose timestamps are shared copies them first.
  Labels l1{{"__name__", "m"}, {"i", "1"}};
  ASSERT_TRUE(s.Append(l1, 10 * 15000, 7).ok());
  set = s.Select({}, 0, 1'000'000);
  EXPECT_EQ(set->series[0].t.size(), 10u);
  EXPECT_EQ(set->series[1].t.size(), 11u);
  EXPECT_EQ(set->series[2].t.size(), 10u);
  EXPECT_EQ(set->series[0].t.data(), set->series[2].t.data());
  EXPECT_NE(set->series[0].t.data(), set->series[1].t.data());
  // Sealing again shares series 1 with series 3 (same 11 timestamps).
  s.Seal();
  set = s.Select({}, 0, 1'000'000);
  EXPECT_EQ(set->series[1].t.data(), set->series[3].t.data());
}

TEST(MemoryStorage, SealSharesIdenticalValuesBitForBit) {
  MemoryStorage s;
  const std::vector<double> kValues[] = {
      {1, 1, 1},   {1, 1, 1},          {0, 0, 0},         {-0.0, 0, 0},
      {NAN, 1, 1}, {StaleNaN(), 1, 1}, {StaleNaN(), 1, 1}};
  for (size_t i = 0; i < std::size(kValues); ++i) {
    Labels l{{"__name__", "m"}, {"i", std::to_string(i)}};
    for (size_t k = 0; k < 3; ++k) {
      ASSERT_TRUE(s.Append(l, static_cast<int64_t>(k), kValues[i][k]).ok());
    }
  }
  s.Seal();
  auto set = s.Select({}, 0, 10);
  ASSERT_EQ(set->series.size(), std::size(kValues));
  auto v = [&](size_t i) { return set->series[i].v.data(); };
  EXPECT_EQ(v(0), v(1));  // constant ones
  EXPECT_NE(v(0), v(2));
  EXPECT_NE(v(2), v(3));  // -0 is not +0
  EXPECT_NE(v(4), v(5));  // a NaN is not a staleness marker
  EXPECT_EQ(v(5), v(6));
  EXPECT_TRUE(IsStaleNaN(set->series[6].v[0]));

  // Appending to one sharer leaves the other alone.
  ASSERT_TRUE(s.Append(Labels{{"__name__", "m"}, {"i", "0"}}, 3, 5).ok());
  set = s.Select({}, 0, 10);
  EXPECT_EQ(set->series[0].v.size(), 4u);
  EXPECT_EQ(set->series[0].v[3], 5);
  EXPECT_EQ(set->series[1].v.size(), 3u);
}

// Select agrees with filtering every series by hand, for small and large
// selections alike.
TEST(MemoryStorage, SelectAgreesWithBruteForce) {
  MemoryStorage s;
  std::vector<Labels> all;
  uint32_t x = 12345;
  auto next = [&x] { return x = x * 1103515245 + 12345, (x >> 16) % 1000; };
  for (int i = 0; i < 400; ++i) {
    std::vector<Label> ls{{"__name__", "m" + std::to_string(next() % 5)},
                          {"a", std::to_string(next() % 20)}};
    if (next() % 3) ls.push_back({"b", std::to_string(next() % 4)});
    Labels l = Labels::FromVector(ls);
    if (s.Append(l, next() % 100, 1).ok()) all.push_back(l);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  const std::vector<std::vector<Matcher>> queries = {
      {Eq("a", "7")},
      {Eq("__name__", "m1"), Re("a", "1.")},
      {Eq("__name__", "m2"), Eq("a", "3"), Ne("b", "1")},
      {Re("__name__", "m[0-3]"), Nre("a", "1.*")},
      {Eq("b", "")},
      {Re("b", "2|")},
      {Ne("a", "0")},
  };
  for (const auto& q : queries) {
    std::vector<std::string> want;
    for (const Labels& l : all) {
      bool match = true;
      for (const Matcher& m : q) match = match && m.Matches(l);
      if (match) want.push_back(l.ToString());
    }
    std::vector<std::string> got;
    for (const Labels& l : s.SeriesLabels(q, 0, 100)) {
      got.push_back(l.ToString());
    }
    EXPECT_EQ(got, want) << q[0].ToString();
  }
}

TEST(MemoryStorage, ConcurrentReadersSeeTheSameResult) {
  MemoryStorage s;
  for (int i = 0; i < 500; ++i) {
    Labels l{{"__name__", "m"},
             {"i", std::to_string(499 - i)},
             {"odd", i % 2 ? "1" : "0"}};
    ASSERT_TRUE(s.Append(l, 0, i).ok());
  }
  std::vector<Matcher> ms{Eq("odd", "1"), Re("i", "1.*")};
  std::vector<std::thread> threads;
  std::vector<size_t> counts(8);
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      for (int r = 0; r < 20; ++r) {
        auto set = s.Select(ms, 0, 0);
        for (size_t j = 1; j < set->series.size(); ++j) {
          EXPECT_LT(Compare(set->series[j - 1].labels, set->series[j].labels),
                    0);
        }
        counts[k] = set->series.size();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (size_t c : counts) EXPECT_EQ(c, counts[0]);
  EXPECT_GT(counts[0], 0u);
}

}  // namespace
}  // namespace tocsin::promql
