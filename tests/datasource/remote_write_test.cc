#include "datasource/remote_write.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <bit>
#include <map>
#include <mutex>
#include <thread>

#include "promql/value.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;
using promql::Labels;
using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;
using Clock = std::chrono::steady_clock;

FakeAnswer Ok() { return {HttpAnswer(204, "", "text/plain")}; }

RemoteWriteConfig Config(const std::string& url) {
  RemoteWriteConfig c;
  c.name = "test";
  c.http.url = url + "/api/v1/write";
  c.http.timeout = 5s;
  c.queue.batch_send_deadline = 1h;  // tests flush by size or Stop
  c.queue.min_backoff = 10ms;
  c.queue.max_backoff = 40ms;
  return c;
}

std::vector<WriteSeries> Decode(const FakeRequest& r) {
  std::string raw;
  EXPECT_TRUE(snappy::Uncompress(r.body.data(), r.body.size(), &raw));
  auto d = DecodeWriteRequest(raw);
  EXPECT_TRUE(d.ok()) << d.status().message();
  return d.ok() ? *d : std::vector<WriteSeries>{};
}

// Every sample the server received in requests answered 2xx by `accepted`,
// per series (rendered labels), in order of arrival.
using Received = std::map<std::string, std::vector<WriteSeries::Point>>;
Received Collect(const std::vector<FakeRequest>& requests,
                 const std::vector<bool>& accepted = {}) {
  Received out;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (i < accepted.size() && !accepted[i]) continue;
    for (const WriteSeries& s : Decode(requests[i])) {
      auto& points = out[Labels::FromVector(s.labels).ToString()];
      points.insert(points.end(), s.samples.begin(), s.samples.end());
    }
  }
  return out;
}

Labels Series(int i) {
  return Labels{{"__name__", "rw_test"}, {"i", std::to_string(i)}};
}

std::unique_ptr<RemoteWriter> MakeWriter(RemoteWriteConfig c,
                                         RemoteWriterOptions o = {}) {
  auto w = RemoteWriter::Make(std::move(c), std::move(o));
  EXPECT_TRUE(w.ok()) << w.status().message();
  return w.ok() ? std::move(w).value() : nullptr;
}

// Waits until `done` holds, for at most `limit`.
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds limit = 5s) {
  const auto end = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(RemoteWriterTest, PostsSnappyProtobufWithRemoteWriteHeaders) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriterOptions o;
  o.user_agent = "tocsin/9.9";
  auto w = MakeWriter(Config(server.url()), o);
  w->Append(Series(1), 1000, 1.5);
  w->Append(Series(1), 2000, promql::StaleNaN());
  w->Append(Series(2), 1000, -0.0);
  w->Stop(5s);
  auto requests = server.received();
  ASSERT_EQ(requests.size(), 1u);
  const FakeRequest& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/api/v1/write");
  EXPECT_EQ(r.Header("Content-Encoding"), "snappy");
  EXPECT_EQ(r.Header("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(r.Header("X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_EQ(r.Header("User-Agent"), "tocsin/9.9");
  auto series = Decode(r);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(Labels::FromVector(series[0].labels), Series(1));
  ASSERT_EQ(series[0].samples.size(), 2u);
  EXPECT_EQ(series[0].samples[0].value, 1.5);
  EXPECT_EQ(std::bit_cast<uint64_t>(series[0].samples[1].value),
            promql::kStaleNaNBits);
  EXPECT_EQ(std::bit_cast<uint64_t>(series[1].samples[0].value),
            std::bit_cast<uint64_t>(-0.0));
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_appended, 3u);
  EXPECT_EQ(s.samples_sent, 3u);
  EXPECT_EQ(s.batches_sent, 1u);
  EXPECT_EQ(s.samples_pending, 0u);
  EXPECT_EQ(s.bytes_sent, r.body.size());
  EXPECT_EQ(s.highest_sent_timestamp_ms, 2000);
  EXPECT_EQ(s.last_error, "");
}

TEST(RemoteWriterTest, AddsExternalLabelsTheSeriesLacks) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriterOptions o;
  o.external_labels = Labels{{"cluster", "eu1"}, {"replica", "a"}};
  auto w = MakeWriter(Config(server.url()), o);
  w->Append(Labels{{"__name__", "m"}, {"replica", "b"}}, 1, 1);
  w->Append(std::vector<WriteSample>{{Labels{{"__name__", "m"}}, 2, 2}});
  const std::vector<WriteSample> group = {{Labels{{"__name__", "n"}}, 3, 3}};
  w->Append(std::span<const WriteSample>(group));
  w->Stop(5s);
  Received got = Collect(server.received());
  std::vector<std::string> names;
  for (const auto& [series, points] : got) names.push_back(series);
  EXPECT_EQ(names, (std::vector<std::string>{
                       R"({__name__="m", cluster="eu1", replica="a"})",
                       R"({__name__="m", cluster="eu1", replica="b"})",
                       R"({__name__="n", cluster="eu1", replica="a"})"}));
}

