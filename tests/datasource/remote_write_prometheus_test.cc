// tocsin's remote-write client against a real Prometheus 2.42 started with
// --web.enable-remote-write-receiver on an empty TSDB: every sample sent
// must come back through the query API with its exact timestamp and value,
// and a staleness marker must end its series at that point. Skipped when
// prometheus is not installed.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "datasource/endpoint.h"
#include "datasource/http_client.h"
#include "datasource/query_response.h"
#include "datasource/remote_write.h"
#include "promql/value.h"

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;
using promql::Labels;

constexpr const char* kPrometheus = "/usr/bin/prometheus";

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A Prometheus process with an empty TSDB in a temporary directory.
class PrometheusProcess {
 public:
  PrometheusProcess() {
    dir_ = ::testing::TempDir() + "tocsin_rw_prom_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ + "/data");
    std::ofstream(dir_ + "/prometheus.yml")
        << "global:\n  scrape_interval: 1m\n";
    url_ = "http://127.0.0.1:" + std::to_string(FreePort());
    std::vector<std::string> args = {
        kPrometheus,
        "--config.file=" + dir_ + "/prometheus.yml",
        "--storage.tsdb.path=" + dir_ + "/data",
        "--web.listen-address=" + url_.substr(7),
        "--web.enable-remote-write-receiver",
        "--log.level=warn"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = dir_ + "/prometheus.log";
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(log_fd, 1);
      dup2(log_fd, 2);
      execv(kPrometheus, argv.data());
      _exit(127);
    }
    close(log_fd);
  }

