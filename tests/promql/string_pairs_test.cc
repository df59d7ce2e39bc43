#include "promql/string_pairs.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace tocsin::promql {
namespace {

TEST(StringPairs, SortsByNameLastPairWinsEmptyValuesKept) {
  StringPairs p{{"summary", "a"}, {"description", ""}, {"summary", "b"}};
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], (LabelView{"description", ""}));
  EXPECT_EQ(p[1], (LabelView{"summary", "b"}));
  EXPECT_TRUE(p.Has("description"));
  EXPECT_EQ(p.Get("summary"), "b");
  EXPECT_FALSE(p.Has("runbook"));
  EXPECT_EQ(p.Get("runbook"), "");
}

TEST(StringPairs, SortPairsByNameKeepsTheLastOfEachName) {
  std::vector<Label> v{{"b", "1"}, {"a", "1"}, {"b", "2"},
                       {"a", "2"}, {"c", "1"}, {"b", "3"}};
  SortPairsByName(v);
  EXPECT_EQ(v, (std::vector<Label>{{"a", "2"}, {"b", "3"}, {"c", "1"}}));
  std::vector<Label> empty;
  SortPairsByName(empty);
  EXPECT_TRUE(empty.empty());
}

TEST(StringPairs, EqualListsHaveEqualHashes) {
  StringPairs a{{"x", "1"}, {"y", ""}};
  StringPairs b =
      StringPairs::FromSorted(std::vector<LabelView>{{"x", "1"}, {"y", ""}});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.Hash(), b.Hash());
  EXPECT_NE(a, (StringPairs{{"x", "1"}}));
  EXPECT_NE(a, StringPairs());
  EXPECT_EQ(StringPairs(), StringPairs::FromSorted(std::vector<Label>{}));
}

// The hash stands for the list in the engine's series maps: lists that
// differ only in where one string ends and the next begins, or in padding
// bytes, must not hash alike.
TEST(StringPairs, ListsThatDifferInTheirSplitsHashApart) {
  const std::vector<StringPairs> lists = {
      {{"ab", "c"}},
      {{"a", "bc"}},
      {{"abc", ""}},
      {{"a", ""}, {"b", "c"}},
      {{"a", "b"}, {"c", ""}},
      {{"12345678", ""}},
      {{"", "12345678"}},
      {{"1234567", std::string("8\0", 2)}},
      {{"1234567", "8"}},
      {{"instance", "host-1:9100"}},
      {{"instance", "host-1:9101"}},
      StringPairs(),
  };
  for (size_t i = 0; i < lists.size(); ++i) {
    for (size_t j = i + 1; j < lists.size(); ++j) {
      EXPECT_NE(lists[i].Hash(), lists[j].Hash()) << i << " vs " << j;
    }
  }
}

TEST(StringPairs, CopiesShareStorageThatOutlivesTheOriginal) {
  std::string long_value(1000, 'v');
  auto original =
      std::make_unique<StringPairs>(StringPairs{{"description", long_value}});
  StringPairs copy = *original;
  std::string_view view = copy.Get("description");
  original.reset();
  EXPECT_EQ(view, long_value);
  copy = copy;
  EXPECT_EQ(copy.Get("description"), long_value);
}

}  // namespace
}  // namespace tocsin::promql
