// http_load: posts prepared request bodies as fast as a server takes them,
// for the comparison scripts (bench/compare_alertmanager.py posts alert
// batches to POST /api/v2/alerts, bench/compare_prometheus.py form-encoded
// queries to /api/v1/query and /api/v1/query_range).
//
//   http_load --port P --threads N --file BODIES [--host 127.0.0.1]
//             [--path /api/v2/alerts | --path-per-line]
//             [--content-type application/json]
//             [--seconds S | --round-size K --interval S]
//
// BODIES holds one request body per line; with --path-per-line each line is
// "PATH BODY" (the first space separates them). N threads, each with its own
// keep-alive HTTP/1.1 connection, take the next body in file order, POST it
// and read the whole response. Printed on stdout, one line per request:
//   req INDEX SEND_NS DONE_NS STATUS
// (CLOCK_MONOTONIC, as Python's time.monotonic), then
//   cpu USER_SECONDS SYSTEM_SECONDS
// for this process, so that the caller can tell whether the client was the
// bottleneck. With --seconds, the bodies are posted over and over (in file
// order, cycling) until S seconds have passed, and instead of the req lines
// one line sums them up:
//   loop REQUESTS FIRST_SEND_NS LAST_DONE_NS FAILED
// With --round-size K --interval S, the bodies are rounds of K (the file
// holds a whole number of them) posted as a client that keeps its
// connections posts a periodic stream, as Prometheus re-sends its alerts:
// round r starts S * r seconds after the first. When the last request of
// a round is done, a line (flushed at once, so that a caller can sample
// the server then)
//   round R CLIENT_USER_SECONDS CLIENT_SYSTEM_SECONDS
// gives this process's CPU time so far; the req lines follow at the end.
// A non-2xx answer is reported with its status (and the first
// one's body on stderr); a broken connection is reopened once per request,
// then the request counts as status 0. Exit 0 when every request got 2xx.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

