#include "engine/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/query_api.h"
#include "tests/engine/fake_backend.h"
#include "tests/engine/test_http_client.h"

namespace tocsin::engine {
namespace {

using namespace std::chrono_literals;
using testing_http::Client;

using testing_http::GetRequest;

// Every test runs with connections spread over the workers by a shared
// event loop, and pinned to one worker each.
class HttpServerTest : public ::testing::TestWithParam<bool> {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    promql::Vector v;
    v.push_back({promql::Labels{{"__name__", "up"}}, 1000, 1});
    backend_.query_result = promql::QueryValue(v);
    auto router = std::make_shared<Router>();
    api_.Register(router.get());
    // Waits for a second request to arrive at this handler while it runs:
    // "met" when one does, "alone" after 20 s without.
    router->Handle("GET", "/rendezvous", [this](const HttpRequest&) {
      std::unique_lock lock(rendezvous_mu_);
      ++rendezvous_arrived_;
      rendezvous_cv_.notify_all();
      bool met = rendezvous_cv_.wait_for(
          lock, 20s, [this] { return rendezvous_arrived_ >= 2; });
      return HttpResponse::Text(200, met ? "met" : "alone");
    });
    options.host = "127.0.0.1";
    options.port = 0;
    options.pin_connections = GetParam();
    auto server = HttpServer::Start(options, router);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    port_ = server_->port();
  }

  FakeBackend backend_;
  QueryApi api_{&backend_};
  // The /rendezvous handler's state; outlives the server.
  std::mutex rendezvous_mu_;
  std::condition_variable rendezvous_cv_;
  int rendezvous_arrived_ = 0;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

constexpr std::string_view kUpBody =
    R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1,"1"]}]}})";

TEST_P(HttpServerTest, ReportsBoundPort) {
  StartServer();
  EXPECT_NE(port_, 0);
  EXPECT_EQ(server_->address(), "127.0.0.1");
}

TEST_P(HttpServerTest, AnswersEachEndpoint) {
  StartServer();
  backend_.strings_result = std::vector<std::string>{"job"};
  backend_.series_result = std::vector<promql::Labels>{};
  struct Case {
    std::string request;
    int status;
    std::string body;
  };
  const std::string form =
      "Content-Type: application/x-www-form-urlencoded\r\n";
  const Case cases[] = {
      {GetRequest("/api/v1/query?query=up&time=1"), 200, std::string(kUpBody)},
      {"POST /api/v1/query HTTP/1.1\r\nHost: x\r\n" + form +
           "Content-Length: 15\r\n\r\nquery=up&time=1",
       200, std::string(kUpBody)},
      {GetRequest("/api/v1/query_range?query=up&start=0&end=1&step=1"), 200,
       std::string(kUpBody)},
      {GetRequest("/api/v1/query_range?query=up&start=0&end=1&step=0"), 400,
       R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"})"},
      {GetRequest("/api/v1/series?match[]=up"), 200,
       R"({"status":"success","data":[]})"},
      {GetRequest("/api/v1/series"), 400,
       R"({"status":"error","errorType":"bad_data","error":"no match[] parameter provided"})"},
      {GetRequest("/api/v1/labels"), 200,
       R"({"status":"success","data":["job"]})"},
      {GetRequest("/api/v1/label/job/values"), 200,
       R"({"status":"success","data":["job"]})"},
      {GetRequest("/api/v1/label/9/values"), 400,
       R"({"status":"error","errorType":"bad_data","error":"invalid label name: \"9\""})"},
      {GetRequest("/-/healthy"), 200, "Prometheus Server is Healthy.\n"},
      {GetRequest("/-/ready"), 200, "Prometheus Server is Ready.\n"},
      {GetRequest("/metrics/nothing"), 404, "404 page not found\n"},
  };
  for (const auto& c : cases) {
    Client client(port_);
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(c.request));
    Client::Response r = client.Read();
    EXPECT_EQ(r.status, c.status) << c.request;
    EXPECT_EQ(r.body, c.body) << c.request;
    if (c.body.front() == '{') {
      EXPECT_NE(r.headers.find("content-type: application/json\r\n"),
                std::string::npos)
          << r.headers;
    }
  }
}

