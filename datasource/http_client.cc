#include "datasource/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <deque>
#include <optional>
#include <random>
#include <thread>
#include <unordered_set>

#include "datasource/auth.h"
#include "datasource/endpoint.h"
#include "datasource/padded_body.h"
#include "datasource/tls_context.h"

namespace tocsin::datasource {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadBufferBytes = 64 * 1024;

using Request = http::request<http::string_body>;

// An OS error as Go writes it ("connection refused", not "Connection
// refused"), so that messages read like Prometheus's own.
std::string GoErrorText(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
      (text.size() < 2 || (text[1] >= 'a' && text[1] <= 'z'))) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

// One pooled connection: plain TCP or TLS over TCP.
struct Connection {
  std::optional<beast::tcp_stream> tcp;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  beast::tcp_stream& Lowest() {
    return tls ? beast::get_lowest_layer(*tls) : *tcp;
  }
  void Close() {
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    Lowest().socket().close(ec);
  }
};

// What a request in flight is waiting on, so that shutdown can cancel it.
struct InFlight {
  Connection* conn = nullptr;
  asio::steady_timer* timer = nullptr;
  tcp::resolver* resolver = nullptr;
};

// Go's net/http names methods this way in its errors: Get "url": ...
std::string GoMethod(const std::string& method) {
  return method == "POST" ? "Post" : "Get";
}

}  // namespace

void HttpClientStats::ObserveLatency(double seconds) {
  latency_count.fetch_add(1, std::memory_order_relaxed);
  latency_micros_sum.fetch_add(static_cast<uint64_t>(seconds * 1e6),
                               std::memory_order_relaxed);
  int i = 0;
  while (i < kBuckets - 1 && seconds > kLatencyBounds[i]) ++i;
  latency_buckets[i].fetch_add(1, std::memory_order_relaxed);
}

struct HttpClient::Impl {
  DatasourceConfig config;
  Endpoint endpoint;
  HttpClientStats stats;
  asio::io_context ioc{1};
  std::unique_ptr<asio::ssl::context> tls_ctx;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>>
      work;
  std::thread thread;

  // Touched on the I/O thread only.
  std::vector<std::unique_ptr<Connection>> idle;
  int active = 0;
  bool stopping = false;
  struct Waiting {
    HttpRequest request;
    Callback done;
    Clock::time_point deadline;
  };
  std::deque<Waiting> waiting;
  std::unordered_set<InFlight*> in_flight;
  std::minstd_rand jitter{std::random_device{}()};

  // The pause before the next attempt: half of `backoff` plus a random
  // part of the other half, so that many clients do not retry in step; or
  // what the server asked for in Retry-After.
  Clock::duration RetryWait(std::chrono::milliseconds backoff,
                            std::chrono::milliseconds retry_after) {
    if (retry_after.count() > 0) return retry_after;
    auto half = std::max<int64_t>(backoff.count() / 2, 0);
    std::uniform_int_distribution<int64_t> extra(0, half);
    return std::chrono::milliseconds(backoff.count() - half + extra(jitter));
  }

  void Enqueue(Waiting w);
  void StartNext();
  void Shutdown();
  asio::awaitable<void> Run(Waiting w);
  asio::awaitable<Result<HttpResponse>> Execute(const HttpRequest& request,
                                                Clock::time_point deadline,
                                                InFlight* state);
  asio::awaitable<Result<HttpResponse>> Attempt(const Request& req,
                                                const std::string& what,
                                                Clock::time_point deadline,
                                                InFlight* state,
                                                bool* retriable);
  asio::awaitable<Result<std::unique_ptr<Connection>>> Connect(
      Clock::time_point deadline, InFlight* state, bool* retriable);
  std::unique_ptr<Connection> TakeIdle();
  Result<Request> BuildRequest(const HttpRequest& request) const;
  std::string Describe(const HttpRequest& request) const {
    std::string_view target = request.target;
    target = target.substr(0, target.find('?'));
    return GoMethod(request.method) + " \"" + endpoint.base_url +
           std::string(target) + "\"";
  }
};

void HttpClient::Impl::Enqueue(Waiting w) {
  if (stopping) {
    w.done(Status::Canceled("datasource client is shutting down"));
    return;
  }
  waiting.push_back(std::move(w));
  StartNext();
}