int64_t MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double CpuSeconds(const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

void SleepUntilNs(int64_t when) {
  timespec ts{static_cast<time_t>(when / 1000000000),
              static_cast<long>(when % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) ==
         EINTR) {
  }
}

struct Result {
  int64_t send_ns = 0, done_ns = 0;
  int status = 0;
};

class Connection {
 public:
  Connection(std::string host, int port, std::string content_type)
      : host_(std::move(host)),
        port_(port),
        content_type_(std::move(content_type)) {}
  ~Connection() { Close(); }

  // POSTs `body`; returns the status (0 on a transport error).
  int Post(const std::string& path, const std::string& body,
           std::string* response_body) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Open()) return 0;
      std::string req = "POST " + path + " HTTP/1.1\r\nHost: " + host_ + ":" +
                        std::to_string(port_) +
                        "\r\nContent-Type: " + content_type_ +
                        "\r\nUser-Agent: tocsin-http-load\r\n"
                        "Content-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n";
      req += body;
      if (!WriteAll(req)) {
        Close();
        continue;
      }
      int status = ReadResponse(response_body);
      if (status == 0) {
        Close();
        continue;
      }
      return status;
    }
    return 0;
  }

 private:
  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    ::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    buf_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool WriteAll(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads until buf_ holds at least `n` bytes.
  bool Fill(size_t n) {
    char tmp[65536];
    while (buf_.size() < n) {
      ssize_t r = ::recv(fd_, tmp, sizeof tmp, 0);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      buf_.append(tmp, static_cast<size_t>(r));
    }
    return true;
  }
  // Reads up to and including the next CRLF; returns the line without it.
  bool Line(std::string* line) {
    size_t pos;
    while ((pos = buf_.find("\r\n")) == std::string::npos) {
      if (!Fill(buf_.size() + 1)) return false;
    }
    *line = buf_.substr(0, pos);
    buf_.erase(0, pos + 2);
    return true;
  }
  int ReadResponse(std::string* body) {
    std::string line;
    if (!Line(&line) || line.size() < 12) return 0;
    int status = std::atoi(line.c_str() + 9);
    long long length = -1;
    bool chunked = false, close = false;
    while (true) {
      if (!Line(&line)) return 0;
      if (line.empty()) break;
      std::string lower;
      for (char c : line) lower += static_cast<char>(std::tolower(c));
      if (lower.rfind("content-length:", 0) == 0) {
        length = std::atoll(lower.c_str() + 15);
      } else if (lower.rfind("transfer-encoding:", 0) == 0 &&
                 lower.find("chunked") != std::string::npos) {
        chunked = true;
      } else if (lower.rfind("connection:", 0) == 0 &&
                 lower.find("close") != std::string::npos) {
        close = true;
      }
    }
    body->clear();
    if (chunked) {
      while (true) {
        if (!Line(&line)) return 0;
        long long n = std::strtoll(line.c_str(), nullptr, 16);
        if (n == 0) {
          if (!Line(&line)) return 0;  // the final CRLF
          break;
        }
        if (!Fill(static_cast<size_t>(n) + 2)) return 0;
        body->append(buf_, 0, static_cast<size_t>(n));
        buf_.erase(0, static_cast<size_t>(n) + 2);
      }
    } else if (length > 0) {
      if (!Fill(static_cast<size_t>(length))) return 0;
      body->assign(buf_, 0, static_cast<size_t>(length));
      buf_.erase(0, static_cast<size_t>(length));
    }
    if (close) Close();
    return status;
  }

  std::string host_;
  int port_;
  std::string content_type_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1", path = "/api/v2/alerts", file;
  std::string content_type = "application/json";
  int port = 0, threads = 4;
  double seconds = 0, interval = 0;
  size_t round_size = 0;
  bool path_per_line = false;
  for (int i = 1; i < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--path-per-line") {
      path_per_line = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "http_load: " << a << " needs a value\n";
      return 2;
    }
    if (a == "--host")
      host = argv[i + 1];
    else if (a == "--content-type")
      content_type = argv[i + 1];
    else if (a == "--port")
      port = std::atoi(argv[i + 1]);
    else if (a == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (a == "--file")
      file = argv[i + 1];
    else if (a == "--path")
      path = argv[i + 1];
    else if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--round-size")
      round_size = static_cast<size_t>(std::atol(argv[i + 1]));
    else if (a == "--interval")
      interval = std::atof(argv[i + 1]);
    else {
      std::cerr << "http_load: unknown flag " << a << "\n";
      return 2;
    }
  }
  if (port == 0 || file.empty() || threads < 1) {
    std::cerr << "usage: http_load --port P --threads N --file BODIES\n";
    return 2;
  }
  std::vector<std::string> bodies, paths;
  {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (path_per_line) {
        size_t space = line.find(' ');
        if (space == std::string::npos) {
          std::cerr << "http_load: no \"PATH BODY\" in line "
                    << bodies.size() + 1 << " of " << file << "\n";
          return 2;
        }
        paths.push_back(line.substr(0, space));
        line.erase(0, space + 1);
      }
      bodies.push_back(std::move(line));
    }
  }
  if (bodies.empty()) {
    std::cerr << "http_load: no bodies in " << file << "\n";
    return 2;
  }
  const bool loop = seconds > 0;
  const bool rounds = round_size > 0;
  if (rounds && (loop || interval <= 0 || bodies.size() % round_size != 0)) {
    std::cerr << "http_load: --round-size needs --interval, no --seconds, "
                 "and a whole number of rounds in the file\n";
    return 2;
  }
  const int64_t interval_ns = static_cast<int64_t>(interval * 1e9);
  std::vector<std::atomic<size_t>> round_done(
      rounds ? bodies.size() / round_size : 0);
  const int64_t start_ns = MonotonicNs();
  const int64_t stop_ns = start_ns + static_cast<int64_t>(seconds * 1e9);
  std::atomic<int64_t> last_done{0};
  std::atomic<size_t> failed{0};
  std::vector<Result> results(loop ? 0 : bodies.size());
  std::atomic<size_t> next{0};
  std::mutex err_mu;
  bool reported = false;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      Connection conn(host, port, content_type);
      std::string response;
      while (true) {
        if (loop && MonotonicNs() >= stop_ns) break;
        size_t i = next.fetch_add(1);
        if (!loop && i >= bodies.size()) break;
        if (rounds) SleepUntilNs(start_ns + (i / round_size) * interval_ns);
        Result res;
        res.send_ns = MonotonicNs();
        const size_t k = i % bodies.size();
        res.status =
            conn.Post(path_per_line ? paths[k] : path, bodies[k], &response);
        res.done_ns = MonotonicNs();
        if (loop) {
          int64_t prev = last_done.load();
          while (prev < res.done_ns &&
                 !last_done.compare_exchange_weak(prev, res.done_ns)) {
          }
        } else {
          results[i] = res;
        }
        if (rounds &&
            round_done[i / round_size].fetch_add(1) + 1 == round_size) {
          rusage ru{};
          getrusage(RUSAGE_SELF, &ru);
          std::printf("round %zu %.6f %.6f\n", i / round_size,
                      CpuSeconds(ru.ru_utime), CpuSeconds(ru.ru_stime));
          std::fflush(stdout);
        }
        if (res.status / 100 != 2) {
          failed.fetch_add(1);
          std::lock_guard<std::mutex> lock(err_mu);
          if (!reported) {
            reported = true;
            std::cerr << "http_load: request " << i << ": status " << res.status
                      << ": " << response << "\n";
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  bool ok = failed.load() == 0;
  std::string out;
  if (loop) {
    char line[128];
    // The time check comes before taking an index: every index taken was
    // posted, bodies 0, 1, ... in order.
    std::snprintf(line, sizeof line, "loop %zu %lld %lld %zu\n", next.load(),
                  static_cast<long long>(start_ns),
                  static_cast<long long>(last_done.load()), failed.load());
    out += line;
  }
  for (size_t i = 0; i < results.size(); ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "req %zu %lld %lld %d\n", i,
                  static_cast<long long>(results[i].send_ns),
                  static_cast<long long>(results[i].done_ns),
                  results[i].status);
    out += line;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  char line[96];
  std::snprintf(line, sizeof line, "cpu %.6f %.6f\n", CpuSeconds(ru.ru_utime),
                CpuSeconds(ru.ru_stime));
  out += line;
  std::fwrite(out.data(), 1, out.size(), stdout);
  return ok ? 0 : 1;
}
