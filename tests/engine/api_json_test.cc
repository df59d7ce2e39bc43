#include "engine/api_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

using promql::Labels;

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

TEST(AppendJsonStringTest, EscapesLikeGoEncodingJson) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"line\nbreak", R"("line\nbreak")"},
      {"cr\rtab\t", R"("cr\rtab\t")"},
      {std::string_view("nul\0x", 5), R"("nul\u0000x")"},
      {"\x01\x08\x0c\x1f", R"("\u0001\u0008\u000c\u001f")"},
      {"<a href='x'>&</a>", R"("\u003ca href='x'\u003e\u0026\u003c/a\u003e")"},
      {"\x7f", "\"\x7f\""},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5",
       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5\""},
      {"\xe2\x80\xa8|\xe2\x80\xa9", R"("\u2028|\u2029")"},
      {"bad\xff", R"("bad\ufffd")"},
      {"\xc3", R"("\ufffd")"},
      {"\xe2\x82", R"("\ufffd\ufffd")"},
      {"\xc0\xaf", R"("\ufffd\ufffd")"},            // overlong
      {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},  // surrogate
      {"\xef\xbf\xbd", "\"\xef\xbf\xbd\""},         // a real U+FFFD
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(JsonString(in), want) << in;
  }
}

TEST(AppendSampleTimestampTest, MarshalTimestamp) {
  const std::pair<int64_t, std::string_view> cases[] = {
      {0, "0"},
      {1, "0.001"},
      {10, "0.010"},
      {1500, "1.500"},
      {1000, "1"},
      {1435781451781, "1435781451.781"},
      {1435781451000, "1435781451"},
      {1435781451005, "1435781451.005"},
      {-1500, "-1.500"},
      {-1, "-0.001"},
      {-1000, "-1"},
      {std::numeric_limits<int64_t>::max(), "9223372036854775.807"},
  };
  for (const auto& [t, want] : cases) {
    std::string out;
    AppendSampleTimestamp(&out, t);
    EXPECT_EQ(out, want) << t;
  }
}

TEST(AppendSampleValueTest, MarshalValue) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<double, std::string_view> cases[] = {
      {1, "\"1\""},
      {0, "\"0\""},
      {-0.0, "\"-0\""},
      {0.5, "\"0.5\""},
      {-2.25, "\"-2.25\""},
      {0.1, "\"0.1\""},
      {1.0 / 3, "\"0.3333333333333333\""},
      {123456789, "\"123456789\""},
      {1e15, "\"1000000000000000\""},
      {1e20, "\"100000000000000000000\""},
      {1.2345678901234567e20, "\"123456789012345670000\""},
      {1e21, "\"1e+21\""},
      {1.5e300, "\"1.5e+300\""},
      {1e-6, "\"0.000001\""},
      {1.5e-6, "\"0.0000015\""},
      {9.99e-7, "\"9.99e-07\""},
      {1e-7, "\"1e-07\""},
      {-1e-7, "\"-1e-07\""},
      {5e-324, "\"5e-324\""},
      {std::nan(""), "\"NaN\""},
      {promql::StaleNaN(), "\"NaN\""},
      {inf, "\"+Inf\""},
      {-inf, "\"-Inf\""},
  };
  for (const auto& [v, want] : cases) {
    std::string out;
    AppendSampleValue(&out, v);
    EXPECT_EQ(out, want) << v;
  }
}

// Go pads the shortest digits with zeros in the 'f' form; it does not print
// the exact binary value (1e23 is 99999999999999991611392 exactly).
TEST(AppendFloatFTest, PadsShortestDigits) {
  const std::pair<double, std::string_view> cases[] = {
      {1e23, "100000000000000000000000"},
      {2.7806278770939485e+167,
       "278062787709394850000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000"},
      {-9007199254740993.0, "-9007199254740992"},

  };
  for (const auto& [v, want] : cases) {
    std::string out;
    AppendFloatF(&out, v);
    EXPECT_EQ(out, want) << v;
  }
  std::string tiny;
  AppendFloatF(&tiny, 1e-320);
  EXPECT_EQ(tiny, "0." + std::string(319, '0') + "1");
}

