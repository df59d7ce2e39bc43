// A real SMTP server on 127.0.0.1 for email tests: runs
// tests/notifiers/smtp_sink.py (aiosmtpd, under Debian's /usr/bin/python3)
// as a child process with the options asked for (STARTTLS or TLS from the
// first byte with test certificates, AUTH PLAIN / LOGIN / CRAM-MD5,
// SMTPUTF8, rejected recipients or messages) and reads back what it
// received: the envelope, the session (EHLO name, TLS, login) and the raw
// message.
//
// Also TestCertificates (a CA-less self-signed server certificate for
// localhost and 127.0.0.1, and a client certificate, made with the openssl
// command), and helpers to split a received message into headers and MIME
// parts.

#ifndef TOCSIN_TESTS_NOTIFIERS_SMTP_SINK_H_
#define TOCSIN_TESTS_NOTIFIERS_SMTP_SINK_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tocsin::notifiers::testing {

inline constexpr const char* kSinkPython = "/usr/bin/python3";

// Whether the SMTP server can run here (Debian's python3 with aiosmtpd).
inline bool SmtpSinkAvailable() {
  static const bool ok =
      std::system("/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1") == 0;
  return ok;
}

inline bool OpensslAvailable() {
  static const bool ok = std::system("openssl version >/dev/null 2>&1") == 0;
  return ok;
}

// Self-signed certificates in a temporary directory: server.pem/key for
// CN=localhost with the names localhost and 127.0.0.1, and client.pem/key.
// Made once per test process, removed when it exits.
class TestCertificates {
 public:
  static const TestCertificates& Get() {
    static const TestCertificates certs;
    return certs;
  }
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;
  ~TestCertificates() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  std::string dir;
  std::string server_cert, server_key, client_cert, client_key;
  bool ok = false;

 private:
  TestCertificates() {
    dir = std::filesystem::temp_directory_path().string() +
          "/tocsin_email_certs_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    server_cert = dir + "/server.pem";
    server_key = dir + "/server.key";
    client_cert = dir + "/client.pem";
    client_key = dir + "/client.key";
    auto make = [](const std::string& cert, const std::string& key,
                   const std::string& cn, const std::string& san) {
      std::string cmd =
          "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + cn +
          " -keyout " + key + " -out " + cert +
          " -addext subjectAltName=" + san + " >/dev/null 2>&1";
      return std::system(cmd.c_str()) == 0;
    };
    ok = make(server_cert, server_key, "localhost",
              "DNS:localhost,IP:127.0.0.1") &&
         make(client_cert, client_key, "tocsin-client", "DNS:tocsin-client");
  }
};

struct SinkOptions {
  bool starttls = false;
  bool implicit_tls = false;
  bool require_client_cert = false;
  std::string auth;  // "login:password"
  bool auth_require_tls = false;
  std::vector<std::string> auth_exclude;
  std::string cram_secret;
  bool aiosmtpd_login_challenges = false;  // "User Name\0", not "Username:"
  bool smtputf8 = false;
  std::vector<std::string> reject_rcpt;
  std::string reject_data;
  int fail_first = 0;
  int port = 0;
};

struct ReceivedMail {
  double at = 0;  // Unix seconds
  std::string helo;
  bool tls = false;
  std::string auth, auth_mechanism;
  std::string mail_from;
  std::vector<std::string> mail_options;
  std::vector<std::string> rcpt;
  std::string data;  // the raw message, CRLF line ends
};

