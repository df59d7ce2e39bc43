#include "promql/xxhash64.h"

#include <gtest/gtest.h>

#include <string>

namespace tocsin::promql {
namespace {

TEST(XXHash64, KnownValues) {
  struct KnownHash {
    std::string_view data;
    uint64_t hash;
  };
  // Inputs below and above the 32-byte block size and with 8/4/1-byte tails.
  const KnownHash cases[] = {
      {"", 0xEF46DB3751D8E999ULL},
      {"a", 0xD24EC4F1A98C6E5BULL},
      {"abc", 0x44BC2CF5AD770999ULL},
      {"Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1ULL},
  };
  for (const KnownHash& c : cases) {
    EXPECT_EQ(XXHash64(c.data), c.hash) << c.data;
  }
}

TEST(XXHash64, SeedChangesTheHash) {
  for (std::string_view data : {"", "abc", "Nobody inspects the spammish"}) {
    EXPECT_NE(XXHash64(data, 1), XXHash64(data)) << data;
    EXPECT_EQ(XXHash64(data, 1), XXHash64(data, 1)) << data;
  }
}

TEST(XXHash64, PrometheusLabelsHashIsXXHash64OfThePairs) {
  Labels l{{"name", "sergas_critical"}, {"file", "alerts.yml"}};
  EXPECT_EQ(PrometheusLabelsHash(l),
            XXHash64(std::string("file\xff") + "alerts.yml\xff" + "name\xff" +
                     "sergas_critical\xff"));
  EXPECT_EQ(PrometheusLabelsHash(Labels()), XXHash64(""));
}

}  // namespace
}  // namespace tocsin::promql