TEST(RemoteWriterTest, UrlWithoutPathPostsToRoot) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriteConfig c = Config(server.url());
  c.http.url = server.url();
  auto w = MakeWriter(c);
  w->Append(Series(1), 1, 1);
  w->Stop(5s);
  ASSERT_EQ(server.requests(), 1);
  EXPECT_EQ(server.received()[0].target, "/");
}

TEST(RemoteWriterTest, FullBatchesGoAtOnceInOrderPerSeries) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriteConfig c = Config(server.url());
  c.queue.max_samples_per_send = 10;
  auto w = MakeWriter(c);
  std::vector<WriteSample> samples;
  for (int t = 0; t < 35; ++t) {
    samples.push_back({Series(t % 3), t * 1000, static_cast<double>(t)});
  }
  w->Append(std::move(samples));
  // Three full batches leave without waiting for the deadline.
  ASSERT_TRUE(WaitFor([&] { return w->stats().samples_sent == 30; }));
  EXPECT_EQ(w->stats().samples_pending, 5u);
  w->Stop(5s);
  auto requests = server.received();
  ASSERT_EQ(requests.size(), 4u);
  size_t total = 0;
  for (const FakeRequest& r : requests) {
    size_t n = 0;
    for (const WriteSeries& s : Decode(r)) n += s.samples.size();
    EXPECT_LE(n, 10u);
    total += n;
  }
  EXPECT_EQ(total, 35u);
  Received got = Collect(requests);
  ASSERT_EQ(got.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& points = got[Series(i).ToString()];
    std::vector<int64_t> ts;
    for (const auto& p : points) ts.push_back(p.timestamp_ms);
    std::vector<int64_t> want;
    for (int t = i; t < 35; t += 3) want.push_back(t * 1000);
    EXPECT_EQ(ts, want) << i;
  }
}

TEST(RemoteWriterTest, PartialBatchGoesAfterTheDeadline) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriteConfig c = Config(server.url());
  c.queue.batch_send_deadline = 100ms;
  auto w = MakeWriter(c);
  const auto start = Clock::now();
  w->Append(Series(1), 1, 1);
  w->Append(Series(2), 1, 2);
  ASSERT_TRUE(WaitFor([&] { return w->stats().samples_sent == 2; }));
  EXPECT_GE(Clock::now() - start, 90ms);
  EXPECT_EQ(server.requests(), 1);
}

TEST(RemoteWriterTest, RetriesServerErrorsUntilAccepted) {
  std::atomic<int> calls{0};
  FakeServer server([&](const FakeRequest&) {
    if (calls++ < 2) {
      return FakeAnswer{HttpAnswer(500, "boom\nmore detail", "text/plain")};
    }
    return Ok();
  });
  std::mutex mu;
  std::vector<std::pair<std::string, bool>> errors;
  RemoteWriterOptions o;
  o.on_send_error = [&](const Status& e, bool retrying, size_t n) {
    std::lock_guard<std::mutex> lock(mu);
    errors.emplace_back(e.message(), retrying);
    EXPECT_EQ(n, 4u);
  };
  auto w = MakeWriter(Config(server.url()), o);
  for (int t = 0; t < 4; ++t) w->Append(Series(1), t, t);
  w->Stop(5s);
  EXPECT_EQ(server.requests(), 3);
  // The same batch each time.
  auto requests = server.received();
  EXPECT_EQ(requests[0].body, requests[2].body);
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_sent, 4u);
  EXPECT_EQ(s.samples_retried, 8u);
  EXPECT_EQ(s.samples_failed, 0u);
  EXPECT_EQ(s.batches_failed, 2u);
  EXPECT_EQ(s.batches_sent, 1u);
  EXPECT_EQ(s.bytes_sent, 3 * requests[0].body.size());
  EXPECT_EQ(s.last_error,
            "server returned HTTP status 500 Internal Server Error: boom");
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(errors[0].second);
  EXPECT_EQ(errors[0].first, s.last_error);
}

