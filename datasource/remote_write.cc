#include "datasource/remote_write.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "datasource/endpoint.h"

namespace tocsin::datasource {

using Clock = std::chrono::steady_clock;

namespace {

// Prometheus reads at most this much of an error answer's body.
constexpr size_t kMaxErrorBytes = 1024;

// How long Stop waits for canceled requests to report back.
constexpr auto kCancelWait = std::chrono::seconds(5);

// "server returned HTTP status 500 Internal Server Error: <first line>".
std::string StatusError(const HttpResponse& r) {
  std::string_view body = r.body;
  body = body.substr(0, std::min(body.size(), kMaxErrorBytes));
  body = body.substr(0, body.find('\n'));
  if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
  std::string status = std::to_string(r.status);
  if (!r.reason.empty()) status += " " + r.reason;
  return "server returned HTTP status " + status + ": " + std::string(body);
}

}  // namespace

// One shard: the samples waiting to be sent and the batch being sent.
struct Shard {
  std::deque<WriteSample> pending;
  Clock::time_point first_pending;  // when `pending` last became non-empty

  // The batch taken from `pending`, encoded; kept until it is sent, failed
  // for good or dropped.
  bool has_batch = false;
  bool in_flight = false;
  std::string body;
  size_t batch_samples = 0;
  int64_t batch_max_ts = 0;
  Clock::time_point retry_at;
  std::chrono::milliseconds backoff{0};

  // Set by the HTTP client's callback, consumed by the sender.
  std::optional<Result<HttpResponse>> result;
};

struct RemoteWriter::Impl {
  RemoteWriteConfig config;
  RemoteWriterOptions options;
  std::string target;  // "/" when the URL has no path

  mutable std::mutex mu;
  std::condition_variable cv;
  std::vector<Shard> shards;
  size_t shard_capacity = 1;
  bool stopping = false;
  Clock::time_point stop_deadline;
  // Set when there may be something to do: an answer came, a shard's batch
  // filled up, Stop was called. Cleared by the sender at each pass.
  bool work = false;
  // Failed sends to tell on_send_error about, outside the lock.
  struct FailedSend {
    Status error;
    bool retrying;
    size_t samples;
  };
  std::vector<FailedSend> reports;
  RemoteWriteStats stats;  // samples_pending is computed in stats()
  std::thread sender;
  // Last, so that it is destroyed first: its callbacks touch the above.
  std::unique_ptr<HttpClient> client;

