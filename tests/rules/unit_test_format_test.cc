// The texts of promtool's unit-test output: Go durations, 'E' floats,
// label sets and alert lists (expected strings from Go / promtool).

#include "rules/unit_test_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tocsin::rules {
namespace {

TEST(GoDurationString, MatchesGo) {
  const std::pair<int64_t, const char*> cases[] = {
      {0, "0s"},
      {1, "1ms"},
      {500, "500ms"},
      {1000, "1s"},
      {1500, "1.5s"},
      {1250, "1.25s"},
      {60000, "1m0s"},
      {90000, "1m30s"},
      {3600000, "1h0m0s"},
      {5430000, "1h30m30s"},
      {86400000, "24h0m0s"},
      {-60000, "-1m0s"},
      {61001, "1m1.001s"},
  };
  for (const auto& [ms, want] : cases) EXPECT_EQ(GoDurationString(ms), want);
}

TEST(FormatFloatE, MatchesStrconv) {
  const std::pair<double, const char*> cases[] = {
      {2, "2E+00"},
      {1.5, "1.5E+00"},
      {0, "0E+00"},
      {-3.25e-7, "-3.25E-07"},
      {1234567, "1.234567E+06"},
      {1e100, "1E+100"},
      {0.1, "1E-01"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::nan(""), "NaN"},
  };
  for (const auto& [v, want] : cases) EXPECT_EQ(FormatFloatE(v), want);
}

TEST(LabelLists, StringAndOrder) {
  LabelList a{{"a", "x\"y"}, {"b", ""}};
  EXPECT_EQ(LabelListString(a), "{a=\"x\\\"y\", b=\"\"}");
  LabelList b{{"a", "x\"y"}};
  EXPECT_GT(CompareLabelLists(a, b), 0);
  EXPECT_LT(CompareLabelLists(b, a), 0);
  EXPECT_EQ(CompareLabelLists(a, a), 0);
  EXPECT_LT(CompareLabelLists({{"a", "1"}}, {{"b", "0"}}), 0);
}

TEST(AlertListString, AsPromtoolPrintsIt) {
  EXPECT_EQ(AlertListString({}), "[]");
  std::vector<LabelsAndAnnotations> alerts{
      {{{"alertname", "A"}, {"job", "a"}}, {{"summary", "s"}}},
      {{{"alertname", "A"}, {"job", "b"}}, {}},
  };
  EXPECT_EQ(AlertListString(alerts),
            "[\n0:\n  Labels:{alertname=\"A\", job=\"a\"}\n"
            "  Annotations:{summary=\"s\"},\n"
            "1:\n  Labels:{alertname=\"A\", job=\"b\"}\n  Annotations:{}\n]");
  EXPECT_EQ(IndentLines("a\nb\nc", "  "), "a\n  b\n  c");
}

TEST(SortAlerts, ByLabelsThenAnnotations) {
  std::vector<LabelsAndAnnotations> alerts{
      {{{"a", "2"}}, {}},
      {{{"a", "1"}}, {{"s", "z"}}},
      {{{"a", "1"}}, {{"s", "y"}}},
  };
  SortAlerts(&alerts);
  EXPECT_EQ(alerts[0].annotations[0].value, "y");
  EXPECT_EQ(alerts[1].annotations[0].value, "z");
  EXPECT_EQ(alerts[2].labels[0].value, "2");
}

}  // namespace
}  // namespace tocsin::rules
