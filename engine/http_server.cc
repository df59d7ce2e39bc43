#include "engine/http_server.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <condition_variable>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace tocsin::engine {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

constexpr std::chrono::seconds kStopGrace{5};
// The most a connection's read buffer grows to make room for a body.
constexpr uint64_t kBodyReadChunk = 64 * 1024;

// The Date header ("Wed, 25 Nov 2026 10:11:18 GMT"), formatted once a second
// per thread.
const std::string& HttpDate() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached.assign(buf, n);
    cached_second = now;
  }
  return cached;
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  std::shared_ptr<const Router> router;
  std::atomic<int> connections{0};
  std::atomic<bool> stopped{false};
  std::string address;
  uint16_t port = 0;
  // The open connections, so that Stop() can close the idle ones.
  std::mutex sessions_mu;
  std::condition_variable sessions_cv;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  // Destroyed before the members above: the sessions it still holds touch
  // `connections` when they go.
  // With pin_connections one per worker thread, each run by its thread
  // alone, and a connection lives on one of them, taken in turn; else one
  // that every worker runs, with a strand per connection.
  std::vector<std::unique_ptr<net::io_context>> contexts;
  // With pin_connections the acceptor's own loop, run by a thread of its
  // own, so that accepting never waits for a worker busy with a request;
  // else null, and the acceptor shares the workers' loop.
  std::unique_ptr<net::io_context> accept_context;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::atomic<size_t> next_context{0};
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> accept_retry;
  std::vector<std::thread> threads;

  net::io_context& accepting() {
    return accept_context ? *accept_context : *contexts.front();
  }
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void Forget(Session* session);
  void CloseIdleSessions();
};

namespace {

// One connection: reads a request, runs the router, writes the response,
// and repeats while the connection is kept alive. All of its handlers run
// on the connection's strand (or its own thread), so they never overlap.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {}
  ~Session() { server_->Forget(this); }

  void Start() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }
  // Closes the connection unless a request is being handled; a busy
  // connection closes after its response because the server is stopping.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void DoRead();
  void OnHeader(beast::error_code ec, size_t bytes);
  void ReadBody();
  void OnRead(beast::error_code ec, size_t bytes);
  HttpResponse Handle(http::request<http::string_body>&& message);
  void Write(HttpResponse response, bool keep_alive, unsigned version);
  void OnWrite(bool keep_alive, beast::error_code ec, size_t bytes);
  void Close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  http::response<http::empty_body> continue_;
  HttpServer::Impl* server_;
  bool busy_ = false;  // between a complete request and its written response
};

void Session::DoRead() {
  parser_.emplace();
  parser_->header_limit(
      static_cast<std::uint32_t>(server_->options.header_limit));
  parser_->body_limit(server_->options.body_limit);
  stream_.expires_after(server_->options.read_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

// Clients such as curl send "Expect: 100-continue" with larger bodies and
// wait for the interim answer before sending the body.
void Session::OnHeader(beast::error_code ec, size_t bytes) {
  if (ec) return OnRead(ec, bytes);
  // Beast reads into the free space of the buffer, at least 512 bytes at a
  // time; as the body parser consumes what was read, the buffer stays
  // small and a body would come in 512-byte reads. Room for the body (up
  // to kBodyReadChunk) makes it a few reads; the room stays for the
  // connection's later requests.
  if (auto length = parser_->content_length(); length && *length > 0) {
    size_t want =
        static_cast<size_t>(std::min<uint64_t>(*length, kBodyReadChunk));
    if (buffer_.capacity() - buffer_.size() < want) {
      buffer_.reserve(buffer_.size() + want);
    }
  }
  const auto& header = parser_->get();
  auto expect = header[http::field::expect];
  if (header.version() >= 11 && beast::iequals(expect, "100-continue") &&
      !parser_->is_done()) {
    continue_ = {http::status::continue_, 11};
    http::async_write(
        stream_, continue_,
        [self = shared_from_this()](beast::error_code wec, size_t) {
          if (wec) return self->Close();
          self->ReadBody();
        });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  http::async_read(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, size_t /*bytes*/) {
  if (ec == http::error::end_of_stream) return Close();
  if (ec == http::error::body_limit) {
    if (server_->options.body_limit_response) {
      return Write(server_->options.body_limit_response(
                       std::string(parser_->get().target())),
                   false, 11);
    }
    return Write(HttpResponse::Text(413, "413 Request Entity Too Large"), false,
                 11);
  }
  if (ec == http::error::header_limit) {
    return Write(HttpResponse::Text(431, "431 Request Header Fields Too Large"),
                 false, 11);
  }
  if (ec) {
    // A timeout, a reset or a request cut short: nobody to answer.
    bool malformed =
        ec.category() ==
            http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::partial_message;
    if (malformed) {
      return Write(HttpResponse::Text(400, "400 Bad Request"), false, 11);
    }
    return Close();
  }
  busy_ = true;
  http::request<http::string_body> message = parser_->release();
  bool keep_alive = message.keep_alive();
  unsigned version = message.version();
  HttpResponse response = Handle(std::move(message));
  Write(std::move(response), keep_alive, version);
}

HttpResponse Session::Handle(http::request<http::string_body>&& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.headers.reserve(8);
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()),
                                 std::string(field.value()));
  }
  request.body = std::move(message.body());
  if (!ParseRequestParams(&request)) {
    return HttpResponse::Text(400, "400 Bad Request");
  }
  try {
    return server_->router->Serve(&request);
  } catch (const std::exception& e) {
    return HttpResponse::Text(500, e.what());
  }
}

void Session::Write(HttpResponse response, bool keep_alive, unsigned version) {
  response_ = {};
  response_.version(version == 10 ? 10 : 11);
  response_.result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty()) {
    response_.set(http::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) response_.set(name, value);
  response_.set(http::field::date, HttpDate());
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  stream_.expires_after(server_->options.write_timeout);
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&Session::OnWrite,
                                              shared_from_this(), keep_alive));
}