void HttpClient::Impl::StartNext() {
  while (!stopping && active < config.max_connections && !waiting.empty()) {
    Waiting w = std::move(waiting.front());
    waiting.pop_front();
    ++active;
    asio::co_spawn(ioc, Run(std::move(w)), asio::detached);
  }
}

void HttpClient::Impl::Shutdown() {
  stopping = true;
  for (auto& c : idle) c->Close();
  idle.clear();
  for (Waiting& w : waiting) {
    w.done(Status::Canceled("datasource client is shutting down"));
  }
  waiting.clear();
  for (InFlight* s : in_flight) {
    if (s->conn) s->conn->Close();
    if (s->timer) s->timer->cancel();
    if (s->resolver) s->resolver->cancel();
  }
}

asio::awaitable<void> HttpClient::Impl::Run(Waiting w) {
  const Clock::time_point start = Clock::now();
  InFlight state;
  in_flight.insert(&state);
  std::optional<Result<HttpResponse>> result;
  try {
    result.emplace(co_await Execute(w.request, w.deadline, &state));
  } catch (const std::exception& e) {
    result.emplace(Status::Error(Describe(w.request) + ": " + e.what()));
  }
  in_flight.erase(&state);
  stats.ObserveLatency(
      std::chrono::duration<double>(Clock::now() - start).count());
  if (!result->ok()) {
    stats.failures.fetch_add(1, std::memory_order_relaxed);
    if (result->status().code() == Status::Code::kTimeout) {
      stats.timeouts.fetch_add(1, std::memory_order_relaxed);
    }
  }
  w.done(std::move(*result));
  --active;
  StartNext();
}

asio::awaitable<Result<HttpResponse>> HttpClient::Impl::Execute(
    const HttpRequest& request, Clock::time_point deadline, InFlight* state) {
  auto req = BuildRequest(request);
  if (!req.ok()) co_return req.status();
  const std::string what = Describe(request);
  auto backoff = config.retry_backoff;
  for (int attempt = 0;; ++attempt) {
    if (Clock::now() >= deadline) {
      co_return Status::Timeout(what + ": context deadline exceeded");
    }
    stats.attempts.fetch_add(1, std::memory_order_relaxed);
    bool retriable = false;
    Result<HttpResponse> r =
        co_await Attempt(*req, what, deadline, state, &retriable);
    if (stopping) co_return Status::Canceled(what + ": canceled");
    if (r.ok()) {
      int code = r->status;
      auto& counter = code >= 500   ? stats.responses_5xx
                      : code >= 400 ? stats.responses_4xx
                                    : stats.responses_2xx;
      counter.fetch_add(1, std::memory_order_relaxed);
      retriable = code >= 500 || code == 429;
    }
    if (!retriable || attempt >= config.max_retries) co_return r;
    auto wait =
        RetryWait(std::min(backoff, config.max_retry_backoff),
                  r.ok() ? r->retry_after : std::chrono::milliseconds{});
    if (Clock::now() + wait >= deadline) co_return r;
    asio::steady_timer timer(ioc, wait);
    state->timer = &timer;
    co_await timer.async_wait(kUse);
    state->timer = nullptr;
    if (stopping) co_return Status::Canceled(what + ": canceled");
    stats.retries.fetch_add(1, std::memory_order_relaxed);
    backoff *= 2;
  }
}

std::unique_ptr<Connection> HttpClient::Impl::TakeIdle() {
  const Clock::time_point now = Clock::now();
  while (!idle.empty()) {
    std::unique_ptr<Connection> c = std::move(idle.back());
    idle.pop_back();
    if (now - c->idle_since < config.idle_timeout) return c;
    c->Close();
  }
  return nullptr;
}

