#include "promql/series_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "promql/value.h"

namespace tocsin::promql {
namespace {

struct Loaded {
  std::string labels;
  std::vector<int64_t> t;
  std::vector<double> v;
};

std::vector<Loaded> Dump(MemoryStorage& s) {
  std::vector<Loaded> out;
  auto set = s.Select({}, INT64_MIN, INT64_MAX);
  EXPECT_TRUE(set.ok());
  for (const auto& r : set->series) {
    out.push_back({r.labels.ToString(),
                   {r.t.begin(), r.t.end()},
                   {r.v.begin(), r.v.end()}});
  }
  return out;
}

void ExpectValues(const std::vector<double>& got,
                  const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
    } else {
      EXPECT_EQ(got[i], want[i]) << i;
    }
  }
}

TEST(SeriesFile, ReadsOpenMetricsWithMetadataEscapesAndSpecialValues) {
  constexpr char kText[] =
      "# HELP http_requests_total Requests \\\"served\\\".\n"
      "# TYPE http_requests_total counter\n"
      "# UNIT http_requests_total requests\n"
      "http_requests_total{code=\"200\",path=\"/a\\\\b\"} 1 1600000000\n"
      "http_requests_total{path=\"/a\\\\b\",code=\"200\"} 2 1600000015.5\n"
      "# a plain comment\n"
      "\n"
      "temp{room=\"line\\nbreak\",empty=\"\"} NaN 1600000000.001\r\n"
      "temp{room=\"line\\nbreak\"} +Inf 1600000015 # {trace_id=\"x\"} 1 2\n"
      "temp{room=\"line\\nbreak\"}\t-Inf\t1600000030\n"
      "up{job=\"a\",} 1 -1.5\n"
      "http_requests_total{code=\"200\",path=\"/a\\\\b\"} 3e0 1600000030\n"
      "# EOF\n";
  MemoryStorage s;
  Status st = LoadSeriesText(kText, "rec.om", &s);
  ASSERT_TRUE(st.ok()) << st.message();
  auto got = Dump(s);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].labels,
            R"({__name__="http_requests_total", code="200", path="/a\\b"})");
  EXPECT_EQ(got[0].t, (std::vector<int64_t>{1600000000000, 1600000015500,
                                            1600000030000}));
  ExpectValues(got[0].v, {1, 2, 3});
  EXPECT_EQ(got[1].labels, R"({__name__="temp", room="line\nbreak"})");
  EXPECT_EQ(got[1].t, (std::vector<int64_t>{1600000000001, 1600000015000,
                                            1600000030000}));
  ExpectValues(got[1].v, {NAN, INFINITY, -INFINITY});
  EXPECT_FALSE(IsStaleNaN(got[1].v[0]));
  EXPECT_EQ(got[2].labels, R"({__name__="up", job="a"})");
  EXPECT_EQ(got[2].t, (std::vector<int64_t>{-1500}));
}

TEST(SeriesFile, EofIsOptionalAndBlankLinesMayFollowIt) {
  for (const char* text :
       {"a 1 1\nb 2 2", "a 1 1\nb 2 2\n# EOF\n\n", "a 1 1\n\n\nb 2 2\n"}) {
    MemoryStorage s;
    ASSERT_TRUE(LoadSeriesText(text, "x", &s).ok()) << text;
    EXPECT_EQ(s.NumSeries(), 2u) << text;
    EXPECT_EQ(s.NumSamples(), 2u) << text;
  }
}

