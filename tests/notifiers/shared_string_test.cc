#include "notifiers/shared_string.h"

#include <gtest/gtest.h>

#include <string>

namespace tocsin::notifiers {
namespace {

TEST(SharedString, CopiesAndReusesShareCharacters) {
  SharedString url = "http://prometheus:9090/graph?g0.expr=up";
  SharedString copy = url;
  EXPECT_EQ(copy.view().data(), url.view().data());
  EXPECT_EQ(url.Reuse("http://prometheus:9090/graph?g0.expr=up").view().data(),
            url.view().data());
  SharedString other = url.Reuse("http://other:9090/");
  EXPECT_EQ(other.view(), "http://other:9090/");
  EXPECT_NE(other, url);
  EXPECT_EQ(SharedString(std::string("x")), SharedString("x"));
  EXPECT_TRUE(SharedString("").empty());
  EXPECT_EQ(SharedString().view(), "");
}

}  // namespace
}  // namespace tocsin::notifiers
