// A minimal blocking HTTP/1.1 client over a raw socket to 127.0.0.1, for
// tests that need to control exactly what goes over the wire (partial
// requests, pipelining, slow writes).

#ifndef TOCSIN_TESTS_ENGINE_TEST_HTTP_CLIENT_H_
#define TOCSIN_TESTS_ENGINE_TEST_HTTP_CLIENT_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <string>
#include <string_view>

namespace tocsin::engine::testing_http {

// A blocking client socket to 127.0.0.1 with a receive timeout.
class Client {
 public:
  explicit Client(uint16_t port,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{};
    tv.tv_sec = timeout.count() / 1000;
    tv.tv_usec = (timeout.count() % 1000) * 1000;
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(n);
    }
    return true;
  }

  struct Response {
    int status = 0;
    std::string headers;  // raw header block, lower-cased names
    std::string body;
  };

  // Reads one response with a Content-Length body. status 0 means the
  // connection was closed (or timed out) first.
  Response Read() {
    Response r;
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    std::string head = buffer_.substr(0, header_end + 2);
    buffer_.erase(0, header_end + 4);
    r.status = std::stoi(head.substr(9, 3));
    for (char& c : head) c = std::tolower(static_cast<unsigned char>(c));
    r.headers = head;
    size_t length = 0;
    size_t cl = head.find("content-length: ");
    if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
    while (buffer_.size() < length) {
      if (!Fill()) return Response{};
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // True when the server closed the connection (read returns 0) within the
  // receive timeout.
  bool ClosedByPeer() {
    char c;
    ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0;
  }

 private:
  bool Fill() {
    char buf[4096];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, n);
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline std::string GetRequest(std::string_view target,
                              std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
         std::string(extra) + "\r\n";
}

}  // namespace tocsin::engine::testing_http

#endif  // TOCSIN_TESTS_ENGINE_TEST_HTTP_CLIENT_H_