// The hand-rolled formatting agrees with go_format's FormatFloatG where
// Prometheus switches to 'e', and with FormatFloatF below 1e15 (above it,
// FormatFloatF prints exact binary digits where Go pads with zeros).
TEST(AppendFloatTest, AgreesWithGoFormatOnRandomValues) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> exp(-330, 330);
  std::uniform_real_distribution<double> mant(-10, 10);
  for (int i = 0; i < 200000; ++i) {
    double v;
    if (i % 3 == 0) {
      uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof v);
    } else if (i % 3 == 1) {
      v = mant(rng) * std::pow(10.0, exp(rng));
    } else {
      v = std::round(mant(rng) * 1e6) / 1000;
    }
    std::string f;
    AppendFloatF(&f, v);
    if (std::fabs(v) < 1e15) {
      ASSERT_EQ(f, promql::FormatFloatF(v)) << v;
    }
    std::string s;
    AppendSampleValue(&s, v);
    double abs = std::fabs(v);
    bool e = abs != 0 && (abs < 1e-6 || abs >= 1e21) && std::isfinite(v);
    if (e || std::fabs(v) < 1e15) {
      ASSERT_EQ(s, "\"" + (e ? promql::FormatFloatG(v) : f) + "\"") << v;
    }
  }
}

TEST(EncodeQueryResponseTest, Vector) {
  promql::Vector v;
  v.push_back({Labels{{"__name__", "up"},
                      {"job", "prometheus"},
                      {"instance", "localhost:9090"}},
               1435781451781, 1});
  v.push_back({Labels{{"job", "a\"b\nc"}}, 1500, std::nan("")});
  EXPECT_EQ(
      EncodeQueryResponse(v),
      R"({"status":"success","data":{"resultType":"vector","result":[)"
      R"({"metric":{"__name__":"up","instance":"localhost:9090","job":"prometheus"},"value":[1435781451.781,"1"]},)"
      R"({"metric":{"job":"a\"b\nc"},"value":[1.500,"NaN"]}]}})");
}

TEST(EncodeQueryResponseTest, EmptyVectorAndMatrix) {
  EXPECT_EQ(
      EncodeQueryResponse(promql::Vector{}),
      R"({"status":"success","data":{"resultType":"vector","result":[]}})");
  EXPECT_EQ(
      EncodeQueryResponse(promql::Matrix{}),
      R"({"status":"success","data":{"resultType":"matrix","result":[]}})");
}

TEST(EncodeQueryResponseTest, Matrix) {
  promql::Matrix m;
  m.push_back({Labels{}, {{0, 1}, {15000, 2.5}, {30001, -1e-9}}});
  m.push_back({Labels{{"a", "\xe2\x82\xac<"}},
               {{-1000, std::numeric_limits<double>::infinity()}}});
  m.push_back({Labels{{"a", "x"}}, {}});
  EXPECT_EQ(
      EncodeQueryResponse(m),
      R"({"status":"success","data":{"resultType":"matrix","result":[)"
      R"({"metric":{},"values":[[0,"1"],[15,"2.5"],[30.001,"-1e-09"]]},)"
      "{\"metric\":{\"a\":\"\xe2\x82\xac\\u003c\"},\"values\":[[-1,\"+Inf\"]]},"
      R"({"metric":{"a":"x"}}]}})");
}

TEST(EncodeQueryResponseTest, ScalarAndString) {
  EXPECT_EQ(
      EncodeQueryResponse(promql::Scalar{1435781451781, 1}),
      R"({"status":"success","data":{"resultType":"scalar","result":[1435781451.781,"1"]}})");
  // Scalars use Go's float encoding for the time (1.5, not 1.500) and the
  // 'f' form for the value even when it is tiny.
  EXPECT_EQ(
      EncodeQueryResponse(promql::Scalar{1500, 1e-7}),
      R"({"status":"success","data":{"resultType":"scalar","result":[1.5,"0.0000001"]}})");
  EXPECT_EQ(
      EncodeQueryResponse(
          promql::Scalar{-1500, -std::numeric_limits<double>::infinity()}),
      R"({"status":"success","data":{"resultType":"scalar","result":[-1.5,"-Inf"]}})");
  EXPECT_EQ(
      EncodeQueryResponse(promql::String{0, "a \"quoted\" <string>"}),
      R"({"status":"success","data":{"resultType":"string","result":[0,"a \"quoted\" \u003cstring\u003e"]}})");
}

TEST(EncodeErrorResponseTest, Shape) {
  EXPECT_EQ(
      EncodeErrorResponse("bad_data",
                          "invalid parameter \"query\": 1:5: parse "
                          "error: unexpected <op:*>"),
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected \u003cop:*\u003e"})");
}

TEST(EncodeListsTest, StringsAndLabelSets) {
  EXPECT_EQ(EncodeStringsResponse({}), R"({"status":"success","data":[]})");
  EXPECT_EQ(EncodeStringsResponse({"__name__", "job", "a&b"}),
            R"({"status":"success","data":["__name__","job","a\u0026b"]})");
  EXPECT_EQ(EncodeLabelSetsResponse(
                {Labels{{"__name__", "up"}, {"job", "x"}}, Labels{}}),
            R"({"status":"success","data":[{"__name__":"up","job":"x"},{}]})");
}

}  // namespace
}  // namespace tocsin::engine