asio::awaitable<Result<std::unique_ptr<Connection>>> HttpClient::Impl::Connect(
    Clock::time_point deadline, InFlight* state, bool* retriable) {
  const std::string where =
      "dial tcp " + endpoint.host + ":" + std::to_string(endpoint.port);
  tcp::resolver resolver(ioc);
  state->resolver = &resolver;
  auto [rec, results] = co_await resolver.async_resolve(
      endpoint.host, std::to_string(endpoint.port), kUse);
  state->resolver = nullptr;
  if (rec) {
    *retriable = true;
    co_return Status::Unavailable(where + ": lookup " + endpoint.host + ": " +
                                  GoErrorText(rec));
  }
  auto conn = std::make_unique<Connection>();
  // Beast reads at most the buffer's spare capacity (at least 512 bytes)
  // per call: room for 64 KiB reads keeps a 25 MB answer at ~400 reads
  // instead of ~50,000.
  conn->buffer.reserve(kReadBufferBytes);
  if (endpoint.tls) {
    conn->tls.emplace(ioc, *tls_ctx);
  } else {
    conn->tcp.emplace(ioc);
  }
  state->conn = conn.get();
  conn->Lowest().expires_at(deadline);
  auto [cec, ep] = co_await conn->Lowest().async_connect(results, kUse);
  (void)ep;
  if (cec) {
    state->conn = nullptr;
    if (cec == beast::error::timeout) {
      co_return Status::Timeout(where + ": i/o timeout");
    }
    *retriable = true;
    co_return Status::Unavailable(where + ": connect: " + GoErrorText(cec));
  }
  beast::error_code ignored;
  conn->Lowest().socket().set_option(tcp::no_delay(true), ignored);
  stats.connections_opened.fetch_add(1, std::memory_order_relaxed);
  if (endpoint.tls) {
    const TlsConfig& t = config.tls_config;
    const std::string& name =
        t.server_name.empty() ? endpoint.host : t.server_name;
    SSL_set_tlsext_host_name(conn->tls->native_handle(), name.c_str());
    if (t.insecure_skip_verify) {
      conn->tls->set_verify_mode(asio::ssl::verify_none);
    } else {
      conn->tls->set_verify_mode(asio::ssl::verify_peer);
      conn->tls->set_verify_callback(asio::ssl::host_name_verification(name));
    }
    auto [hec] = co_await conn->tls->async_handshake(
        asio::ssl::stream_base::client, kUse);
    if (hec) {
      state->conn = nullptr;
      if (hec == beast::error::timeout) {
        co_return Status::Timeout(where + ": TLS handshake timeout");
      }
      // A certificate problem does not go away by retrying.
      co_return Status::Unavailable(where + ": tls: " + hec.message());
    }
  }
  state->conn = nullptr;
  co_return conn;
}

asio::awaitable<Result<HttpResponse>> HttpClient::Impl::Attempt(
    const Request& req, const std::string& what, Clock::time_point deadline,
    InFlight* state, bool* retriable) {
  for (;;) {
    std::unique_ptr<Connection> conn = TakeIdle();
    const bool reused = conn != nullptr;
    if (!conn) {
      auto c = co_await Connect(deadline, state, retriable);
      if (!c.ok()) {
        co_return Status::WithCode(c.status().code(),
                                   what + ": " + c.status().message());
      }
      conn = std::move(c).value();
    }
    state->conn = conn.get();
    conn->Lowest().expires_at(deadline);
    auto [wec, sent] = conn->tls
                           ? co_await http::async_write(*conn->tls, req, kUse)
                           : co_await http::async_write(*conn->tcp, req, kUse);
    stats.bytes_sent.fetch_add(sent, std::memory_order_relaxed);
    http::response_parser<PaddedStringBody> parser;
    parser.body_limit(config.max_response_bytes);
    parser.header_limit(1 << 20);
    beast::error_code ec = wec;
    if (!ec) {
      auto [rec, received] = conn->tls
                                 ? co_await http::async_read(
                                       *conn->tls, conn->buffer, parser, kUse)
                                 : co_await http::async_read(
                                       *conn->tcp, conn->buffer, parser, kUse);
      stats.bytes_received.fetch_add(received, std::memory_order_relaxed);
      ec = rec;
    }
    state->conn = nullptr;
    if (ec) {
      conn->Close();
      if (stopping) co_return Status::Canceled(what + ": canceled");
      if (ec == beast::error::timeout) {
        co_return Status::Timeout(what + ": context deadline exceeded");
      }
      if (ec == http::error::body_limit) {
        co_return Status::Unavailable(
            what + ": response body larger than " +
            std::to_string(config.max_response_bytes) + " bytes");
      }
      // The server may have closed an idle connection just as it was
      // reused: send again on a new one, as Go's transport does.
      if (reused && !parser.got_some()) continue;
      *retriable = true;
      if (ec == http::error::partial_message) {
        co_return Status::Unavailable(
            what +
            ": the connection closed in the middle of the answer "
            "(partial message)");
      }
      co_return Status::Unavailable(what + ": " + GoErrorText(ec));
    }
    auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.reason = std::string(res.reason());
    if (auto it = res.find(http::field::content_type); it != res.end()) {
      out.content_type = std::string(it->value());
    }
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
      // Delay-seconds only; an HTTP date falls back to the backoff.
      std::string_view v = it->value();
      int64_t seconds = 0;
      auto [end, err] = std::from_chars(v.data(), v.data() + v.size(), seconds);
      if (err == std::errc() && end == v.data() + v.size() && seconds > 0) {
        out.retry_after =
            std::chrono::seconds(std::min<int64_t>(seconds, 3600));
      }
    }
    const bool keep = res.keep_alive();
    out.body = std::move(res.body());
    if (keep && !stopping) {
      conn->idle_since = Clock::now();
      idle.push_back(std::move(conn));
    } else {
      conn->Close();
    }
    co_return out;
  }
}