TEST_P(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.connected());
  // Two requests pipelined in one write, then a third one later.
  ASSERT_TRUE(client.Send(GetRequest("/api/v1/query?query=up&time=1") +
                          GetRequest("/-/healthy")));
  Client::Response a = client.Read();
  Client::Response b = client.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, kUpBody);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, "Prometheus Server is Healthy.\n");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(client.Send(GetRequest("/api/v1/query?query=up&time=1")));
    Client::Response c = client.Read();
    EXPECT_EQ(c.status, 200);
    EXPECT_EQ(c.headers.find("connection: close"), std::string::npos);
  }
  EXPECT_EQ(backend_.calls().size(), 6u);
}

TEST_P(HttpServerTest, AnswersExpectContinue) {
  StartServer();
  Client client(port_);
  std::string body = "query=up&time=1";
  ASSERT_TRUE(client.Send(
      "POST /api/v1/query HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n"));
  Client::Response interim = client.Read();
  EXPECT_EQ(interim.status, 100);
  ASSERT_TRUE(client.Send(body));
  Client::Response r = client.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kUpBody);
}

TEST_P(HttpServerTest, ClosesWhenAsked) {
  StartServer();
  {
    Client client(port_);
    ASSERT_TRUE(client.Send(GetRequest("/-/ready", "Connection: close\r\n")));
    EXPECT_EQ(client.Read().status, 200);
    EXPECT_TRUE(client.ClosedByPeer());
  }
  {
    Client client(port_);
    ASSERT_TRUE(client.Send("GET /-/ready HTTP/1.0\r\n\r\n"));
    EXPECT_EQ(client.Read().status, 200);
    EXPECT_TRUE(client.ClosedByPeer());
  }
}

