#include "promql/labels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "promql/matcher.h"

namespace tocsin::promql {
namespace {

TEST(Labels, SortsDedupsAndDropsEmpty) {
  Labels l{{"b", "2"}, {"a", "1"}, {"c", ""}, {"a", "3"}};
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].name, "a");
  EXPECT_EQ(l[0].value, "3");
  EXPECT_EQ(l.Get("b"), "2");
  EXPECT_EQ(l.Get("c"), "");
  EXPECT_FALSE(l.Has("c"));
  EXPECT_EQ(l.ToString(), R"({a="3", b="2"})");
}

TEST(Labels, GetAndHasFindEveryPairAndNothingElse) {
  // Byte order: uppercase < "__name__" < lowercase.
  Labels l{{"Zone", "z"},
           {"__name__", "up"},
           {"a", "1"},
           {"job", "j"},
           {"zz", "last"}};
  struct Case {
    std::string_view name;
    std::string_view value;  // "" when absent
  };
  const Case cases[] = {
      {"Zone", "z"},  {"__name__", "up"}, {"a", "1"},  {"job", "j"},
      {"zz", "last"}, {"A", ""},          {"_", ""},   {"__name", ""},
      {"b", ""},      {"jobs", ""},       {"zzz", ""}, {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(l.Get(c.name), c.value) << c.name;
    EXPECT_EQ(l.Has(c.name), !c.value.empty()) << c.name;
  }
  EXPECT_FALSE(Labels().Has("a"));
  EXPECT_EQ(Labels().Get("a"), "");
}

TEST(Labels, EqualityAndHash) {
  Labels a{{"x", "1"}, {"y", "2"}};
  Labels b{{"y", "2"}, {"x", "1"}};
  Labels c{{"x", "1"}};
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.Hash(), b.Hash());
  EXPECT_NE(a, c);
  EXPECT_EQ(Labels(), Labels{});
  EXPECT_LT(Compare(c, a), 0);
  EXPECT_GT(Compare(a, c), 0);
}

TEST(Labels, EqualityComparesWherePairsSplit) {
  // The same characters, split into names and values differently.
  Labels a{{"ab", "c"}};
  Labels b{{"a", "bc"}};
  EXPECT_NE(a, b);
  EXPECT_NE(Compare(a, b), 0);
  EXPECT_EQ(a, (Labels{{"ab", "c"}}));
}

TEST(Labels, IsAValueWithSharedStorage) {
  Labels a{{"job", "api"}, {"instance", "host-1:9100"}};
  Labels copy = a;
  copy = copy;  // self-assignment keeps the set
  EXPECT_EQ(copy, a);
  Labels moved = std::move(copy);
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move)
  a = Labels();
  // The moved copy outlives the original's assignment.
  EXPECT_EQ(moved.Get("instance"), "host-1:9100");
  moved = std::move(moved);
  EXPECT_EQ(moved.size(), 2u);
  Labels empty;
  empty = moved;
  EXPECT_EQ(empty, moved);
}

TEST(Labels, IteratesPairsInNameOrder) {
  Labels l{{"c", "3"}, {"a", "1"}, {"b", ""}, {"bb", "2"}};
  std::vector<std::string> seen;
  for (LabelView p : l)
    seen.push_back(std::string(p.name) + "=" + std::string(p.value));
  EXPECT_EQ(seen, (std::vector<std::string>{"a=1", "bb=2", "c=3"}));
  EXPECT_EQ(l.end() - l.begin(), 3);
  EXPECT_EQ((*(l.begin() + 2)).name, "c");
  EXPECT_EQ(Labels().begin(), Labels().end());
  auto it = std::lower_bound(
      l.begin(), l.end(), std::string_view("bb"),
      [](LabelView p, std::string_view n) { return p.name < n; });
  EXPECT_EQ((*it).value, "2");
}

TEST(Labels, HashesForMatching) {
  Labels a{{"__name__", "m"}, {"job", "x"}, {"instance", "i1"}};
  Labels b{{"__name__", "n"}, {"job", "x"}, {"instance", "i2"}};
  std::vector<std::string> job{"job"};
  std::vector<std::string> instance{"instance"};
  EXPECT_EQ(a.HashForLabels(job), b.HashForLabels(job));
  EXPECT_NE(a.HashForLabels(instance), b.HashForLabels(instance));
  EXPECT_EQ(a.HashWithoutLabels(instance), b.HashWithoutLabels(instance));
  EXPECT_EQ(a.WithoutMetricName().ToString(), R"({instance="i1", job="x"})");
  EXPECT_EQ(a.Keep(job).ToString(), R"({job="x"})");
  EXPECT_EQ(a.Drop(job).ToString(), R"({__name__="m", instance="i1"})");
}

TEST(LabelsBuilder, SetAndDelete) {
  Labels base{{"a", "1"}, {"b", "2"}};
  Labels l =
      LabelsBuilder(base).Set("c", "3").Set("a", "").Set("b", "x").Build();
  EXPECT_EQ(l.ToString(), R"({b="x", c="3"})");
}

TEST(Matcher, FullyAnchoredRegex) {
  auto m = Matcher::Make(MatchType::kRegexMatch, "job", "api.*");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->Matches("api-server"));
  EXPECT_FALSE(m->Matches("my-api"));
  EXPECT_FALSE(m->MatchesEmpty());
  auto nm = Matcher::Make(MatchType::kRegexNoMatch, "job", "a|b");
  ASSERT_TRUE(nm.ok());
  EXPECT_TRUE(nm->Matches("ab"));
  EXPECT_FALSE(nm->Matches("a"));
  EXPECT_EQ(nm->ToString(), R"(job!~"a|b")");
  auto dot = Matcher::Make(MatchType::kRegexMatch, "x", "a.b");
  ASSERT_TRUE(dot.ok());
  EXPECT_FALSE(dot->Matches("a\nb"));
}

TEST(Matcher, BadRegexIsAnError) {
  auto m = Matcher::Make(MatchType::kRegexMatch, "job", "(");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(m.status().message().rfind("error parsing regexp: ", 0), 0u);
}

}  // namespace
}  // namespace tocsin::promql
