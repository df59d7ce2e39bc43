#include "datasource/http_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "datasource/query_response.h"
#include "datasource/selector_fetch.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;
using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;

const std::string kVector =
    R"({"status":"success","data":{"resultType":"vector","result":[]}})";

FakeAnswer Ok() { return FakeAnswer{HttpAnswer(200, kVector)}; }

DatasourceConfig Config(const std::string& url) {
  DatasourceConfig c;
  c.url = url;
  c.timeout = 5s;
  c.retry_backoff = 10ms;
  c.max_retry_backoff = 40ms;
  c.max_retries = 2;
  return c;
}

std::unique_ptr<HttpClient> MakeClient(const DatasourceConfig& c) {
  auto client = HttpClient::Make(c);
  EXPECT_TRUE(client.ok()) << client.status().message();
  return client.ok() ? std::move(client).value() : nullptr;
}

HttpRequest Get(std::string target = "/api/v1/query?query=up&time=1") {
  HttpRequest r;
  r.target = std::move(target);
  return r;
}

// A port that nobody listens on: bound, then closed.
uint16_t DeadPort() {
  FakeServer s([](const FakeRequest&) { return Ok(); });
  return s.port();
}

TEST(HttpClientTest, AnswersAndKeepsTheConnectionAlive) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  auto client = MakeClient(Config(server.url() + "/prefix/"));
  for (int i = 0; i < 5; ++i) {
    auto r = client->Do(Get());
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, kVector);
    EXPECT_GE(r->body.capacity(), r->body.size() + 64);
  }
  EXPECT_EQ(server.connections(), 1);
  auto got = server.received();
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].target, "/prefix/api/v1/query?query=up&time=1");
  EXPECT_EQ(got[0].Header("Host"),
            "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(client->stats().requests, 5u);
  EXPECT_EQ(client->stats().responses_2xx, 5u);
  EXPECT_EQ(client->stats().connections_opened, 1u);
  EXPECT_GT(client->stats().bytes_received, 5 * kVector.size());
  EXPECT_EQ(client->stats().latency_count, 5u);
}

TEST(HttpClientTest, DownServerIsUnavailableAfterRetries) {
  auto client =
      MakeClient(Config("http://127.0.0.1:" + std::to_string(DeadPort())));
  auto r = client->Do(Get());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("connect"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("Get \"http://127.0.0.1:"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(client->stats().attempts, 3u);
  EXPECT_EQ(client->stats().retries, 2u);
  EXPECT_EQ(client->stats().failures, 1u);
}

TEST(HttpClientTest, SlowServerTimesOutWithoutRetry) {
  FakeServer server([](const FakeRequest&) {
    FakeAnswer a = Ok();
    a.delay = 1500ms;
    return a;
  });
  DatasourceConfig c = Config(server.url());
  c.timeout = 300ms;
  auto client = MakeClient(c);
  auto start = std::chrono::steady_clock::now();
  auto r = client->Do(Get());
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kTimeout) << r.status().message();
  EXPECT_LT(took, 1200ms);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(client->stats().timeouts, 1u);
}

TEST(HttpClientTest, ServerErrorsAreRetriedUntilSuccess) {
  std::atomic<int> n{0};
  FakeServer server([&n](const FakeRequest&) {
    if (n++ < 2) return FakeAnswer{HttpAnswer(500, "oops")};
    return Ok();
  });
  auto client = MakeClient(Config(server.url()));
  auto r = client->Do(Get());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(client->stats().retries, 2u);
  EXPECT_EQ(client->stats().responses_5xx, 2u);
}

TEST(HttpClientTest, PersistentServerErrorIsTheLastAnswer) {
  FakeServer server([](const FakeRequest&) {
    return FakeAnswer{HttpAnswer(
        503, R"({"status":"error","errorType":"unavailable","error":"busy"})")};
  });
  auto client = MakeClient(Config(server.url()));
  auto r = client->Do(Get());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(server.requests(), 3);  // the first attempt and two retries
  auto parsed = ParseQueryResponse(r->status, r->reason, r->body);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "unavailable: busy");
}

TEST(HttpClientTest, ClientErrorsAreNotRetried) {
  FakeServer server([](const FakeRequest&) {
    return FakeAnswer{HttpAnswer(
        400, R"({"status":"error","errorType":"bad_data","error":"nope"})")};
  });
  auto client = MakeClient(Config(server.url()));
  auto r = client->Do(Get());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(client->stats().retries, 0u);
}