TEST(RemoteWriterTest, TooManyRequestsWaitsForRetryAfter) {
  std::mutex mu;
  std::vector<Clock::time_point> times;
  FakeServer server([&](const FakeRequest&) {
    std::lock_guard<std::mutex> lock(mu);
    times.push_back(Clock::now());
    if (times.size() == 1) {
      return FakeAnswer{
          "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n"
          "Content-Length: 4\r\n\r\nslow"};
    }
    return Ok();
  });
  auto w = MakeWriter(Config(server.url()));
  w->Append(Series(1), 1, 1);
  w->Stop(5s);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], 950ms);
  EXPECT_EQ(w->stats().samples_sent, 1u);
  EXPECT_EQ(w->stats().samples_retried, 1u);
  EXPECT_EQ(w->stats().last_error,
            "server returned HTTP status 429 Too Many Requests: slow");
}

TEST(RemoteWriterTest, TooManyRequestsDropsWithoutRetryOn429) {
  FakeServer server([](const FakeRequest&) {
    return FakeAnswer{HttpAnswer(429, "slow down", "text/plain")};
  });
  RemoteWriteConfig c = Config(server.url());
  c.queue.retry_on_http_429 = false;
  auto w = MakeWriter(c);
  w->Append(Series(1), 1, 1);
  w->Stop(5s);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(w->stats().samples_failed, 1u);
}

TEST(RemoteWriterTest, ClientErrorDropsTheBatchAndGoesOn) {
  std::atomic<int> calls{0};
  FakeServer server([&](const FakeRequest&) {
    if (calls++ == 0) {
      return FakeAnswer{HttpAnswer(400, "out of order sample\n",
                                   "text/plain; charset=utf-8")};
    }
    return Ok();
  });
  std::atomic<int> dropped_reports{0};
  RemoteWriterOptions o;
  o.on_send_error = [&](const Status&, bool retrying, size_t n) {
    EXPECT_FALSE(retrying);
    EXPECT_EQ(n, 2u);
    ++dropped_reports;
  };
  RemoteWriteConfig c = Config(server.url());
  c.queue.max_samples_per_send = 2;
  auto w = MakeWriter(c, o);
  for (int t = 0; t < 4; ++t) w->Append(Series(1), t, t);
  w->Stop(5s);
  EXPECT_EQ(server.requests(), 2);
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_failed, 2u);
  EXPECT_EQ(s.samples_sent, 2u);
  EXPECT_EQ(s.samples_retried, 0u);
  EXPECT_EQ(s.last_error,
            "server returned HTTP status 400 Bad Request: out of order sample");
  EXPECT_EQ(dropped_reports, 1);
  Received got = Collect(server.received(), {false, true});
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got.begin()->second.size(), 2u);
  EXPECT_EQ(got.begin()->second[0].timestamp_ms, 2);
}

// A port that refuses connections: bound, never listening.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~ClosedPort() { close(fd_); }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

 private:
  int fd_;
  uint16_t port_;
};

TEST(RemoteWriterTest, ReceiverDownRetriesThenStopDropsWithinItsBound) {
  ClosedPort down;
  auto w = MakeWriter(Config(down.url()));
  for (int t = 0; t < 5; ++t) w->Append(Series(1), t, t);
  w->Stop(std::chrono::milliseconds(0));  // nothing to wait for yet
  EXPECT_EQ(w->stats().samples_dropped, 5u);

  RemoteWriteConfig c = Config(down.url());
  c.queue.batch_send_deadline = 10ms;
  auto v = MakeWriter(c);
  for (int t = 0; t < 5; ++t) v->Append(Series(1), t, t);
  ASSERT_TRUE(WaitFor([&] { return v->stats().batches_failed >= 3; }))
      << v->stats().batches_failed << " " << v->stats().last_error << " "
      << v->stats().samples_pending;
  RemoteWriteStats s = v->stats();
  EXPECT_EQ(s.samples_pending, 5u);
  EXPECT_EQ(s.samples_sent, 0u);
  EXPECT_GE(s.samples_retried, 10u);
  EXPECT_NE(s.last_error.find("connection refused"), std::string::npos)
      << s.last_error;
  EXPECT_EQ(s.last_error.rfind("Post \"" + down.url() + "/api/v1/write\"", 0),
            0u)
      << s.last_error;
  const auto start = Clock::now();
  v->Stop(200ms);
  EXPECT_LT(Clock::now() - start, 1s);
  s = v->stats();
  EXPECT_EQ(s.samples_dropped, 5u);
  EXPECT_EQ(s.samples_pending, 0u);
}