class SmtpSink {
 public:
  explicit SmtpSink(const SinkOptions& o) {
    dir_ = std::filesystem::temp_directory_path().string() +
           "/tocsin_smtp_sink_" + std::to_string(::getpid()) + "_" +
           std::to_string(counter()++);
    std::filesystem::remove_all(dir_);
    std::vector<std::string> args = {
        kSinkPython,
        std::string(TOCSIN_SOURCE_DIR) + "/tests/notifiers/smtp_sink.py",
        "--out",
        dir_,
        "--port",
        std::to_string(o.port)};
    const TestCertificates& certs = TestCertificates::Get();
    if (o.starttls || o.implicit_tls) {
      args.insert(args.end(),
                  {"--cert", certs.server_cert, "--key", certs.server_key});
      args.push_back(o.starttls ? "--starttls" : "--implicit-tls");
      if (o.require_client_cert) {
        args.insert(args.end(), {"--client-ca", certs.client_cert});
      }
    }
    if (!o.auth.empty()) args.insert(args.end(), {"--auth", o.auth});
    if (o.auth_require_tls) args.push_back("--auth-require-tls");
    for (const auto& m : o.auth_exclude) {
      args.insert(args.end(), {"--auth-exclude", m});
    }
    if (!o.cram_secret.empty()) {
      args.insert(args.end(), {"--cram-secret", o.cram_secret});
    }
    if (o.aiosmtpd_login_challenges) {
      args.push_back("--aiosmtpd-login-challenges");
    }
    if (o.smtputf8) args.push_back("--smtputf8");
    for (const auto& r : o.reject_rcpt) {
      args.insert(args.end(), {"--reject-rcpt", r});
    }
    if (!o.reject_data.empty()) {
      args.insert(args.end(), {"--reject-data", o.reject_data});
    }
    if (o.fail_first > 0) {
      args.insert(args.end(), {"--fail-first", std::to_string(o.fail_first)});
    }
    Start(args);
  }
  ~SmtpSink() {
    if (pid_ > 0) {
      ::close(stdin_fd_);  // the sink stops when its stdin closes
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    std::filesystem::remove_all(dir_);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  std::vector<ReceivedMail> Mails() const {
    std::vector<ReceivedMail> out;
    for (int i = 0;; ++i) {
      std::string base = dir_ + "/" + std::to_string(i);
      std::ifstream env(base + ".env");
      if (!env) break;
      ReceivedMail m;
      std::string line;
      while (std::getline(env, line)) {
        size_t sp = line.find(' ');
        std::string key = line.substr(0, sp);
        std::string value = sp == std::string::npos ? "" : line.substr(sp + 1);
        if (key == "at") m.at = std::stod(value);
        if (key == "helo") m.helo = value;
        if (key == "tls") m.tls = value == "1";
        if (key == "auth") m.auth = value;
        if (key == "auth_mechanism") m.auth_mechanism = value;
        if (key == "mail_from") m.mail_from = value;
        if (key == "mail_option") m.mail_options.push_back(value);
        if (key == "rcpt") m.rcpt.push_back(value);
      }
      std::ifstream eml(base + ".eml", std::ios::binary);
      std::stringstream ss;
      ss << eml.rdbuf();
      m.data = ss.str();
      out.push_back(std::move(m));
    }
    return out;
  }

  // Waits until `n` messages arrived; false after `timeout`.
  bool WaitFor(size_t n, std::chrono::milliseconds timeout) const {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (Mails().size() < n) {
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
  }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }

  void Start(const std::vector<std::string>& args) {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return;
    std::vector<char*> argv;
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 2);
      ::close(in[1]);
      ::close(out[0]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
    // "PORT <n>\n" once it listens; Python starts slowly on a busy machine.
    std::string line;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos &&
           std::chrono::steady_clock::now() < end) {
      pollfd p{stdout_fd_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[64];
      ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    if (line.rfind("PORT ", 0) == 0) port_ = std::atoi(line.c_str() + 5);
  }

  std::string dir_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
};

// A received message split as a mail reader would: the header fields in
// order (names as written) and the body.
struct ParsedMail {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  explicit ParsedMail(const std::string& data) {
    size_t end = data.find("\r\n\r\n");
    std::string head = data.substr(0, end);
    body = end == std::string::npos ? "" : data.substr(end + 4);
    size_t pos = 0;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string line = head.substr(pos, e - pos);
      size_t colon = line.find(": ");
      headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
      pos = e + 2;
    }
  }
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
  std::string Boundary() const {
    std::string ct = Header("Content-Type");
    size_t b = ct.find("boundary=");
    return b == std::string::npos ? "" : ct.substr(b + 9);
  }
  // The parts of the multipart body: their headers and decoded content.
  struct Part {
    std::string content_type;
    std::string encoding;
    std::string raw;      // as sent (quoted-printable)
    std::string decoded;  // quoted-printable decoded
  };
  std::vector<Part> Parts() const {
    std::vector<Part> parts;
    std::string delim = "--" + Boundary();
    size_t pos = body.find(delim);
    while (pos != std::string::npos) {
      pos += delim.size();
      if (body.compare(pos, 2, "--") == 0) break;
      pos += 2;  // CRLF
      size_t next = body.find("\r\n" + delim, pos);
      std::string part = body.substr(pos, next - pos);
      ParsedMail inner(part);
      Part p;
      p.content_type = inner.Header("Content-Type");
      p.encoding = inner.Header("Content-Transfer-Encoding");
      p.raw = inner.body;
      p.decoded = DecodeQuotedPrintable(inner.body);
      parts.push_back(std::move(p));
      pos = next == std::string::npos ? next : next + 2;
    }
    return parts;
  }

  static std::string DecodeQuotedPrintable(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '=' && i + 2 < s.size() && s[i + 1] == '\r' &&
          s[i + 2] == '\n') {
        i += 2;  // soft line break
      } else if (s[i] == '=' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
        out += '\n';
        ++i;
      } else {
        out += s[i];
      }
    }
    return out;
  }
};

}  // namespace tocsin::notifiers::testing

#endif  // TOCSIN_TESTS_NOTIFIERS_SMTP_SINK_H_
