#include "datasource/query_response.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tocsin::datasource {
namespace {

Result<QueryData> Parse(std::string body, int status = 200,
                        std::string reason = "OK") {
  return ParseQueryResponse(status, reason, body);
}

TEST(QueryResponseTest, Vector) {
  auto r = Parse(R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"__name__":"up","job":"api","instance":"a:1"},"value":[1435781451.781,"1"]},
      {"metric":{"job":"x\"y\u00e9"},"value":[1435781451,"NaN"]},
      {"metric":{},"value":[-1.5,"+Inf"]},
      {"metric":{"b":"2","a":"1","c":""},"value":[0.001,"-Inf"]}]}})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->type, ResultType::kVector);
  ASSERT_EQ(r->num_series(), 4u);
  EXPECT_EQ(r->labels[0].ToString(),
            R"({__name__="up", instance="a:1", job="api"})");
  EXPECT_EQ(r->labels[1].Get("job"), "x\"y\xc3\xa9");
  EXPECT_TRUE(r->labels[2].empty());
  // Unsorted labels are sorted; empty values dropped.
  EXPECT_EQ(r->labels[3].ToString(), R"({a="1", b="2"})");
  EXPECT_EQ(r->SeriesT(0)[0], 1435781451781);
  EXPECT_EQ(r->SeriesV(0)[0], 1);
  EXPECT_EQ(r->SeriesT(1)[0], 1435781451000);
  EXPECT_TRUE(std::isnan(r->SeriesV(1)[0]));
  EXPECT_EQ(r->SeriesT(2)[0], -1500);
  EXPECT_EQ(r->SeriesV(2)[0], std::numeric_limits<double>::infinity());
  EXPECT_EQ(r->SeriesT(3)[0], 1);
  EXPECT_EQ(r->SeriesV(3)[0], -std::numeric_limits<double>::infinity());
}

TEST(QueryResponseTest, Matrix) {
  auto r = Parse(R"({"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"a":"1"},"values":[[1,"1.5"],[2.5,"-0"],[3,"1e+06"],[4,"0.1"]]},
      {"metric":{"a":"2"},"values":[]},
      {"metric":{"a":"3"},"values":[[10,"12345678901234567890"]]}]},
      "warnings":["partial response"]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->type, ResultType::kMatrix);
  ASSERT_EQ(r->num_series(), 3u);
  ASSERT_EQ(r->SeriesT(0).size(), 4u);
  EXPECT_EQ(r->SeriesT(0)[1], 2500);
  EXPECT_EQ(r->SeriesV(0)[0], 1.5);
  EXPECT_TRUE(std::signbit(r->SeriesV(0)[1]));
  EXPECT_EQ(r->SeriesV(0)[2], 1e6);
  EXPECT_EQ(r->SeriesV(0)[3], 0.1);
  EXPECT_EQ(r->SeriesT(1).size(), 0u);
  EXPECT_EQ(r->SeriesV(2)[0], 12345678901234567890.0);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "partial response");
}

TEST(QueryResponseTest, ScalarAndString) {
  auto s = Parse(
      R"({"data":{"result":[12.5,"3.25"],"resultType":"scalar"},"status":"success"})");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->type, ResultType::kScalar);
  EXPECT_EQ(s->num_series(), 0u);
  EXPECT_EQ(s->t[0], 12500);
  EXPECT_EQ(s->v[0], 3.25);
  auto str = Parse(
      R"({"status":"success","data":{"resultType":"string","result":[1,"hi"]}})");
  ASSERT_TRUE(str.ok()) << str.status().message();
  EXPECT_EQ(str->type, ResultType::kString);
  EXPECT_EQ(str->string_value, "hi");
  auto empty = Parse(
      R"({"status":"success","data":{"resultType":"vector","result":null}})");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->num_series(), 0u);
}

TEST(QueryResponseTest, Errors) {
  struct Case {
    int status;
    std::string reason;
    std::string body;
    Status::Code code;
    std::string message;
  } cases[] = {
      {422, "Unprocessable Entity",
       R"({"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"})",
       Status::Code::kExecution,
       "execution: query processing would load too many samples into memory "
       "in query execution"},
      {400, "Bad Request",
       R"({"status":"error","errorType":"bad_data","error":"1:4: parse error: unexpected end of input"})",
       Status::Code::kInvalidArgument,
       "bad_data: 1:4: parse error: unexpected end of input"},
      {503, "Service Unavailable",
       R"({"status":"error","errorType":"timeout","error":"query timed out in query execution"})",
       Status::Code::kTimeout, "timeout: query timed out in query execution"},
      {503, "Service Unavailable",
       R"({"status":"error","errorType":"unavailable","error":"x"})",
       Status::Code::kUnavailable, "unavailable: x"},
      {502, "Bad Gateway", "<html>bad gateway</html>\n",
       Status::Code::kUnavailable,
       "server returned HTTP status 502 Bad Gateway: <html>bad gateway</html>"},
      {404, "Not Found", "", Status::Code::kUnavailable,
       "server returned HTTP status 404 Not Found"},
      {200, "OK", "", Status::Code::kUnavailable,
       "malformed response from datasource: the body: "},
      {200, "OK", R"({"status":"success","data":{"resultType":"vector","res)",
       Status::Code::kUnavailable, "malformed response from datasource: "},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]})",
       Status::Code::kUnavailable, "malformed response from datasource: "},
      {200, "OK", "not json at all", Status::Code::kUnavailable,
       "malformed response from datasource: "},
      {200, "OK", R"({"status":"success"} trailing)",
       Status::Code::kUnavailable, "malformed response from datasource: "},
      {200, "OK", R"({"status":"success"})", Status::Code::kUnavailable,
       "malformed response from datasource: \"data\""},
      {200, "OK", R"({"data":{}})", Status::Code::kUnavailable,
       "malformed response from datasource: no \"status\""},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"table","result":[]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: unknown resultType \"table\""},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: a sample value"},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x1"]}]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: invalid sample value \"x1\""},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: a sample that is not [t, value]"},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]}]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: \"metric\""},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: a label value"},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{}]}]}})",
       Status::Code::kUnavailable,
       "the datasource returned native histograms, which tocsin does not "
       "support yet"},
      {200, "OK",
       R"({"status":"success","data":{"resultType":"scalar","result":[1,"1",3]}})",
       Status::Code::kUnavailable,
       "malformed response from datasource: a sample that is not [t, value]"},
  };
  for (const Case& c : cases) {
    auto r = Parse(c.body, c.status, c.reason);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), c.code) << c.body;
    EXPECT_EQ(r.status().message().substr(0, c.message.size()), c.message)
        << c.body << "\n"
        << r.status().message();
  }
}