TEST(RemoteWriterTest, StopGivesUpOnASlowReceiver) {
  FakeServer server([](const FakeRequest&) {
    FakeAnswer a = Ok();
    a.delay = 2s;
    return a;
  });
  RemoteWriteConfig c = Config(server.url());
  c.queue.max_samples_per_send = 3;
  auto w = MakeWriter(c);
  for (int t = 0; t < 7; ++t) w->Append(Series(1), t, t);
  ASSERT_TRUE(WaitFor([&] { return server.requests() == 1; }));
  const auto start = Clock::now();
  w->Stop(300ms);
  EXPECT_LT(Clock::now() - start, 1500ms);
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_sent, 0u);
  EXPECT_EQ(s.samples_dropped, 7u);
  EXPECT_EQ(s.samples_pending, 0u);
  // Appending after Stop drops.
  w->Append(Series(1), 100, 1);
  EXPECT_EQ(w->stats().samples_dropped, 8u);
  EXPECT_EQ(w->stats().samples_appended, 8u);
}

TEST(RemoteWriterTest, CapacityDropsTheOldestSamples) {
  FakeServer server([](const FakeRequest&) { return Ok(); });
  RemoteWriteConfig c = Config(server.url());
  c.queue.capacity = 100;
  c.queue.max_samples_per_send = 1000;  // nothing leaves before Stop
  auto w = MakeWriter(c);
  for (int t = 0; t < 250; ++t) w->Append(Series(1), t, t);
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_dropped, 150u);
  EXPECT_EQ(s.samples_pending, 100u);
  w->Stop(5s);
  s = w->stats();
  EXPECT_EQ(s.samples_sent, 100u);
  EXPECT_EQ(s.samples_dropped, 150u);
  Received got = Collect(server.received());
  const auto& points = got[Series(1).ToString()];
  ASSERT_EQ(points.size(), 100u);
  EXPECT_EQ(points.front().timestamp_ms, 150);
  EXPECT_EQ(points.back().timestamp_ms, 249);
}

TEST(RemoteWriterTest, ShardsKeepEachSeriesInOrder) {
  std::mutex mu;
  int calls = 0;
  std::vector<FakeRequest> accepted;  // in the order they were accepted
  FakeServer server([&](const FakeRequest& r) {
    std::lock_guard<std::mutex> lock(mu);
    // Some failures on the way, so that shards fall out of step.
    if (++calls % 5 == 0) {
      return FakeAnswer{HttpAnswer(503, "busy", "text/plain")};
    }
    accepted.push_back(r);
    FakeAnswer a = Ok();
    a.delay = std::chrono::milliseconds(calls % 3);
    return a;
  });
  RemoteWriteConfig c = Config(server.url());
  c.queue.max_shards = 4;
  c.queue.max_samples_per_send = 50;
  auto w = MakeWriter(c);
  constexpr int kSeries = 40;
  constexpr int kSteps = 100;
  std::vector<std::thread> writers;
  for (int k = 0; k < 2; ++k) {
    // Two threads, each with its own half of the series.
    writers.emplace_back([&, k] {
      for (int t = 0; t < kSteps; ++t) {
        std::vector<WriteSample> group;
        for (int i = k; i < kSeries; i += 2) {
          group.push_back({Series(i), t * 15000, double(t)});
        }
        w->Append(std::move(group));
      }
    });
  }
  for (auto& t : writers) t.join();
  w->Stop(10s);
  RemoteWriteStats s = w->stats();
  EXPECT_EQ(s.samples_sent, size_t{kSeries * kSteps});
  EXPECT_GT(s.samples_retried, 0u);
  std::lock_guard<std::mutex> lock(mu);
  Received got = Collect(accepted);
  ASSERT_EQ(got.size(), size_t{kSeries});
  for (const auto& [series, points] : got) {
    ASSERT_EQ(points.size(), size_t{kSteps}) << series;
    for (int t = 0; t < kSteps; ++t) {
      EXPECT_EQ(points[t].timestamp_ms, t * 15000) << series;
    }
  }
}

TEST(RemoteWriterTest, InvalidConfigurations) {
  RemoteWriteConfig c;
  c.http.url = "ftp://x";
  auto a = RemoteWriter::Make(c);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message().rfind("invalid remote_write URL", 0), 0u);
  c.http.url = "https://127.0.0.1:1/api/v1/write";
  c.http.tls_config.ca_file = "/nonexistent/ca.pem";
  EXPECT_FALSE(RemoteWriter::Make(c).ok());
}

}  // namespace
}  // namespace tocsin::datasource
