#include "datasource/metadata.h"

#include <gtest/gtest.h>

#include "promql/parser/parser.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace {

using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;

FakeAnswer Metadata(const FakeRequest& r) {
  if (r.target.rfind("/api/v1/series", 0) == 0) {
    return FakeAnswer{HttpAnswer(200, R"({"status":"success","data":[
        {"__name__":"up","job":"b"},{"job":"a","__name__":"up"}]})")};
  }
  if (r.target.rfind("/api/v1/labels", 0) == 0) {
    return FakeAnswer{
        HttpAnswer(200, R"({"status":"success","data":["__name__","job"]})")};
  }
  if (r.target.rfind("/api/v1/label/job/values", 0) == 0) {
    return FakeAnswer{
        HttpAnswer(200, R"({"status":"success","data":["a","b"]})")};
  }
  return FakeAnswer{HttpAnswer(
      400,
      R"({"status":"error","errorType":"bad_data","error":"invalid label name"})")};
}

TEST(MetadataTest, ForwardsTheEndpoints) {
  FakeServer server(Metadata);
  DatasourceConfig c;
  c.url = server.url();
  auto client = HttpClient::Make(c);
  ASSERT_TRUE(client.ok());
  auto m = promql::ParseMetricSelector("up{job=~\"a|b\"}");
  ASSERT_TRUE(m.ok());
  std::vector<std::vector<promql::Matcher>> sets = {*m};

  auto series = FetchSeries(**client, sets, 1000, 61000);
  ASSERT_TRUE(series.ok()) << series.status().message();
  ASSERT_EQ(series->size(), 2u);
  EXPECT_EQ((*series)[1].ToString(), R"({__name__="up", job="a"})");
  auto names = FetchLabelNames(**client, {}, INT64_MIN / 2, INT64_MAX / 2);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"__name__", "job"}));
  auto values = FetchLabelValues(**client, "job", sets, 0, 1000);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(*values, (std::vector<std::string>{"a", "b"}));
  auto bad = FetchLabelValues(**client, "a b", {}, 0, 1000);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "bad_data: invalid label name");

  auto got = server.received();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].target,
            "/api/v1/series?match%5B%5D=%7B__name__%3D%22up%22%2Cjob%3D~%22a%"
            "7Cb%22%7D&start=1&end=61");
  EXPECT_EQ(got[1].target, "/api/v1/labels");
  EXPECT_EQ(got[3].target, "/api/v1/label/a%20b/values?start=0&end=1");
}

}  // namespace
}  // namespace tocsin::datasource
