// HttpClient: tocsin's HTTP/1.1 client for one datasource.
//
// Requests go to the datasource's base URL (config.h) over a pool of
// keep-alive connections (plain TCP or TLS via OpenSSL), at most
// `max_connections` at once; further requests wait in line. Each request
// carries the configured authentication (basic auth or an Authorization
// header; `*_file` secrets are read on every request) and headers. A
// request that cannot connect, loses its connection, or gets a 5xx or 429
// answer is retried with exponential backoff (`retry_backoff`, doubled per
// retry, at most `max_retry_backoff`, at most `max_retries` times; each
// pause is jittered between half and all of it, or is the answer's
// Retry-After when it gives one and it fits in the timeout); other 4xx
// answers and timeouts are not retried. A request that fails on a reused idle
// connection before any answer arrived is resent at once on a new one, as
// Go's transport does. `timeout` bounds each request, retries included.
//
// Results: a completed exchange is an HttpResponse whatever its status
// code (the caller maps statuses); failures to exchange are kUnavailable
// (connect, TLS, lost connection: "Get \"http://...\": connection
// refused"), kTimeout, or kInvalidArgument (unreadable secret files).
//
// Thread-safety: every method may be called from any thread at once. The
// client runs its own I/O thread; the Boost.Asio types stay in the .cc
// files. Destroying the client cancels requests in flight (their futures
// complete with kCanceled) and joins the thread.

#ifndef TOCSIN_DATASOURCE_HTTP_CLIENT_H_
#define TOCSIN_DATASOURCE_HTTP_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

struct HttpRequest {
  // "GET" or "POST".
  std::string method = "GET";
  // The path and query below the base URL's path: "/api/v1/query?query=up".
  std::string target;
  // A POST's body: any bytes (form text, JSON, snappy-compressed protobuf).
  std::string body;
  std::string content_type;
  // Headers of this request alone (Content-Encoding, User-Agent, ...).
  // They are set after the client's own and the configured ones, and
  // replace a header of the same name.
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string content_type;
  // The body; its capacity leaves room for a JSON parser's padding.
  std::string body;
  // Retry-After in delay-seconds (429 and 503 answers), else zero.
  std::chrono::milliseconds retry_after{0};
};

// Cumulative counters, for the daemon's /metrics. Latency buckets are the
// upper bounds in kLatencyBounds (seconds), counted cumulatively on export.
struct HttpClientStats {
  static constexpr double kLatencyBounds[] = {
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  static constexpr int kBuckets = std::size(kLatencyBounds) + 1;

  std::atomic<uint64_t> requests{0};  // every request, once
  std::atomic<uint64_t> attempts{0};  // every attempt, retries included
  std::atomic<uint64_t> retries{0};
  std::atomic<uint64_t> failures{0};  // requests without an answer
  std::atomic<uint64_t> responses_2xx{0};
  std::atomic<uint64_t> responses_4xx{0};
  std::atomic<uint64_t> responses_5xx{0};
  std::atomic<uint64_t> timeouts{0};
  std::atomic<uint64_t> connections_opened{0};
  std::atomic<uint64_t> bytes_sent{0};      // request bodies and headers
  std::atomic<uint64_t> bytes_received{0};  // responses, headers included
  std::atomic<uint64_t> latency_count{0};   // requests with a final result
  std::atomic<uint64_t> latency_micros_sum{0};
  std::atomic<uint64_t> latency_buckets[kBuckets] = {};

  void ObserveLatency(double seconds);
};

class HttpClient {
 public:
  // Checks the configuration (URL scheme and host, TLS files, exclusive
  // secret fields) and starts the I/O thread. Fails with kInvalidArgument.
  static Result<std::unique_ptr<HttpClient>> Make(DatasourceConfig config);

  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts `request`; `done` runs on the client's I/O thread with the
  // result exactly once (keep it short). Never blocks.
  using Callback = std::function<void(Result<HttpResponse>)>;
  void Send(HttpRequest request, Callback done);

  // Starts `request` and returns its future result.
  std::future<Result<HttpResponse>> Send(HttpRequest request);

  // Sends and waits.
  Result<HttpResponse> Do(HttpRequest request) {
    return Send(std::move(request)).get();
  }

  // Cancels every request waiting or in flight (they complete with
  // kCanceled, soon after this returns) and makes later ones fail with
  // kCanceled at once. The client stays usable for stats().
  void Shutdown();

  // "http://host:port/prefix" as configured, for messages.
  const std::string& base_url() const;
  const DatasourceConfig& config() const;
  const HttpClientStats& stats() const;

  struct Impl;  // defined in http_client.cc

 private:
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_HTTP_CLIENT_H_