// 429 Too Many Requests, as query frontends answer when a tenant is over
// its limits, optionally with Retry-After in seconds.
std::string TooManyRequests(const std::string& retry_after) {
  std::string body =
      R"({"status":"error","errorType":"too_many_requests","error":"slow down"})";
  return "HTTP/1.1 429 Too Many Requests\r\nContent-Type: "
         "application/json\r\n" +
         (retry_after.empty() ? "" : "Retry-After: " + retry_after + "\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(HttpClientTest, TooManyRequestsIsRetriedAfterTheServersDelay) {
  struct Case {
    std::string retry_after;
    std::chrono::milliseconds at_least;
  } cases[] = {
      {"", 0ms},
      {"1", 1000ms},  // delay-seconds are honoured
      {"soon", 0ms},  // unreadable: the client's own backoff
      {"Wed, 21 Oct 2015 07:28:00 GMT", 0ms},
  };
  for (const Case& c : cases) {
    std::atomic<int> n{0};
    FakeServer server([&](const FakeRequest&) {
      if (n++ == 0) return FakeAnswer{TooManyRequests(c.retry_after)};
      return Ok();
    });
    auto client = MakeClient(Config(server.url()));
    auto start = std::chrono::steady_clock::now();
    auto r = client->Do(Get());
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->status, 200) << c.retry_after;
    EXPECT_EQ(server.requests(), 2) << c.retry_after;
    EXPECT_GE(took, c.at_least) << c.retry_after;
    EXPECT_LT(took, c.at_least + 900ms) << c.retry_after;
  }
}

TEST(HttpClientTest, RetryAfterBeyondTheTimeoutEndsTheRequest) {
  FakeServer server(
      [](const FakeRequest&) { return FakeAnswer{TooManyRequests("30")}; });
  auto client = MakeClient(Config(server.url()));  // 5s timeout
  auto start = std::chrono::steady_clock::now();
  auto r = client->Do(Get());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(HttpClientTest, BackoffIsJitteredAndBounded) {
  FakeServer server(
      [](const FakeRequest&) { return FakeAnswer{HttpAnswer(500, "x")}; });
  DatasourceConfig c = Config(server.url());
  c.retry_backoff = 100ms;
  c.max_retry_backoff = 200ms;
  c.max_retries = 3;  // pauses of 50-100ms, 100-200ms, 100-200ms
  auto client = MakeClient(c);
  auto start = std::chrono::steady_clock::now();
  auto r = client->Do(Get());
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(server.requests(), 4);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 1500ms);
}

TEST(HttpClientTest, ConnectionClosedWithoutAnswerIsRetried) {
  FakeServer server([](const FakeRequest&) { return FakeAnswer{}; });
  auto client = MakeClient(Config(server.url()));
  auto r = client->Do(Get());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(server.requests(), 3);
}

TEST(HttpClientTest, TruncatedAnswerIsAnError) {
  FakeServer server([](const FakeRequest&) {
    std::string full = HttpAnswer(200, kVector);
    return FakeAnswer{full.substr(0, full.size() - 10), 0ms, true};
  });
  auto client = MakeClient(Config(server.url()));
  auto r = client->Do(Get());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("closed in the middle of the answer"),
            std::string::npos)
      << r.status().message();
}

TEST(HttpClientTest, IdleConnectionClosedByTheServerIsReplacedSilently) {
  FakeServer server([](const FakeRequest&) {
    FakeAnswer a = Ok();
    a.close_after = true;  // without saying so: the client will reuse it
    return a;
  });
  auto client = MakeClient(Config(server.url()));
  for (int i = 0; i < 3; ++i) {
    auto r = client->Do(Get());
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().message();
  }
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(server.connections(), 3);
  EXPECT_EQ(client->stats().retries, 0u);
}

TEST(HttpClientTest, ConcurrencyIsBoundedByMaxConnections) {
  FakeServer server([](const FakeRequest&) {
    FakeAnswer a = Ok();
    a.delay = 50ms;
    return a;
  });
  DatasourceConfig c = Config(server.url());
  c.max_connections = 3;
  auto client = MakeClient(c);
  std::vector<std::future<Result<HttpResponse>>> futures;
  for (int i = 0; i < 12; ++i) futures.push_back(client->Send(Get()));
  for (auto& f : futures) EXPECT_TRUE(f.get().ok());
  EXPECT_EQ(server.requests(), 12);
  EXPECT_LE(server.peak_concurrent(), 3);
  EXPECT_GE(server.peak_concurrent(), 2);
  EXPECT_LE(server.connections(), 3);
}

