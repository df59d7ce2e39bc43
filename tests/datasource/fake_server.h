// FakeServer: a scriptable HTTP/1.1 server on 127.0.0.1 for the datasource
// tests, plain or TLS (OpenSSL), one thread per connection. The handler
// decides each answer: raw response bytes, a delay, closing the connection
// without an answer, or closing it right after answering.

#ifndef TOCSIN_TESTS_DATASOURCE_FAKE_SERVER_H_
#define TOCSIN_TESTS_DATASOURCE_FAKE_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::datasource::testing {

struct FakeRequest {
  std::string method;
  std::string target;
  std::string headers;  // raw header lines, names as sent
  std::string body;
  int connection = 0;   // which connection (0, 1, ...) carried it

  // The value of header `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const {
    size_t pos = 0;
    while (pos < headers.size()) {
      size_t end = headers.find("\r\n", pos);
      if (end == std::string::npos) end = headers.size();
      std::string_view line(headers.data() + pos, end - pos);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos && colon == name.size() &&
          std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(a) == std::tolower(b);
          })) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        return std::string(v);
      }
      pos = end + 2;
    }
    return "";
  }
};

struct FakeAnswer {
  std::string raw;  // the response bytes; empty: close without answering
  std::chrono::milliseconds delay{0};
  bool close_after = false;
};

// "HTTP/1.1 <status> <reason>" with a JSON body and Content-Length.
inline std::string HttpAnswer(int status, const std::string& body,
                              const std::string& content_type =
                                  "application/json") {
  const char* reason = status == 200   ? "OK"
                       : status == 400 ? "Bad Request"
                       : status == 422 ? "Unprocessable Entity"
                       : status == 500 ? "Internal Server Error"
                       : status == 502 ? "Bad Gateway"
                       : status == 503 ? "Service Unavailable"
                                       : "Status";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

class FakeServer {
 public:
  using Handler = std::function<FakeAnswer(const FakeRequest&)>;

  // `tls`, when set, must outlive the server.
  explicit FakeServer(Handler handler, SSL_CTX* tls = nullptr)
      : handler_(std::move(handler)), tls_(tls) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 64);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~FakeServer() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    acceptor_.join();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : workers_) t.join();
  }

  uint16_t port() const { return port_; }
  std::string url() const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" +
           std::to_string(port_);
  }
  int connections() const { return connections_; }
  int requests() const { return requests_; }
  int peak_concurrent() const { return peak_; }
  std::vector<FakeRequest> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void AcceptLoop() {
    for (;;) {
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      if (stopping_) {
        close(fd);
        return;
      }
      int id = connections_++;
      std::lock_guard<std::mutex> lock(mu_);
      open_fds_.push_back(fd);
      workers_.emplace_back([this, fd, id] { Serve(fd, id); });
    }
  }

  void Serve(int fd, int id) {
    SSL* ssl = nullptr;
    if (tls_) {
      ssl = SSL_new(tls_);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) <= 0) {
        SSL_free(ssl);
        Close(fd);
        return;
      }
    }
    std::string buffer;
    while (!stopping_) {
      FakeRequest req;
      if (!ReadRequest(fd, ssl, &buffer, &req)) break;
      req.connection = id;
      ++requests_;
      {
        std::lock_guard<std::mutex> lock(mu_);
        received_.push_back(req);
      }
      int now = ++concurrent_;
      int peak = peak_;
      while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
      }
      FakeAnswer answer = handler_(req);
      if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
      --concurrent_;
      if (answer.raw.empty()) break;
      if (!Write(fd, ssl, answer.raw) || answer.close_after) break;
    }
    if (ssl) {
      SSL_shutdown(ssl);
      SSL_free(ssl);
    }
    Close(fd);
  }

  void Close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd),
                    open_fds_.end());
    shutdown(fd, SHUT_RDWR);
    close(fd);
  }

  static ssize_t Recv(int fd, SSL* ssl, char* buf, size_t n) {
    return ssl ? SSL_read(ssl, buf, static_cast<int>(n)) : recv(fd, buf, n, 0);
  }

  static bool Write(int fd, SSL* ssl, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ssl ? SSL_write(ssl, data.data(), static_cast<int>(data.size()))
                      : send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  static bool ReadRequest(int fd, SSL* ssl, std::string* buffer,
                          FakeRequest* req) {
    char chunk[16384];
    size_t header_end;
    while ((header_end = buffer->find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = Recv(fd, ssl, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer->append(chunk, static_cast<size_t>(n));
    }
    std::string head = buffer->substr(0, header_end);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' ');
    size_t sp2 = request_line.find(' ', sp1 + 1);
    req->method = request_line.substr(0, sp1);
    req->target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    req->headers =
        line_end == std::string::npos ? "" : head.substr(line_end + 2);
    std::string cl = req->Header("Content-Length");
    size_t length = cl.empty() ? 0 : std::stoul(cl);
    while (buffer->size() < header_end + 4 + length) {
      ssize_t n = Recv(fd, ssl, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer->append(chunk, static_cast<size_t>(n));
    }
    req->body = buffer->substr(header_end + 4, length);
    buffer->erase(0, header_end + 4 + length);
    return true;
  }

  Handler handler_;
  SSL_CTX* tls_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::atomic<int> concurrent_{0};
  std::atomic<int> peak_{0};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<int> open_fds_;
  std::vector<std::thread> workers_;
  std::vector<FakeRequest> received_;
};

}  // namespace tocsin::datasource::testing

#endif  // TOCSIN_TESTS_DATASOURCE_FAKE_SERVER_H_