  Shard& ShardFor(const promql::Labels& labels) {
    return shards[labels.Hash() % shards.size()];
  }
  // `labels` with the external labels it lacks.
  promql::Labels WithExternalLabels(const promql::Labels& labels) const;
  void AppendLocked(WriteSample&& s, Clock::time_point now);
  void Run();
  void StartBatch(size_t i, std::unique_lock<std::mutex>& lock);
  void Post(size_t i);
  void Finish(Shard& shard, Clock::time_point now);
  void Fail(Shard& shard, const Status& error, bool retrying,
            std::chrono::milliseconds retry_after, Clock::time_point now);
  void Report(std::unique_lock<std::mutex>& lock);
};

// Calls on_send_error for the failures gathered so far, without the lock,
// so that the callback may call into the writer.
void RemoteWriter::Impl::Report(std::unique_lock<std::mutex>& lock) {
  if (reports.empty()) return;
  std::vector<FailedSend> out;
  out.swap(reports);
  if (!options.on_send_error) return;
  lock.unlock();
  for (const auto& r : out)
    options.on_send_error(r.error, r.retrying, r.samples);
  lock.lock();
}

void RemoteWriter::Impl::AppendLocked(WriteSample&& s, Clock::time_point now) {
  ++stats.samples_appended;
  if (stopping) {
    ++stats.samples_dropped;
    return;
  }
  Shard& shard = ShardFor(s.labels);
  // The sender learns of a new deadline (the shard's first sample) and of
  // a full batch; other samples need no wake-up.
  bool wake = shard.pending.empty();
  if (wake) shard.first_pending = now;
  if (shard.pending.size() >= shard_capacity) {
    shard.pending.pop_front();
    ++stats.samples_dropped;
  }
  shard.pending.push_back(std::move(s));
  wake = wake || shard.pending.size() ==
                     static_cast<size_t>(config.queue.max_samples_per_send);
  if (wake && !work) {
    work = true;
    cv.notify_one();
  }
}

// Takes the next batch of shard `i` and sends it. Encodes without the lock,
// so that Append is not held up.
void RemoteWriter::Impl::StartBatch(size_t i,
                                    std::unique_lock<std::mutex>& lock) {
  Shard& shard = shards[i];
  const size_t n =
      std::min(shard.pending.size(),
               static_cast<size_t>(config.queue.max_samples_per_send));
  std::vector<WriteSample> batch(
      std::make_move_iterator(shard.pending.begin()),
      std::make_move_iterator(shard.pending.begin() + static_cast<long>(n)));
  shard.pending.erase(shard.pending.begin(),
                      shard.pending.begin() + static_cast<long>(n));
  // Leftovers wait at most one more deadline.
  shard.first_pending = Clock::now();
  shard.has_batch = true;
  shard.in_flight = true;  // nobody else touches the shard's batch
  shard.batch_samples = n;
  shard.batch_max_ts = 0;
  for (const WriteSample& s : batch) {
    shard.batch_max_ts = std::max(shard.batch_max_ts, s.timestamp_ms);
  }
  lock.unlock();
  std::string body = SnappyCompress(EncodeWriteRequest(batch));
  batch.clear();
  lock.lock();
  shard.body = std::move(body);
  shard.backoff = config.queue.min_backoff;
  Post(i);
}

// Sends shard `i`'s encoded batch. Called with the lock held.
void RemoteWriter::Impl::Post(size_t i) {
  Shard& shard = shards[i];
  shard.in_flight = true;
  stats.bytes_sent += shard.body.size();
  HttpRequest req;
  req.method = "POST";
  req.target = target;
  req.body = shard.body;
  req.content_type = "application/x-protobuf";
  req.headers = {{"Content-Encoding", "snappy"},
                 {"User-Agent", options.user_agent},
                 {"X-Prometheus-Remote-Write-Version", "0.1.0"}};
  client->Send(std::move(req), [this, i](Result<HttpResponse> r) {
    std::lock_guard<std::mutex> guard(mu);
    shards[i].result.emplace(std::move(r));
    work = true;
    cv.notify_one();
  });
}

void RemoteWriter::Impl::Fail(Shard& shard, const Status& error, bool retrying,
                              std::chrono::milliseconds retry_after,
                              Clock::time_point now) {
  ++stats.batches_failed;
  stats.last_error = error.message();
  stats.last_error_time = std::chrono::system_clock::now();
  if (retrying) {
    auto wait = retry_after.count() > 0 ? retry_after : shard.backoff;
    shard.retry_at = now + wait;
    shard.backoff = std::min(shard.backoff * 2, config.queue.max_backoff);
  } else {
    stats.samples_failed += shard.batch_samples;
    shard.has_batch = false;
    shard.body.clear();
  }
  reports.push_back({error, retrying, shard.batch_samples});
}

// Handles the answer to a shard's batch. Called with the lock held.
void RemoteWriter::Impl::Finish(Shard& shard, Clock::time_point now) {
  Result<HttpResponse> r = std::move(*shard.result);
  shard.result.reset();
  shard.in_flight = false;
  if (!r.ok()) {
    if (r.status().code() == Status::Code::kCanceled) {
      stats.samples_dropped += shard.batch_samples;
      shard.has_batch = false;
      shard.body.clear();
      return;
    }
    // Connection errors and timeouts: the receiver may come back.
    Fail(shard, r.status(), true, {}, now);
    return;
  }
  const int code = r->status;
  if (code / 100 == 2) {
    ++stats.batches_sent;
    stats.samples_sent += shard.batch_samples;
    stats.highest_sent_timestamp_ms =
        std::max(stats.highest_sent_timestamp_ms, shard.batch_max_ts);
    shard.has_batch = false;
    shard.body.clear();
    return;
  }
  const bool retry =
      code / 100 == 5 || (code == 429 && config.queue.retry_on_http_429);
  Fail(shard, Status::Unavailable(StatusError(*r)), retry, r->retry_after, now);
}

void RemoteWriter::Impl::Run() {
  std::unique_lock<std::mutex> lock(mu);
  const size_t max_batch =
      static_cast<size_t>(config.queue.max_samples_per_send);
  for (;;) {
    work = false;
    Clock::time_point now = Clock::now();
    Clock::time_point wake = now + std::chrono::hours(1);
    bool busy = false;
    for (size_t i = 0; i < shards.size(); ++i) {
      Shard& shard = shards[i];
      if (shard.result) Finish(shard, now);
      if (shard.in_flight) {
        busy = true;
      } else if (shard.has_batch) {
        busy = true;
        if (now >= shard.retry_at) {
          stats.samples_retried += shard.batch_samples;
          Post(i);
        } else {
          wake = std::min(wake, shard.retry_at);
        }
      } else if (!shard.pending.empty()) {
        busy = true;
        const auto due = shard.first_pending + config.queue.batch_send_deadline;
        if (stopping && now >= stop_deadline) {
          // Too late to start anything.
        } else if (shard.pending.size() >= max_batch || stopping ||
                   now >= due) {
          StartBatch(i, lock);
          now = Clock::now();
        } else {
          wake = std::min(wake, due);
        }
      }
    }
    Report(lock);
    if (stopping) {
      if (!busy || Clock::now() >= stop_deadline) return;
      wake = std::min(wake, stop_deadline);
    }
    cv.wait_until(lock, wake, [&] { return work; });
  }
}

Result<std::unique_ptr<RemoteWriter>> RemoteWriter::Make(
    RemoteWriteConfig config, RemoteWriterOptions options) {
  auto endpoint = ParseEndpoint(config.http.url, "remote_write");
  if (!endpoint.ok()) return endpoint.status();
  RemoteWriteQueueConfig& q = config.queue;
  q.max_shards = std::max(q.max_shards, 1);
  q.max_samples_per_send = std::max(q.max_samples_per_send, 1);
  q.capacity = std::max(q.capacity, 1);
  if (q.min_backoff.count() < 1) q.min_backoff = std::chrono::milliseconds(1);
  q.max_backoff = std::max(q.max_backoff, q.min_backoff);
  config.http.max_retries = 0;  // the writer retries, without end
  config.http.max_connections = q.max_shards;
  auto client = HttpClient::Make(config.http);
  if (!client.ok()) return client.status();

  auto impl = std::make_unique<Impl>();
  impl->target = endpoint->path_prefix.empty() ? "/" : "";
  impl->shards.resize(static_cast<size_t>(q.max_shards));
  impl->shard_capacity = std::max<size_t>(
      1, static_cast<size_t>(q.capacity) / impl->shards.size());
  impl->config = std::move(config);
  impl->options = std::move(options);
  impl->client = std::move(client).value();
  Impl* raw = impl.get();
  impl->sender = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<RemoteWriter>(new RemoteWriter(std::move(impl)));
}

RemoteWriter::RemoteWriter(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

RemoteWriter::~RemoteWriter() { Stop(std::chrono::milliseconds(0)); }

promql::Labels RemoteWriter::Impl::WithExternalLabels(
    const promql::Labels& labels) const {
  const promql::Labels& ext = options.external_labels;
  bool missing = false;
  for (promql::LabelView l : ext) missing = missing || !labels.Has(l.name);
  if (!missing) return labels;
  promql::LabelsBuilder b(labels);
  for (promql::LabelView l : ext) {
    if (!labels.Has(l.name)) b.Set(l.name, l.value);
  }
  return b.Build();
}

void RemoteWriter::Append(const promql::Labels& labels, int64_t timestamp_ms,
                          double value) {
  WriteSample s{impl_->WithExternalLabels(labels), timestamp_ms, value};
  const Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->AppendLocked(std::move(s), now);
}

void RemoteWriter::Append(std::span<const WriteSample> samples) {
  if (!impl_->options.external_labels.empty()) {
    Append(std::vector<WriteSample>(samples.begin(), samples.end()));
    return;
  }
  const Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (const WriteSample& s : samples) impl_->AppendLocked(WriteSample(s), now);
}

void RemoteWriter::Append(std::vector<WriteSample>&& samples) {
  if (!impl_->options.external_labels.empty()) {
    for (WriteSample& s : samples)
      s.labels = impl_->WithExternalLabels(s.labels);
  }
  const Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (WriteSample& s : samples) impl_->AppendLocked(std::move(s), now);
  samples.clear();
}

void RemoteWriter::Stop(std::chrono::milliseconds timeout) {
  Impl& impl = *impl_;
  {
    std::lock_guard<std::mutex> lock(impl.mu);
    if (impl.stopping) return;
    impl.stopping = true;
    impl.stop_deadline = Clock::now() + timeout;
    impl.work = true;
  }
  impl.cv.notify_one();
  impl.sender.join();
  // Cancel what is still in flight and wait for the answers to come back.
  impl.client->Shutdown();
  std::unique_lock<std::mutex> lock(impl.mu);
  impl.cv.wait_for(lock, kCancelWait, [&] {
    return std::none_of(
        impl.shards.begin(), impl.shards.end(),
        [](const Shard& s) { return s.in_flight && !s.result.has_value(); });
  });
  const Clock::time_point now = Clock::now();
  for (Shard& s : impl.shards) {
    if (s.result) impl.Finish(s, now);  // sent just in time, or canceled
    if (s.has_batch) {  // waiting for a retry, or never answered
      impl.stats.samples_dropped += s.batch_samples;
      s.has_batch = false;
      s.body.clear();
    }
    impl.stats.samples_dropped += s.pending.size();
    s.pending.clear();
  }
  impl.Report(lock);
}

RemoteWriteStats RemoteWriter::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  RemoteWriteStats out = impl_->stats;
  out.samples_pending = 0;
  for (const Shard& s : impl_->shards) {
    out.samples_pending +=
        s.pending.size() + (s.has_batch ? s.batch_samples : 0);
  }
  return out;
}

const HttpClientStats& RemoteWriter::http_stats() const {
  return impl_->client->stats();
}

const RemoteWriteConfig& RemoteWriter::config() const { return impl_->config; }

}  // namespace tocsin::datasource
