// The datasource client over TLS, against a local TLS server whose CA,
// server and client certificates the test generates with openssl.

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "datasource/http_client.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace tls_test {

using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/tocsin_tls_" +
                           std::to_string(getpid()));
    const std::string& d = *dir_;
    std::string script =
        "set -e; mkdir -p " + d + " && cd " + d +
        " && K='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'"
        " && openssl req -x509 $K -keyout ca.key -out ca.crt -days 2"
        "    -subj /CN=tocsin-test-ca 2>/dev/null"
        " && openssl req $K -keyout server.key -out server.csr"
        "    -subj /CN=localhost 2>/dev/null"
        " && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext"
        " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key"
        "    -CAcreateserial -out server.crt -days 2 -extfile san.ext"
        "    2>/dev/null"
        " && openssl req $K -keyout client.key -out client.csr"
        "    -subj /CN=tocsin-client 2>/dev/null"
        " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key"
        "    -CAcreateserial -out client.crt -days 2 2>/dev/null"
        " && openssl req -x509 $K -keyout other.key -out other.crt -days 2"
        "    -subj /CN=other-ca 2>/dev/null";
    std::string path = d + ".sh";
    std::ofstream(path) << script << "\n";
    ASSERT_EQ(std::system(("bash " + path).c_str()), 0) << script;
  }

  static SSL_CTX* ServerContext(bool require_client_cert) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const std::string& d = *dir_;
    EXPECT_EQ(
        SSL_CTX_use_certificate_chain_file(ctx, (d + "/server.crt").c_str()),
        1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx, (d + "/server.key").c_str(),
                                          SSL_FILETYPE_PEM),
              1);
    if (require_client_cert) {
      SSL_CTX_load_verify_locations(ctx, (d + "/ca.crt").c_str(), nullptr);
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                         nullptr);
    }
    return ctx;
  }

  static std::string File(const char* name) { return *dir_ + "/" + name; }

  static Result<HttpResponse> Fetch(const std::string& url,
                                    const TlsConfig& tls) {
    DatasourceConfig c;
    c.url = url;
    c.tls_config = tls;
    c.max_retries = 0;
    auto client = HttpClient::Make(c);
    if (!client.ok()) return client.status();
    HttpRequest req;
    req.target = "/api/v1/query?query=up";
    return (*client)->Do(req);
  }

  static std::string* dir_;
};

std::string* TlsTest::dir_ = nullptr;

FakeAnswer Ok(const FakeRequest&) { return FakeAnswer{HttpAnswer(200, "{}")}; }

TEST_F(TlsTest, VerifiesTheServerAgainstTheConfiguredCa) {
  SSL_CTX* ctx = ServerContext(false);
  {
    FakeServer server(Ok, ctx);
    std::string url = server.url();
    std::string by_name = "https://localhost:" + std::to_string(server.port());

    TlsConfig trusted;
    trusted.ca_file = File("ca.crt");
    auto r = Fetch(url, trusted);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{}");
    r = Fetch(by_name, trusted);
    EXPECT_TRUE(r.ok()) << r.status().message();

    TlsConfig wrong_ca;
    wrong_ca.ca_file = File("other.crt");
    r = Fetch(url, wrong_ca);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
    EXPECT_NE(r.status().message().find("tls: "), std::string::npos)
        << r.status().message();

    TlsConfig wrong_name = trusted;
    wrong_name.server_name = "prometheus.example";
    r = Fetch(url, wrong_name);
    EXPECT_FALSE(r.ok());

    TlsConfig right_name = trusted;
    right_name.server_name = "localhost";
    r = Fetch(url, right_name);
    EXPECT_TRUE(r.ok()) << r.status().message();

    TlsConfig skip;
    skip.insecure_skip_verify = true;
    r = Fetch(url, skip);
    EXPECT_TRUE(r.ok()) << r.status().message();
  }
  SSL_CTX_free(ctx);
}

TEST_F(TlsTest, PresentsTheClientCertificate) {
  SSL_CTX* ctx = ServerContext(true);
  {
    FakeServer server(Ok, ctx);
    TlsConfig without;
    without.ca_file = File("ca.crt");
    auto r = Fetch(server.url(), without);
    EXPECT_FALSE(r.ok());

    TlsConfig with = without;
    with.cert_file = File("client.crt");
    with.key_file = File("client.key");
    r = Fetch(server.url(), with);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->status, 200);
  }
  SSL_CTX_free(ctx);
}

TEST_F(TlsTest, PlainHttpToATlsServerFails) {
  SSL_CTX* ctx = ServerContext(false);
  {
    FakeServer server(Ok, ctx);
    auto r = Fetch("http://127.0.0.1:" + std::to_string(server.port()), {});
    EXPECT_FALSE(r.ok());
  }
  SSL_CTX_free(ctx);
}

}  // namespace tls_test
}  // namespace tocsin::datasource