TEST(SeriesFile, MalformedOpenMetricsNamesThePlace) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"foo 1", "f.om:1:6: expected a timestamp"},
      {"foo 1 ", "f.om:1:7: expected a timestamp"},
      {"foo", "f.om:1:4: expected a value"},
      {"foo ", "f.om:1:5: expected a value"},
      {"foo\t1", "f.om:1:6: expected a timestamp"},
      {"foo 1 # {a=\"b\"} 1", "f.om:1:7: expected a timestamp"},
      {"foo{a=\"b\"", "f.om:1:10: expected '}' to close the labels"},
      {"foo{a=\"b\",", "f.om:1:11: expected '}' to close the labels"},
      {"foo{a=\"b\" 1 2", "f.om:1:11: expected ',' or '}' after a label"},
      {"foo{a=\"b} 1 2", "f.om:1:7: unterminated label value"},
      {"foo{a=\"b\\", "f.om:1:7: unterminated label value"},
      {"foo{a=\"b\\q\"} 1 2",
       "f.om:1:9: invalid escape sequence \"\\\\q\" in label value"},
      {"foo{a=\"\xff\"} 1 2", "f.om:1:7: invalid UTF-8 in label value"},
      {"foo{a=\"1\",a=\"2\"} 1 2", "f.om:1:11: duplicate label name \"a\""},
      {"foo{__name__=\"x\"} 1 2",
       "f.om:1:5: duplicate label name \"__name__\""},
      {"foo{1a=\"x\"} 1 2", "f.om:1:5: expected a label name"},
      {"foo{a \"x\"} 1 2", "f.om:1:7: expected '=' after the label name"},
      {"foo{a=x} 1 2", "f.om:1:7: expected '\"' to open the label value"},
      {"{} 1 2", "f.om:1:1: a series needs at least one label"},
      {"1foo 1 2", "f.om:1:1: expected a metric name"},
      {"foo-bar 1 2", "f.om:1:4: expected a space before the value"},
      {"foo abc 2", "f.om:1:5: invalid value \"abc\""},
      {"foo 1.2.3 2", "f.om:1:5: invalid value \"1.2.3\""},
      {"foo +NaN 2", "f.om:1:5: invalid value \"+NaN\""},
      {"foo 1 abc", "f.om:1:7: invalid timestamp \"abc\""},
      {"foo 1 NaN", "f.om:1:7: invalid timestamp \"NaN\""},
      {"foo 1 +Inf", "f.om:1:7: invalid timestamp \"+Inf\""},
      {"foo 1 1e300", "f.om:1:7: timestamp out of range"},
      {"foo 1 2 3", "f.om:1:9: unexpected \"3\" after the timestamp"},
      {"foo 1 2\nfoo 1 1", "f.om:2:7: out of order sample"},
      {"foo 1 2\nbar 1 1\nfoo 2 2", "f.om:3:7: duplicate sample for timestamp"},
      {"foo{a=\"1\"} 1 2\nfoo{a=\"1\"} 1 2.0004",
       "f.om:2:14: duplicate sample for timestamp"},
      {"# TYPE foo bar", "f.om:1:12: invalid metric type \"bar\""},
      {"# TYPE foo counter x", "f.om:1:12: invalid metric type \"counter x\""},
      {"# TYPE foo", "f.om:1:11: expected metric type after TYPE"},
      {"# TYPE 1foo counter", "f.om:1:8: expected metric name after TYPE"},
      {"# HELP", "f.om:1:7: expected metric name after HELP"},
      {"# HELP foo{} x", "f.om:1:8: expected metric name after HELP"},
      {"# HELP foo \xc3\x28", "f.om:1:12: help text is not valid UTF-8"},
      {"a 1 1\n# EOF\nfoo 1 2", "f.om:3:1: unexpected data after # EOF"},
      {"a 1 1\n# EOF x", "f.om:2:7: unexpected data after # EOF"},
  };
  for (const Case& c : cases) {
    MemoryStorage s;
    ASSERT_TRUE(s.Append(Labels{{"__name__", "keep"}}, 0, 1).ok());
    Status st = LoadSeriesText(c.text, "f.om", &s);
    EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << c.text;
    EXPECT_EQ(st.message(), c.error) << c.text;
    EXPECT_EQ(s.NumSeries(), 1u) << "a failed file added series: " << c.text;
    EXPECT_EQ(s.NumSamples(), 1u) << c.text;
  }
}

