// Group evaluations over a datasource that fails in every way the daemon
// must survive (down, slow, 5xx, error JSON, garbage, cut-off and oversized
// answers, wrong shapes): each evaluation ends with a clear error for every
// rule, within the timeout, and the next evaluation succeeds once the
// server answers again.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "datasource/remote_queryable.h"
#include "promql/parser/parser.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;
using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;

const char* const kRules[] = {"up == 0", "sum(rate(up[5m]))", "up offset 1m"};

std::string Healthy(const FakeRequest& r) {
  if (r.target.find("%5B5m%5D") != std::string::npos) {
    return HttpAnswer(200, R"({"status":"success","data":{"resultType":"matrix",
        "result":[{"metric":{"__name__":"up","job":"a"},
                   "values":[[3540,"1"],[3600,"1"]]}]}})");
  }
  return HttpAnswer(200, R"({"status":"success","data":{"resultType":"vector",
      "result":[{"metric":{"__name__":"up","job":"a"},"value":[3600,"1"]}]}})");
}

struct Fault {
  const char* name;
  FakeAnswer answer;  // ignored when `down`
  bool down = false;
  Status::Code code;
  std::string message;  // a part of every rule's error
};

std::vector<Fault> Faults() {
  const std::string big(4096, ' ');
  return {
      {"down", {}, true, Status::Code::kUnavailable, "connection refused"},
      {"slow",
       {HttpAnswer(200, "{}"), 2s},
       false,
       Status::Code::kTimeout,
       "context deadline exceeded"},
      {"500",
       {HttpAnswer(500, "internal error\n", "text/plain")},
       false,
       Status::Code::kUnavailable,
       "server returned HTTP status 500 Internal Server Error: internal "
       "error"},
      {"proxy 502",
       {HttpAnswer(502, "<html><body>Bad Gateway</body></html>", "text/html")},
       false,
       Status::Code::kUnavailable,
       "server returned HTTP status 502 Bad Gateway: <html>"},
      {"503 error JSON",
       {HttpAnswer(503, R"({"status":"error","errorType":"timeout",
                            "error":"query timed out"})")},
       false,
       Status::Code::kTimeout,
       "timeout: query timed out"},
      {"422 execution",
       {HttpAnswer(422, R"({"status":"error","errorType":"execution",
                            "error":"many-to-many matching"})")},
       false,
       Status::Code::kExecution,
       "execution: many-to-many matching"},
      {"garbage",
       {HttpAnswer(200, "<<<not json>>>")},
       false,
       Status::Code::kUnavailable,
       "malformed response from datasource"},
      {"not an object",
       {HttpAnswer(200, "[1,2,3]")},
       false,
       Status::Code::kUnavailable,
       "malformed response from datasource"},
      {"wrong shape",
       {HttpAnswer(200, R"({"status":"success","data":{"resultType":"vector",
                            "result":{"a":1}}})")},
       false,
       Status::Code::kUnavailable,
       "malformed response from datasource"},
      {"bad sample",
       {HttpAnswer(200, R"({"status":"success","data":{"resultType":"vector",
          "result":[{"metric":{},"value":[3600,"one"]}]}})")},
       false,
       Status::Code::kUnavailable,
       "malformed response from datasource"},
      {"cut off",
       {HttpAnswer(200, big.substr(0, 512)).substr(0, 80), 0ms, true},
       false,
       Status::Code::kUnavailable,
       "closed in the middle of the answer"},
      {"oversized",
       {HttpAnswer(200, big + "{}")},
       false,
       Status::Code::kUnavailable,
       "response body larger than 1024 bytes"},
      {"closed",
       {FakeAnswer{}},
       false,
       Status::Code::kUnavailable,
       "Get \"http://127.0.0.1:"},
  };
}

TEST(RemoteFaultsTest, EveryRuleFailsClearlyAndTheNextEvaluationRecovers) {
  promql::Engine engine;
  std::vector<promql::ExprPtr> parsed;
  std::vector<const promql::Expr*> exprs;
  for (const char* text : kRules) {
    parsed.push_back(std::move(promql::ParseExpr(text)).value());
    exprs.push_back(parsed.back().get());
  }
  for (const Fault& f : Faults()) {
    SCOPED_TRACE(f.name);
    std::atomic<bool> failing{true};
    FakeServer server([&](const FakeRequest& r) {
      if (failing) return f.answer;
      return FakeAnswer{Healthy(r)};
    });
    DatasourceConfig c;
    c.url = f.down ? "http://127.0.0.1:1" : server.url();
    c.timeout = 500ms;
    c.retry_backoff = 5ms;
    c.max_retries = 2;
    c.max_response_bytes = 1024;
    auto client = HttpClient::Make(c);
    ASSERT_TRUE(client.ok());

    const auto start = std::chrono::steady_clock::now();
    FetchCache cache;
    RemoteQueryable q(client->get(), &cache);
    Status pre = q.Prefetch(CollectSelects(engine, exprs, 3600000));
    EXPECT_FALSE(pre.ok());
    for (const promql::Expr* e : exprs) {
      auto r = engine.InstantExpr(q, *e, 3600000);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), f.code) << r.status().message();
      EXPECT_NE(r.status().message().find(f.message), std::string::npos)
          << r.status().message();
    }
    // Each selector is fetched once, concurrently, within the timeout.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    EXPECT_EQ(cache.misses(), 3u);

    if (f.down) continue;  // nothing to come back
    failing = false;
    FetchCache next;
    RemoteQueryable q2(client->get(), &next);
    ASSERT_TRUE(q2.Prefetch(CollectSelects(engine, exprs, 3600000)).ok());
    for (const promql::Expr* e : exprs) {
      auto r = engine.InstantExpr(q2, *e, 3600000);
      ASSERT_TRUE(r.ok()) << r.status().message();
    }
  }
}

}  // namespace
}  // namespace tocsin::datasource
