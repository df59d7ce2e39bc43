#include "engine/remote_backend.h"

#include <gtest/gtest.h>

#include <atomic>

#include "promql/parser/parser.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::engine {
namespace {

using namespace std::chrono_literals;
using datasource::testing::FakeAnswer;
using datasource::testing::FakeRequest;
using datasource::testing::FakeServer;
using datasource::testing::HttpAnswer;

std::unique_ptr<RemoteBackend> Backend(const std::string& url) {
  datasource::DatasourceConfig c;
  c.url = url;
  c.timeout = 2s;
  c.retry_backoff = 5ms;
  c.max_retries = 1;
  auto client = datasource::HttpClient::Make(c);
  EXPECT_TRUE(client.ok()) << client.status().message();
  return std::make_unique<RemoteBackend>(std::move(client).value(),
                                         promql::EngineOptions{});
}

TEST(RemoteBackendTest, SeriesAreSortedAndDistinctAndLabelsForwarded) {
  FakeServer server([](const FakeRequest& r) {
    if (r.target.rfind("/api/v1/series", 0) == 0) {
      return FakeAnswer{HttpAnswer(200, R"({"status":"success","data":[
          {"__name__":"up","job":"b"},{"__name__":"up","job":"a"},
          {"job":"b","__name__":"up"}]})")};
    }
    if (r.target.rfind("/api/v1/labels", 0) == 0) {
      return FakeAnswer{
          HttpAnswer(200, R"({"status":"success","data":["__name__","job"]})")};
    }
    return FakeAnswer{
        HttpAnswer(200, R"({"status":"success","data":["a","b"]})")};
  });
  auto backend = Backend(server.url());
  auto m = promql::ParseMetricSelector("up");
  ASSERT_TRUE(m.ok());
  std::vector<MatcherSet> sets = {*m};
  auto series = backend->Series(sets, 0, 60000);
  ASSERT_TRUE(series.ok()) << series.status().message();
  ASSERT_EQ(series->size(), 2u);
  EXPECT_EQ((*series)[0].ToString(), R"({__name__="up", job="a"})");
  EXPECT_EQ((*series)[1].ToString(), R"({__name__="up", job="b"})");
  auto names = backend->LabelNames(sets, 0, 60000);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 2u);
  auto values = backend->LabelValues("job", sets, 0, 60000);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(*values, (std::vector<std::string>{"a", "b"}));
}

TEST(RemoteBackendTest, QueriesFailClearlyWhileTheDatasourceFailsThenRecover) {
  std::atomic<int> mode{0};
  FakeServer server([&mode](const FakeRequest&) {
    switch (mode.load()) {
      case 0:
        return FakeAnswer{HttpAnswer(500, "overloaded", "text/plain")};
      case 1:
        return FakeAnswer{HttpAnswer(200, "{\"status\":\"succ")};
      default:
        return FakeAnswer{HttpAnswer(200, R"({"status":"success","data":{
            "resultType":"vector","result":[
            {"metric":{"__name__":"up","job":"a"},"value":[60,"1"]}]}})")};
    }
  });
  auto backend = Backend(server.url());
  auto r = backend->InstantQuery("sum(up)", 60000, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("HTTP status 500"), std::string::npos)
      << r.status().message();
  mode = 1;
  r = backend->InstantQuery("sum(up)", 60000, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("malformed response from datasource"),
            std::string::npos)
      << r.status().message();
  mode = 2;
  r = backend->InstantQuery("sum(up)", 60000, std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& v = std::get<promql::Vector>(*r);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].v, 1.0);
}

TEST(RemoteBackendTest, DownDatasourceIsAnErrorNotACrash) {
  auto backend = Backend("http://127.0.0.1:1");
  auto r = backend->RangeQuery("rate(up[5m])", 0, 600000, 60000, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("connect: connection refused"),
            std::string::npos)
      << r.status().message();
  auto s = backend->LabelNames({}, 0, 1000);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kUnavailable);
}

}  // namespace
}  // namespace tocsin::engine