TEST(SeriesFile, AFileWithAnErrorAddsNothing) {
  MemoryStorage s;
  Status st = LoadSeriesText("a 1 1\nb 1 1\nc 1\n", "f", &s);
  EXPECT_EQ(st.message(), "f:3:4: expected a timestamp");
  EXPECT_EQ(s.NumSeries(), 0u);

  // A conflict with data already stored is found before anything is added.
  ASSERT_TRUE(LoadSeriesText("a 1 10\n", "first", &s).ok());
  st = LoadSeriesText("b 1 1\n\n a 1 5\n a 2 20\n", "second", &s);
  EXPECT_EQ(st.message(),
            "second:3:2: out of order sample for series {__name__=\"a\"}");
  EXPECT_EQ(s.NumSeries(), 1u);
  EXPECT_EQ(s.NumSamples(), 1u);
  ASSERT_TRUE(LoadSeriesText("a 2 20\n", "third", &s).ok());
  EXPECT_EQ(s.NumSamples(), 2u);
}

TEST(SeriesFile, ReadsPromtoolLoadBlocks) {
  constexpr char kText[] =
      "# recorded by hand\n"
      "\n"
      "load 1m\n"
      "  up{job=\"a\"} 1 2 _ stale 5\n"
      "  down 0+10x2\n"
      "  gone _x3\n"
      "# another block\n"
      "load 30s\n"
      "  other -1-1x2\n";
  MemoryStorage s;
  Status st = LoadSeriesText(kText, "t.series", &s);
  ASSERT_TRUE(st.ok()) << st.message();
  auto got = Dump(s);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].labels, R"({__name__="down"})");
  EXPECT_EQ(got[0].t, (std::vector<int64_t>{0, 60000, 120000}));
  ExpectValues(got[0].v, {0, 10, 20});
  EXPECT_EQ(got[1].labels, R"({__name__="other"})");
  EXPECT_EQ(got[1].t, (std::vector<int64_t>{0, 30000, 60000}));
  ExpectValues(got[1].v, {-1, -2, -3});
  EXPECT_EQ(got[2].labels, R"({__name__="up", job="a"})");
  EXPECT_EQ(got[2].t, (std::vector<int64_t>{0, 60000, 180000, 240000}));
  EXPECT_TRUE(IsStaleNaN(got[2].v[2]));
  EXPECT_EQ(got[2].v[3], 5);
}

TEST(SeriesFile, AMetricNamedLoadIsNotALoadBlock) {
  MemoryStorage s;
  Status st = LoadSeriesText("load 1 60\nload{a=\"b\"} 2 60\n", "f", &s);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(s.NumSeries(), 2u);
  EXPECT_EQ(s.MinTime(), 60000);
}

TEST(SeriesFile, MalformedLoadBlocksNameThePlace) {
  struct Case {
    const char* text;
    const char* error_prefix;
  };
  const Case cases[] = {
      {"load 1m\n  a 1\n\nfoo 1 2", "f:4:1: expected \"load <interval>\""},
      {"\n  load\n", "f:2:3: invalid load command. (load <step:duration>)"},
      {"load 1x\n", "f:1:1: invalid step definition \"1x\": "},
      {"load 1m\n  a 1 2\nload 1m\n   a 3\n",
       "f:4:4: out of order sample for series {__name__=\"a\"}"},
      {"load 1m\n\ta 1 foo\n", "f:2:"},
  };
  for (const Case& c : cases) {
    MemoryStorage s;
    Status st = LoadSeriesText(c.text, "f", &s);
    EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << c.text;
    EXPECT_EQ(st.message().substr(0, std::string(c.error_prefix).size()),
              c.error_prefix)
        << c.text << " -> " << st.message();
    EXPECT_EQ(s.NumSeries(), 0u) << c.text;
  }
}

TEST(SeriesFile, LoadSeriesFileReadsFromDisk) {
  std::string path = ::testing::TempDir() + "/series_file_test.om";
  {
    std::ofstream out(path);
    out << "x{a=\"1\"} 5 60\n# EOF\n";
  }
  MemoryStorage s;
  Status st = LoadSeriesFile(path, &s);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(s.MinTime(), 60000);
  std::remove(path.c_str());

  st = LoadSeriesFile(path, &s);
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
}

}  // namespace
}  // namespace tocsin::promql
