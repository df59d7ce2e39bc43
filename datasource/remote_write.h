// RemoteWriter: sends samples to one Prometheus remote-write receiver
// (remote write 1.0: a snappy-compressed protobuf WriteRequest in a POST
// with Content-Encoding: snappy, Content-Type: application/x-protobuf and
// X-Prometheus-Remote-Write-Version: 0.1.0), as Prometheus's queue manager
// does, simplified.
//
// Append only queues: it takes the writer's lock for a moment and never
// waits on the network, so rule evaluation is never held up by the
// receiver. Series are spread over `max_shards` shards by label hash; each
// shard sends its samples in the order they were appended, one batch at a
// time, so the samples of a series arrive in order. A shard sends a batch
// once it holds `max_samples_per_send` samples, or `batch_send_deadline`
// after its oldest waiting sample came in (after the previous batch left,
// for what a full batch left behind). Samples of one series within a batch
// travel in one TimeSeries.
//
// A send that fails to connect, times out (`remote_timeout`), or gets a
// 5xx answer (or a 429 with `retry_on_http_429`) is retried, without end,
// after an exponential backoff from `min_backoff` to `max_backoff`, or
// after the answer's Retry-After; the shard's later samples wait behind it.
// Any other answer outside 2xx drops the batch (counted as failed). While
// the receiver is down, samples pile up to `capacity` (split evenly
// between the shards; the batch being retried comes on top); beyond it each
// new sample pushes out the oldest waiting one of its shard (counted as
// dropped). Every failed send is reported to
// `on_send_error` and kept as the last error.
//
// Stop sends what is queued, retrying as above, for at most its timeout;
// whatever is still unsent then is dropped (counted). Appending after Stop
// drops the samples (counted).
//
// Thread-safety: every method may be called from any thread at once. The
// writer runs one sender thread, plus the I/O thread of its HTTP client.
// Destroying a writer stops it with a zero timeout.

#ifndef TOCSIN_DATASOURCE_REMOTE_WRITE_H_
#define TOCSIN_DATASOURCE_REMOTE_WRITE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "datasource/http_client.h"
#include "datasource/remote_write_config.h"
#include "datasource/remote_write_encoding.h"
#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::datasource {

// A snapshot of a writer's counters, for the daemon's /metrics. Counters
// only grow.
struct RemoteWriteStats {
  uint64_t samples_appended = 0;  // every sample given to Append
  uint64_t samples_sent = 0;      // accepted by the receiver (2xx)
  uint64_t samples_failed = 0;    // in batches rejected for good (4xx)
  uint64_t samples_dropped = 0;   // never sent: pushed out by capacity,
                                  // unsent at Stop, or appended after it
  uint64_t samples_retried = 0;   // once per retry of their batch
  uint64_t samples_pending = 0;   // waiting or in flight now (a gauge)
  uint64_t batches_sent = 0;      // requests answered with 2xx
  uint64_t batches_failed = 0;    // requests answered outside 2xx, or
                                  // without an answer (retried or not)
  uint64_t bytes_sent = 0;        // compressed bodies, every attempt
  // The newest sample timestamp the receiver accepted; 0 before any.
  int64_t highest_sent_timestamp_ms = 0;
  // The error of the latest failed send ("server returned HTTP status 500
  // Internal Server Error: ..."), or "" when none failed yet.
  std::string last_error;
  std::chrono::system_clock::time_point last_error_time{};
};

struct RemoteWriterOptions {
  // Sent as User-Agent ("tocsin/0.1.0").
  std::string user_agent = "tocsin";
  // global.external_labels: added to every series that lacks the label
  // (a series' own value wins), as Prometheus does for remote write.
  promql::Labels external_labels;
  // Told about every failed send: the error, whether the batch will be
  // retried, and how many samples it holds. Runs on the sender thread (or
  // in Stop, for a send that failed as it stopped), without the writer's
  // lock: it may read stats() but must not call Stop. Keep it short (log
  // and return). May be empty.
  std::function<void(const Status& error, bool retrying, size_t samples)>
      on_send_error;
};

class RemoteWriter {
 public:
  // Checks the configuration as the HTTP client does (URL, auth, TLS
  // files) and starts the sender. Fails with kInvalidArgument.
  static Result<std::unique_ptr<RemoteWriter>> Make(
      RemoteWriteConfig config, RemoteWriterOptions options = {});

  ~RemoteWriter();
  RemoteWriter(const RemoteWriter&) = delete;
  RemoteWriter& operator=(const RemoteWriter&) = delete;

  // Queues one sample. `labels` must be a valid series (non-empty, sorted,
  // as promql::Labels always is). A staleness marker (promql::StaleNaN())
  // is sent bit for bit. Never blocks on the network.
  void Append(const promql::Labels& labels, int64_t timestamp_ms, double value);

  // Queues a group of samples under one lock, in order: the cheap way to
  // hand over a rule group's output at the end of its evaluation.
  void Append(std::span<const WriteSample> samples);
  void Append(std::vector<WriteSample>&& samples);

  // Sends everything queued, retrying failed sends, for at most `timeout`,
  // then drops what is left and stops the sender. Later calls return at
  // once.
  void Stop(std::chrono::milliseconds timeout);

  RemoteWriteStats stats() const;
  // The HTTP client's counters (latency histogram, connections).
  const HttpClientStats& http_stats() const;
  const RemoteWriteConfig& config() const;

  struct Impl;  // defined in remote_write.cc

 private:
  explicit RemoteWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_REMOTE_WRITE_H_