  ~PrometheusProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(dir_);
  }

  const std::string& url() const { return url_; }
  std::string log() const {
    std::ifstream in(dir_ + "/prometheus.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string dir_;
  std::string url_;
  pid_t pid_ = -1;
};

std::string Seconds(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld",
                static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

// The sample values: ordinary numbers and the special ones (a plain NaN,
// the infinities, -0, extremes); NaN compares by bits.
double ValueAt(int series, int step) {
  switch ((series * 7 + step) % 11) {
    case 0:
      return std::nan("");
    case 1:
      return std::numeric_limits<double>::infinity();
    case 2:
      return -std::numeric_limits<double>::infinity();
    case 3:
      return 1e-300 * step;
    case 4:
      return -1.7976931348623157e308;
    default:
      return step * 0.1 + series * 1000 + 1.0 / 3;
  }
}

bool SameValue(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : a == b;
}

TEST(RemoteWritePrometheusTest, EverySampleArrivesAndStalenessEndsSeries) {
  if (access(kPrometheus, X_OK) != 0) {
    GTEST_SKIP() << kPrometheus << " is not installed";
  }
  PrometheusProcess prom;
  DatasourceConfig qc;
  qc.url = prom.url();
  qc.timeout = 10s;
  auto query = HttpClient::Make(qc);
  ASSERT_TRUE(query.ok()) << query.status().message();
  HttpClient& http = **query;
  bool ready = false;
  for (int i = 0; i < 300 && !ready; ++i) {
    auto r = http.Do({"GET", "/-/ready", "", "", {}});
    ready = r.ok() && r->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(ready) << prom.log();

  // The series: recording-rule results, ALERTS and ALERTS_FOR_STATE, one
  // that ends with a staleness marker and one that just ends.
  const std::vector<Labels> series = {
      Labels{{"__name__", "job:rw_requests:rate5m"}, {"job", "api"}},
      Labels{{"__name__", "job:rw_requests:rate5m"}, {"job", "web"}},
      Labels{{"__name__", "ALERTS"},
             {"alertname", "RwHigh"},
             {"alertstate", "firing"},
             {"severity", "critical"}},
      Labels{{"__name__", "ALERTS_FOR_STATE"},
             {"alertname", "RwHigh"},
             {"severity", "critical"}},
      Labels{{"__name__", "rw_stale"}, {"instance", "a:9100"}},
      Labels{{"__name__", "rw_ends"}, {"instance", "a:9100"}},
  };
  constexpr int kStale = 4;
  constexpr int kEnds = 5;
  constexpr int kSteps = 240;  // one hour at 15s
  constexpr int kLast = 160;   // the step of rw_stale's marker / rw_ends' end
  constexpr int64_t kStep = 15000;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  // An hour of samples ending ten minutes ago.
  const int64_t base = (now_ms - 70 * 60 * 1000) / kStep * kStep;

  RemoteWriteConfig rc;
  rc.name = "prom";
  rc.http.url = prom.url() + "/api/v1/write";
  rc.http.timeout = 10s;
  rc.queue.max_samples_per_send = 100;  // many batches
  rc.queue.max_shards = 2;
  rc.queue.batch_send_deadline = 50ms;
  auto made = RemoteWriter::Make(rc);
  ASSERT_TRUE(made.ok()) << made.status().message();
  RemoteWriter& writer = **made;
  size_t total = 0;
  for (int step = 0; step < kSteps; ++step) {
    // One evaluation's output, handed over at once.
    std::vector<WriteSample> group;
    for (int s = 0; s < static_cast<int>(series.size()); ++s) {
      const int64_t t = base + step * kStep;
      if (s == kStale && step == kLast) {
        group.push_back({series[s], t, promql::StaleNaN()});
      } else if ((s == kStale || s == kEnds) && step >= kLast) {
        continue;
      } else {
        group.push_back({series[s], t, ValueAt(s, step)});
      }
    }
    total += group.size();
    writer.Append(std::move(group));
  }
  writer.Stop(30s);
  RemoteWriteStats stats = writer.stats();
  EXPECT_EQ(stats.samples_sent, total) << stats.last_error << prom.log();
  EXPECT_EQ(stats.samples_failed, 0u);
  EXPECT_EQ(stats.samples_dropped, 0u);
  EXPECT_GE(stats.batches_sent, total / 100);

  auto get = [&](const std::string& target) -> Result<QueryData> {
    auto r = http.Do({"GET", target, "", "", {}});
    if (!r.ok()) return r.status();
    return ParseQueryResponse(r->status, r->reason, r->body);
  };
  const int64_t end = base + (kSteps - 1) * kStep;

  // Raw samples: every timestamp and value, each series whole (the
  // staleness marker itself is not part of a range vector).
  auto raw = get("/api/v1/query?query=" +
                 QueryEscape("{__name__=~\"job:rw_requests:rate5m|ALERTS|"
                             "ALERTS_FOR_STATE|rw_stale|rw_ends\"}[2h]") +
                 "&time=" + Seconds(end));
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  ASSERT_EQ(raw->num_series(), series.size());
  for (size_t i = 0; i < raw->num_series(); ++i) {
    const int s = static_cast<int>(
        std::find(series.begin(), series.end(), raw->labels[i]) -
        series.begin());
    ASSERT_LT(s, static_cast<int>(series.size())) << raw->labels[i].ToString();
    const int n = (s == kStale || s == kEnds) ? kLast : kSteps;
    auto ts = raw->SeriesT(i);
    auto vs = raw->SeriesV(i);
    ASSERT_EQ(ts.size(), static_cast<size_t>(n)) << raw->labels[i].ToString();
    for (int step = 0; step < n; ++step) {
      EXPECT_EQ(ts[step], base + step * kStep);
      EXPECT_TRUE(SameValue(vs[step], ValueAt(s, step)))
          << raw->labels[i].ToString() << " step " << step << ": " << vs[step]
          << " != " << ValueAt(s, step);
    }
  }

  // Through query_range at the samples' own steps: rw_stale disappears at
  // its marker, rw_ends lingers for the 5m lookback.
  auto range = [&](const std::string& expr) {
    return get("/api/v1/query_range?query=" + QueryEscape(expr) +
               "&start=" + Seconds(base) + "&end=" + Seconds(end) + "&step=15");
  };
  auto stale = range("rw_stale");
  ASSERT_TRUE(stale.ok()) << stale.status().message();
  ASSERT_EQ(stale->num_series(), 1u);
  auto st = stale->SeriesT(0);
  auto sv = stale->SeriesV(0);
  ASSERT_EQ(st.size(), static_cast<size_t>(kLast));
  EXPECT_EQ(st.back(), base + (kLast - 1) * kStep);
  for (int step = 0; step < kLast; ++step) {
    EXPECT_TRUE(SameValue(sv[step], ValueAt(kStale, step))) << step;
  }
  auto ends = range("rw_ends");
  ASSERT_TRUE(ends.ok()) << ends.status().message();
  ASSERT_EQ(ends->num_series(), 1u);
  EXPECT_GT(ends->SeriesT(0).size(), static_cast<size_t>(kLast + 10));
  auto alerts = range("ALERTS");
  ASSERT_TRUE(alerts.ok()) << alerts.status().message();
  ASSERT_EQ(alerts->num_series(), 1u);
  ASSERT_EQ(alerts->SeriesT(0).size(), static_cast<size_t>(kSteps));
  for (int step = 0; step < kSteps; ++step) {
    EXPECT_EQ(alerts->SeriesT(0)[step], base + step * kStep);
    EXPECT_TRUE(SameValue(alerts->SeriesV(0)[step], ValueAt(2, step)));
  }
}

}  // namespace
}  // namespace tocsin::datasource
