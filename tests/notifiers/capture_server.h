// An HTTP capture server on 127.0.0.1 (a free port) for receiver tests: it
// records every request (method, target, headers, body) and answers with
// scripted status codes (200 by default), one connection per request.

#ifndef TOCSIN_TESTS_NOTIFIERS_CAPTURE_SERVER_H_
#define TOCSIN_TESTS_NOTIFIERS_CAPTURE_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::notifiers::testing {

struct CapturedRequest {
  std::chrono::system_clock::time_point at;  // when the request was read
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class CaptureServer {
 public:
  CaptureServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~CaptureServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // Script entries that are not status codes: close the connection
  // without answering, or answer 200 after kSlowDelay.
  static constexpr int kClose = -1;
  static constexpr int kSlow = -2;
  static constexpr std::chrono::milliseconds kSlowDelay{1500};

  // The next requests are answered with these status codes (or kClose,
  // kSlow), in order.
  void Script(std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int s : statuses) script_.push_back(s);
  }
  std::vector<CapturedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Loop() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      Handle(c);
      ::close(c);
    }
  }

  void Handle(int c) {
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    while (true) {
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        std::string lower = data.substr(0, header_end);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
        size_t cl = lower.find("content-length:");
        if (cl != std::string::npos) {
          content_length = std::stoul(lower.substr(cl + 15));
        }
      }
      if (data.size() >= header_end + 4 + content_length) break;
    }
    CapturedRequest r;
    r.at = std::chrono::system_clock::now();
    size_t line_end = data.find("\r\n");
    std::string line = data.substr(0, line_end);
    size_t sp1 = line.find(' ');
    size_t sp2 = line.rfind(' ');
    r.method = line.substr(0, sp1);
    r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end + 2;
    while (pos < header_end) {
      size_t e = data.find("\r\n", pos);
      std::string h = data.substr(pos, e - pos);
      size_t colon = h.find(':');
      std::string name = h.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(ch));
      size_t v = colon + 1;
      while (v < h.size() && h[v] == ' ') ++v;
      r.headers[name] = h.substr(v);
      pos = e + 2;
    }
    r.body = data.substr(header_end + 4, content_length);
    int status = 200;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(std::move(r));
      if (!script_.empty()) {
        status = script_.front();
        script_.pop_front();
      }
    }
    if (status == kClose) return;
    if (status == kSlow) {
      std::this_thread::sleep_for(kSlowDelay);
      status = 200;
    }
    std::string resp = "HTTP/1.1 " + std::to_string(status) +
                       " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    ::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<int> script_;
  std::vector<CapturedRequest> requests_;
};

}  // namespace tocsin::notifiers::testing

#endif  // TOCSIN_TESTS_NOTIFIERS_CAPTURE_SERVER_H_