TEST_P(HttpServerTest, TruncatedRequestDoesNotHangTheServer) {
  HttpServerOptions options;
  options.threads = 1;
  options.read_timeout = 300ms;
  StartServer(options);
  {
    // Half a request, then the client goes away.
    Client gone(port_);
    ASSERT_TRUE(
        gone.Send("GET /api/v1/query?query=up HTTP/1.1\r\nHost: x\r\n"));
  }
  // Half a request, and the client stays: the server drops it after the
  // read timeout.
  Client stuck(port_);
  ASSERT_TRUE(
      stuck.Send("POST /api/v1/query HTTP/1.1\r\nContent-Length: 50\r\n"
                 "\r\nquery=up"));
  Client other(port_);
  ASSERT_TRUE(other.Send(GetRequest("/-/healthy")));
  EXPECT_EQ(other.Read().status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(stuck.ClosedByPeer());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_P(HttpServerTest, SlowClientHoldsNoWorker) {
  HttpServerOptions options;
  options.threads = 1;
  options.read_timeout = 3s;
  StartServer(options);
  // A client that sends a byte every 100 ms until the read timeout closes
  // its connection.
  std::atomic<bool> slow_closed{false};
  std::thread slow([&] {
    Client client(port_);
    std::string request = GetRequest("/api/v1/query?query=up&time=1");
    for (char c : request.substr(0, 50)) {
      if (!client.Send(std::string_view(&c, 1))) break;
      std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(client.ClosedByPeer());
    slow_closed = true;
  });
  std::this_thread::sleep_for(200ms);
  // With a single worker thread, other clients are answered while the slow
  // one still holds its connection.
  for (int i = 0; i < 5; ++i) {
    Client client(port_);
    ASSERT_TRUE(client.Send(GetRequest("/api/v1/query?query=up&time=1")));
    EXPECT_EQ(client.Read().status, 200);
    EXPECT_FALSE(slow_closed.load()) << "request " << i;
  }
  slow.join();
}

TEST_P(HttpServerTest, ConcurrentClients) {
  HttpServerOptions options;
  options.threads = 2;
  StartServer(options);
  constexpr int kClients = 8, kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client client(port_);
      for (int j = 0; j < kRequests; ++j) {
        std::string target = "/api/v1/query?query=q" + std::to_string(i) + "_" +
                             std::to_string(j) + "&time=1";
        if (!client.Send(GetRequest(target))) return;
        Client::Response r = client.Read();
        if (r.status == 200 && r.body == kUpBody) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
  EXPECT_EQ(backend_.calls().size(), size_t{kClients * kRequests});
}

TEST_P(HttpServerTest, HandlersRunInParallel) {
  HttpServerOptions options;
  options.threads = 2;
  StartServer(options);
  // Each handler waits until the other one runs too. The second client
  // connects only once the first handler holds its worker: connecting must
  // not wait for that worker either.
  auto meet = [&] {
    Client c(port_);
    ASSERT_TRUE(c.Send(GetRequest("/rendezvous")));
    EXPECT_EQ(c.Read().body, "met\n");
  };
  std::thread first(meet);
  {
    std::unique_lock lock(rendezvous_mu_);
    rendezvous_cv_.wait(lock, [this] { return rendezvous_arrived_ >= 1; });
  }
  std::thread second(meet);
  first.join();
  second.join();
}

TEST_P(HttpServerTest, RejectsOversizedAndMalformedRequests) {
  HttpServerOptions options;
  options.body_limit = 1024;
  options.header_limit = 2048;
  StartServer(options);
  {
    Client client(port_);
    std::string body(2000, 'a');
    client.Send("POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(client.Read().status, 413);
    EXPECT_TRUE(client.ClosedByPeer());
  }
  {
    Client client(port_);
    client.Send(
        GetRequest("/-/ready", "X-Big: " + std::string(4000, 'b') + "\r\n"));
    EXPECT_EQ(client.Read().status, 431);
  }
  {
    Client client(port_);
    client.Send("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(client.Read().status, 400);
    EXPECT_TRUE(client.ClosedByPeer());
  }
  {
    Client client(port_);
    client.Send(GetRequest("/api/%zz"));
    EXPECT_EQ(client.Read().status, 400);
  }
  // The server is still fine.
  Client client(port_);
  client.Send(GetRequest("/-/healthy"));
  EXPECT_EQ(client.Read().status, 200);
}

TEST_P(HttpServerTest, StopClosesConnectionsAndListener) {
  StartServer();
  Client idle(port_);
  ASSERT_TRUE(idle.Send(GetRequest("/-/healthy")));
  EXPECT_EQ(idle.Read().status, 200);
  auto start = std::chrono::steady_clock::now();
  server_->Stop();
  server_->Stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(idle.ClosedByPeer());
  Client late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_P(HttpServerTest, BindFailureIsAnError) {
  StartServer();
  HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  auto second = HttpServer::Start(options, std::make_shared<Router>());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(second.status().message().find(
                "listen tcp 127.0.0.1:" + std::to_string(port_) + ": "),
            std::string::npos)
      << second.status().message();
}

INSTANTIATE_TEST_SUITE_P(Connections, HttpServerTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& connections) {
                           return connections.param ? "Pinned" : "Shared";
                         });

TEST(SplitHostPortTest, Table) {
  struct Case {
    const char* input;
    bool ok;
    const char* host;
    uint16_t port;
  };
  const Case cases[] = {
      {"0.0.0.0:9090", true, "0.0.0.0", 9090},
      {":9090", true, "", 9090},
      {"localhost:0", true, "localhost", 0},
      {"[::1]:80", true, "::1", 80},
      {"127.0.0.1", false, "", 0},
      {"::1:80", false, "", 0},
      {"host:http", false, "", 0},
      {"host:70000", false, "", 0},
      {"host:", false, "", 0},
  };
  for (const auto& c : cases) {
    auto r = SplitHostPort(c.input);
    EXPECT_EQ(r.ok(), c.ok) << c.input;
    if (r.ok() && c.ok) {
      EXPECT_EQ(r->first, c.host);
      EXPECT_EQ(r->second, c.port);
    }
  }
  EXPECT_EQ(SplitHostPort("127.0.0.1").status().message(),
            "address 127.0.0.1: missing port in address");
}

}  // namespace
}  // namespace tocsin::engine