TEST(HttpClientTest, LongQueriesArePostedAsForms) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  auto client = MakeClient(Config(server.url()));
  ApiQuery q{"sum(rate(x{job=\"" + std::string(3000, 'a') + "\"}[5m]))", false,
             1500};
  auto r = client->Do(MakeApiRequest(q, client->config().max_get_url_length));
  ASSERT_TRUE(r.ok());
  ApiQuery short_query{"up", false, 1500};
  ASSERT_TRUE(client->Do(MakeApiRequest(short_query, 2048)).ok());
  auto got = server.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/api/v1/query");
  EXPECT_EQ(got[0].Header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(got[0].body.substr(0, 30), "query=sum%28rate%28x%7Bjob%3D%");
  EXPECT_NE(got[0].body.find("&time=1.5"), std::string::npos);
  EXPECT_EQ(got[1].method, "GET");
  EXPECT_EQ(got[1].target, "/api/v1/query?query=up&time=1.5");
}

TEST(HttpClientTest, AuthAndHeaders) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  DatasourceConfig c = Config(server.url());
  c.has_basic_auth = true;
  c.basic_auth.username = "alice";
  c.basic_auth.password = "secret";
  c.headers = {{"X-Scope-OrgID", "tenant-1"}};
  auto client = MakeClient(c);
  ASSERT_TRUE(client->Do(Get()).ok());

  std::string token_file = ::testing::TempDir() + "/tocsin_token";
  std::ofstream(token_file) << "first\n";
  DatasourceConfig b = Config(server.url());
  b.has_authorization = true;
  b.authorization.credentials_file = token_file;
  auto bearer = MakeClient(b);
  ASSERT_TRUE(bearer->Do(Get()).ok());
  std::ofstream(token_file) << "second";  // rotated: read on the next request
  ASSERT_TRUE(bearer->Do(Get()).ok());
  std::remove(token_file.c_str());
  auto missing = bearer->Do(Get());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("unable to read credentials file"),
            std::string::npos);

  auto got = server.received();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].Header("Authorization"), "Basic YWxpY2U6c2VjcmV0");
  EXPECT_EQ(got[0].Header("X-Scope-OrgID"), "tenant-1");
  EXPECT_EQ(got[1].Header("Authorization"), "Bearer first");
  EXPECT_EQ(got[2].Header("Authorization"), "Bearer second");
}

TEST(HttpClientTest, InvalidConfigs) {
  struct Case {
    std::string url;
    std::function<void(DatasourceConfig&)> edit;
    std::string message;
  } cases[] = {
      {"ftp://x", nullptr, "the scheme must be http or https"},
      {"http://", nullptr, "invalid datasource URL"},
      {"http://u:p@x:9090", nullptr, "credentials belong in basic_auth"},
      {"http://x:9090/?a=b", nullptr, "a query string"},
      {"http://x:99999", nullptr, "invalid port"},
      {"http://x",
       [](DatasourceConfig& c) {
         c.has_basic_auth = c.has_authorization = true;
       },
       "at most one of basic_auth and authorization"},
      {"http://x",
       [](DatasourceConfig& c) {
         c.has_basic_auth = true;
         c.basic_auth.password = "a";
         c.basic_auth.password_file = "b";
       },
       "password & password_file"},
      {"http://x",
       [](DatasourceConfig& c) {
         c.has_authorization = true;
         c.authorization.type = "basic";
       },
       "use \"basic_auth\" instead"},
      {"https://x",
       [](DatasourceConfig& c) { c.tls_config.ca_file = "/nonexistent.pem"; },
       "unable to use specified CA cert /nonexistent.pem"},
      {"https://x",
       [](DatasourceConfig& c) { c.tls_config.cert_file = "/c.pem"; },
       "specified without client key file"},
  };
  for (const Case& c : cases) {
    DatasourceConfig config = Config(c.url);
    if (c.edit) c.edit(config);
    auto client = HttpClient::Make(config);
    ASSERT_FALSE(client.ok()) << c.url;
    EXPECT_EQ(client.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(client.status().message().find(c.message), std::string::npos)
        << client.status().message();
  }
}

TEST(HttpClientTest, DestroyingTheClientCancelsRequests) {
  FakeServer server([](const FakeRequest&) {
    FakeAnswer a = Ok();
    a.delay = 800ms;
    return a;
  });
  DatasourceConfig c = Config(server.url());
  c.max_connections = 1;
  auto client = MakeClient(c);
  auto first = client->Send(Get());
  auto queued = client->Send(Get());
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  client.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 600ms);
  auto a = first.get();
  auto b = queued.get();
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kCanceled);
  EXPECT_EQ(b.status().code(), Status::Code::kCanceled);
}

}  // namespace
}  // namespace tocsin::datasource
