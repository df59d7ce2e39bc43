#include "engine/storage_backend.h"

#include <gtest/gtest.h>

#include "engine/api_json.h"
#include "engine/query_api.h"
#include "promql/parser/parser.h"
#include "promql/series_file.h"

namespace tocsin::engine {
namespace {

using promql::Labels;

constexpr std::string_view kSeries = R"(up{job="api",instance="a"} 1 100
up{job="api",instance="a"} 1 200
up{job="db",instance="b"} 0 300
http_requests_total{job="api",code="200"} 5 100
http_requests_total{job="api",code="500"} 1 250
)";

class StorageBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(promql::LoadSeriesText(kSeries, "test.om", &storage_).ok());
    storage_.Seal();
  }

  MatcherSet Selector(std::string_view s) {
    auto m = promql::ParseMetricSelector(s);
    EXPECT_TRUE(m.ok()) << m.status().message();
    return *m;
  }

  promql::MemoryStorage storage_;
  StorageBackend backend_{&storage_, promql::EngineOptions{}};
};

TEST_F(StorageBackendTest, InstantAndRangeQueries) {
  auto v = backend_.InstantQuery("sum by (job) (up)", 200'000, std::nullopt);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(
      EncodeQueryResponse(*v),
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"api"},"value":[200,"1"]}]}})");
  auto m = backend_.RangeQuery("up{job=\"db\"}", 250'000, 350'000, 50'000,
                               std::nullopt);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(
      EncodeQueryResponse(*m),
      R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"b","job":"db"},"values":[[300,"0"],[350,"0"]]}]}})");
}

TEST_F(StorageBackendTest, QueryErrors) {
  auto parse = backend_.InstantQuery("up +", 0, std::nullopt);
  EXPECT_EQ(parse.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(parse.status().message(),
            "1:5: parse error: unexpected end of input");
  auto type = backend_.RangeQuery("up[5m]", 0, 1000, 1000, std::nullopt);
  EXPECT_EQ(type.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(type.status().message(),
            "invalid expression type \"range vector\" for range query, must "
            "be Scalar or instant Vector");
  auto str = backend_.RangeQuery("\"x\"", 0, 1000, 1000, std::nullopt);
  EXPECT_EQ(str.status().message(),
            "invalid expression type \"string\" for range query, must be "
            "Scalar or instant Vector");
  auto step = backend_.RangeQuery("up", 0, 1000, 0, std::nullopt);
  EXPECT_EQ(step.status().code(), Status::Code::kExecution);
  EXPECT_EQ(step.status().message(),
            "unexpected error: runtime error: integer divide by zero");
  auto expired = backend_.InstantQuery("up", 0, std::chrono::milliseconds(0));
  EXPECT_EQ(expired.status().code(), Status::Code::kTimeout);
  EXPECT_EQ(expired.status().message(), "query timed out in query execution");
  auto many = backend_.InstantQuery("up + on(job) http_requests_total", 300'000,
                                    std::nullopt);
  EXPECT_EQ(many.status().code(), Status::Code::kExecution);
}

TEST_F(StorageBackendTest, SeriesAreSortedDistinctAndInRange) {
  std::vector<MatcherSet> sets = {Selector("up"), Selector("{job=\"api\"}")};
  auto all = backend_.Series(sets, 0, 1'000'000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(
      EncodeLabelSetsResponse(*all),
      R"({"status":"success","data":[{"__name__":"http_requests_total","code":"200","job":"api"},{"__name__":"http_requests_total","code":"500","job":"api"},{"__name__":"up","instance":"a","job":"api"},{"__name__":"up","instance":"b","job":"db"}]})");
  std::vector<MatcherSet> up = {Selector("up")};
  auto late = backend_.Series(up, 250'000, 1'000'000);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ((*late)[0].Get("job"), "db");
}

TEST_F(StorageBackendTest, LabelNamesAndValues) {
  auto names = backend_.LabelNames({}, 0, 0);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::vector<std::string>{"__name__", "code", "instance", "job"}));
  std::vector<MatcherSet> up = {Selector("up")};
  names = backend_.LabelNames(up, 0, 1'000'000);
  EXPECT_EQ(*names, (std::vector<std::string>{"__name__", "instance", "job"}));
  auto values = backend_.LabelValues("job", {}, 0, 0);
  EXPECT_EQ(*values, (std::vector<std::string>{"api", "db"}));
  std::vector<MatcherSet> codes = {Selector("http_requests_total")};
  values = backend_.LabelValues("code", codes, 200'000, 1'000'000);
  EXPECT_EQ(*values, (std::vector<std::string>{"500"}));
  values = backend_.LabelValues("nothing", {}, 0, 0);
  EXPECT_TRUE(values->empty());
}

// The whole API over real storage: the body of /api/v1/query.
TEST_F(StorageBackendTest, ThroughTheQueryApi) {
  QueryApi api(&backend_);
  Router router;
  api.Register(&router);
  HttpRequest r;
  r.method = "GET";
  r.target = "/api/v1/query?query=count(up)&time=300";
  ASSERT_TRUE(ParseRequestParams(&r));
  HttpResponse resp = router.Serve(&r);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(
      resp.body,
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[300,"2"]}]}})");
}

}  // namespace
}  // namespace tocsin::engine