Result<Request> HttpClient::Impl::BuildRequest(
    const HttpRequest& request) const {
  Request req(request.method == "POST" ? http::verb::post : http::verb::get,
              endpoint.path_prefix + request.target, 11);
  req.set(http::field::host, endpoint.host_header);
  req.set(http::field::user_agent, "tocsin/0.1");
  req.set(http::field::accept, "application/json");
  auto auth = AuthorizationHeader(config);
  if (!auth.ok()) {
    return Status::InvalidArgument(Describe(request) + ": " +
                                   auth.status().message());
  }
  if (*auth) req.set(http::field::authorization, **auth);
  for (const auto& [name, value] : config.headers) req.set(name, value);
  for (const auto& [name, value] : request.headers) req.set(name, value);
  if (request.method == "POST") {
    req.set(http::field::content_type, request.content_type);
    req.body() = request.body;
  }
  req.keep_alive(true);
  req.prepare_payload();
  return req;
}

Result<std::unique_ptr<HttpClient>> HttpClient::Make(DatasourceConfig config) {
  auto endpoint = ParseEndpoint(config.url);
  if (!endpoint.ok()) return endpoint.status();
  if (Status s = ValidateAuth(config); !s.ok()) return s;
  if (config.max_connections < 1) config.max_connections = 1;
  if (config.max_retries < 0) config.max_retries = 0;
  auto impl = std::make_unique<Impl>();
  if (endpoint->tls || !config.tls_config.ca_file.empty()) {
    auto ctx = MakeTlsContext(config.tls_config);
    if (!ctx.ok()) return ctx.status();
    impl->tls_ctx = std::move(ctx).value();
  }
  impl->config = std::move(config);
  impl->endpoint = std::move(endpoint).value();
  impl->work.emplace(impl->ioc.get_executor());
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->ioc.run(); });
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpClient::~HttpClient() {
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl] { impl->Shutdown(); });
  impl->work.reset();
  impl->thread.join();
}

void HttpClient::Shutdown() {
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl] { impl->Shutdown(); });
}

void HttpClient::Send(HttpRequest request, Callback done) {
  impl_->stats.requests.fetch_add(1, std::memory_order_relaxed);
  Impl::Waiting w{std::move(request), std::move(done),
                  Clock::now() + impl_->config.timeout};
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl, w = std::move(w)]() mutable {
    impl->Enqueue(std::move(w));
  });
}

std::future<Result<HttpResponse>> HttpClient::Send(HttpRequest request) {
  auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
  auto future = promise->get_future();
  Send(std::move(request),
       [promise](Result<HttpResponse> r) { promise->set_value(std::move(r)); });
  return future;
}

const std::string& HttpClient::base_url() const {
  return impl_->endpoint.base_url;
}
const DatasourceConfig& HttpClient::config() const { return impl_->config; }
const HttpClientStats& HttpClient::stats() const { return impl_->stats; }

}  // namespace tocsin::datasource