void Session::OnWrite(bool keep_alive, beast::error_code ec, size_t /*bytes*/) {
  busy_ = false;
  if (ec || !keep_alive || server_->stopped.load()) return Close();
  response_ = {};
  DoRead();
}

void Session::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace

void HttpServer::Impl::Accept() {
  net::io_context& ioc = *contexts[next_context++ % contexts.size()];
  net::any_io_executor executor = ioc.get_executor();
  if (!options.pin_connections) executor = net::make_strand(ioc);
  acceptor->async_accept(
      executor, beast::bind_front_handler(&HttpServer::Impl::OnAccept, this));
}

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopped.load() || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors and the like: try again shortly instead of
    // spinning.
    accept_retry->expires_after(std::chrono::milliseconds(50));
    accept_retry->async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && !stopped.load()) Accept();
    });
    return;
  }
  if (connections.fetch_add(1) >= options.max_connections) {
    connections.fetch_sub(1);
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), this);
    {
      std::lock_guard<std::mutex> lock(sessions_mu);
      sessions.emplace(session.get(), session);
    }
    session->Start();
  }
  Accept();
}

void HttpServer::Impl::Forget(Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mu);
  sessions.erase(session);
  connections.fetch_sub(1);
  sessions_cv.notify_all();
}

void HttpServer::Impl::CloseIdleSessions() {
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (auto& s : open) s->CloseIfIdle();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

const std::string& HttpServer::address() const { return impl_->address; }
uint16_t HttpServer::port() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpServerOptions& options, std::shared_ptr<const Router> router) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  int threads = options.threads > 0 ? options.threads : 1;
  int contexts = options.pin_connections ? threads : 1;
  for (int i = 0; i < contexts; ++i) {
    impl->contexts.push_back(
        std::make_unique<net::io_context>(threads / contexts));
  }
  if (options.pin_connections) {
    impl->accept_context = std::make_unique<net::io_context>(1);
  }
  net::io_context& accepting = impl->accepting();
  impl->acceptor.emplace(accepting);
  impl->accept_retry.emplace(accepting);
  impl->router = std::move(router);
  std::string where =
      "listen tcp " + options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  tcp::endpoint endpoint;
  if (options.host.empty()) {
    endpoint = tcp::endpoint(net::ip::address_v4::any(), options.port);
  } else {
    tcp::resolver resolver(accepting);
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      return Status::Unavailable(where + ": lookup " + options.host + ": " +
                                 (ec ? ec.message() : "no such host"));
    }
    endpoint = results.begin()->endpoint();
  }
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) {
    impl->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable(where + ": " + ec.message());
  tcp::endpoint bound = impl->acceptor->local_endpoint(ec);
  impl->address = bound.address().to_string();
  impl->port = bound.port();

  // The loop each thread runs: the workers', then the acceptor's own.
  std::vector<net::io_context*> loops;
  for (int i = 0; i < threads; ++i) {
    loops.push_back(impl->contexts[i % contexts].get());
  }
  for (auto& ioc : impl->contexts) impl->work.emplace_back(ioc->get_executor());
  if (impl->accept_context) {
    loops.push_back(impl->accept_context.get());
    impl->work.emplace_back(impl->accept_context->get_executor());
  }
  impl->Accept();
  for (net::io_context* ioc : loops) {
    impl->threads.emplace_back([ioc] {
      while (true) {
        try {
          ioc->run();
          return;
        } catch (const std::exception&) {
          // A handler threw past its own guard; keep the worker alive.
        }
      }
    });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  net::post(impl_->accepting(), [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor->close(ignored);
    impl->accept_retry->cancel();
  });
  impl_->CloseIdleSessions();
  impl_->work.clear();
  {
    // Requests being handled get a grace period to finish and answer.
    std::unique_lock<std::mutex> lock(impl_->sessions_mu);
    impl_->sessions_cv.wait_for(lock, kStopGrace,
                                [&] { return impl_->sessions.empty(); });
  }
  for (auto& ioc : impl_->contexts) ioc->stop();
  if (impl_->accept_context) impl_->accept_context->stop();
  for (std::thread& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  // The posted close may not have run before the workers left.
  beast::error_code ignored;
  impl_->acceptor->close(ignored);
}

Result<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view addr) {
  auto error = [&](std::string_view why) {
    return Status::InvalidArgument("address " + std::string(addr) + ": " +
                                   std::string(why));
  };
  size_t colon = addr.rfind(':');
  if (colon == std::string_view::npos) return error("missing port in address");
  std::string_view host = addr.substr(0, colon);
  std::string_view port = addr.substr(colon + 1);
  if (!host.empty() && host.front() == '[') {
    if (host.back() != ']') return error("missing ']' in address");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return error("too many colons in address");
  }
  unsigned value = 0;
  auto [end, ec] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() ||
      value > 65535) {
    return Status::InvalidArgument("invalid port \"" + std::string(port) +
                                   "\" in address " + std::string(addr));
  }
  return std::make_pair(std::string(host), static_cast<uint16_t>(value));
}

std::string ExternalUrl(std::string given, uint16_t port) {
  if (given.empty()) {
    char host[256] = {0};
    ::gethostname(host, sizeof(host) - 1);
    given = "http://" + std::string(host) + ":" + std::to_string(port);
  }
  while (!given.empty() && given.back() == '/') given.pop_back();
  return given;
}

}  // namespace tocsin::engine
