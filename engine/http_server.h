// HttpServer: tocsin's HTTP/1.1 server.
//
// The server listens on one address, accepts connections asynchronously and
// runs a fixed pool of worker threads that both do the I/O and run the
// handlers (so at most `threads` requests are being handled at once; slow
// clients only hold a timer, never a thread; see pin_connections for how
// connections are spread over the threads). Connections are kept alive
// between requests (HTTP/1.1 default, or "Connection: keep-alive" on 1.0).
// Every request must arrive completely within `read_timeout` from when the
// server starts waiting for it, otherwise the connection is closed; the same
// limit closes idle keep-alive connections. Headers above `header_limit`
// answer 431 and bodies above `body_limit` answer 413, and a malformed
// request answers 400; all three close the connection. The Boost.Asio types
// stay inside http_server.cc.
//
// Thread-safety: Start() returns a running server; Stop() may be called from
// any thread except a handler's, any number of times. It stops accepting,
// closes idle connections, lets requests being handled finish and answer
// (for up to 5 seconds), and returns once every worker thread has exited.
// The destructor stops the server.

#ifndef TOCSIN_ENGINE_HTTP_SERVER_H_
#define TOCSIN_ENGINE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/http_router.h"
#include "promql/status.h"

namespace tocsin::engine {

struct HttpServerOptions {
  std::string host = "0.0.0.0";  // "" also means every interface
  uint16_t port = 9090;          // 0 picks a free port; see HttpServer::port()
  int threads = 2;
  // Each worker thread runs its own event loop and a connection stays on
  // one of them, taken in turn: no hand-over between the threads, which
  // makes short requests cheaper (17-26% more alert posts a second in the
  // router's benchmark), but a long request holds up the other connections
  // of its thread. For servers whose requests are all short. (Connections
  // are then accepted on a thread of their own, so a long request never
  // holds up new connections.)
  bool pin_connections = false;
  size_t header_limit = 1024 * 1024;  // as Go's http.DefaultMaxHeaderBytes
  size_t body_limit = 10 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds write_timeout{std::chrono::minutes(5)};
  // Connections beyond this many are closed right after accepting them.
  int max_connections = 512;
  // When set, the answer to a body above body_limit (given the request
  // target) instead of 413; the connection is closed all the same.
  std::function<HttpResponse(const std::string& target)> body_limit_response;
};

class HttpServer {
 public:
  // Binds and starts serving `router`. Fails with kUnavailable when the
  // address cannot be resolved or bound ("listen tcp 127.0.0.1:80: ...").
  static Result<std::unique_ptr<HttpServer>> Start(
      const HttpServerOptions& options, std::shared_ptr<const Router> router);

  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound address ("127.0.0.1") and port (the real one when 0 was asked).
  const std::string& address() const;
  uint16_t port() const;

  // Stops the server as described above.
  void Stop();

  struct Impl;  // defined in http_server.cc

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The URL a server on `port` is reachable under, for links in alerts and
// notifications: `given` (--web.external-url) without its trailing
// slashes, or http://<hostname>:<port> as Prometheus and Alertmanager
// default it.
std::string ExternalUrl(std::string given, uint16_t port);

// Splits "host:port" / "[::1]:port" / ":port" as Go's net.SplitHostPort
// does (the brackets are removed). Fails with kInvalidArgument.
Result<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view addr);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_HTTP_SERVER_H_