TEST(QueryResponseTest, EveryTruncationIsAnErrorNotACrash) {
  const std::string full =
      R"({"status":"success","data":{"resultType":"matrix","result":[)"
      R"({"metric":{"__name__":"x","a":"b\"c"},"values":[[1,"1"],[2,"NaN"]]},)"
      R"({"metric":{"b":"d"},"values":[[1.5,"+Inf"]]}]}})";
  ASSERT_TRUE(Parse(full).ok());
  for (size_t n = 0; n < full.size(); ++n) {
    auto r = Parse(full.substr(0, n));
    EXPECT_FALSE(r.ok()) << n;
  }
}

TEST(QueryResponseTest, ManySeriesOfManySamples) {
  // Large raw-range answers: every sample lands in its series.
  std::string body =
      R"({"status":"success","data":{"resultType":"matrix","result":[)";
  for (int s = 0; s < 300; ++s) {
    body += std::string(s ? "," : "") + R"({"metric":{"i":")" +
            std::to_string(s) + R"("},"values":[)";
    for (int k = 0; k <= s % 50; ++k) {
      body += std::string(k ? "," : "") + "[" + std::to_string(k) + ",\"" +
              std::to_string(s * 1000 + k) + "\"]";
    }
    body += "]}";
  }
  body += "]}}";
  auto r = Parse(body);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->num_series(), 300u);
  for (size_t s = 0; s < 300; ++s) {
    auto v = r->SeriesV(s);
    ASSERT_EQ(v.size(), s % 50 + 1) << s;
    EXPECT_EQ(v.back(), double(s * 1000 + s % 50)) << s;
    EXPECT_EQ(r->SeriesT(s).back(), int64_t(s % 50) * 1000) << s;
  }
}

TEST(QueryResponseTest, MetadataAnswers) {
  std::string names = R"({"status":"success","data":["__name__","job"]})";
  auto n = ParseStringsResponse(200, "OK", names);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, (std::vector<std::string>{"__name__", "job"}));
  std::string sets =
      R"({"status":"success","data":[{"job":"a","__name__":"up"}]})";
  auto l = ParseLabelSetsResponse(200, "OK", sets);
  ASSERT_TRUE(l.ok()) << l.status().message();
  ASSERT_EQ(l->size(), 1u);
  EXPECT_EQ((*l)[0].ToString(), R"({__name__="up", job="a"})");

  struct Case {
    int status;
    std::string body;
    std::string message;
  } cases[] = {
      {200, R"({"status":"success","data":[1]})",
       "malformed response from datasource: a name"},
      {200, R"({"status":"success","data":{}})",
       "malformed response from datasource: \"data\""},
      {200, "[]", "malformed response from datasource: the body is not"},
      {200, R"({"status":"success","da)", "malformed response from datasource"},
      {400, R"({"status":"error","errorType":"bad_data","error":"x"})",
       "bad_data: x"},
      {502, "<html>", "server returned HTTP status 502 Bad Gateway: <html>"},
  };
  for (Case& c : cases) {
    auto r = ParseStringsResponse(c.status,
                                  c.status == 502 ? "Bad Gateway" : "", c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().message().substr(0, c.message.size()), c.message)
        << r.status().message();
  }
  std::string bad_set = R"({"status":"success","data":[{"a":1}]})";
  auto b = ParseLabelSetsResponse(200, "OK", bad_set);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("a label value"), std::string::npos);
}

TEST(QueryResponseTest, SecondsToMs) {
  EXPECT_EQ(SecondsToMs(1435781451.781), 1435781451781);
  EXPECT_EQ(SecondsToMs(1700000000.999), 1700000000999);
  EXPECT_EQ(SecondsToMs(0.001), 1);
  EXPECT_EQ(SecondsToMs(-0.5), -500);
}

}  // namespace
}  // namespace tocsin::datasource
