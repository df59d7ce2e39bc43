#include "datasource/config_yaml.h"

#include <gtest/gtest.h>

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;

TEST(DatasourceConfigYamlTest, ReadsEveryField) {
  auto c = ParseDatasourceConfigText(R"(
url: https://prometheus.example:9090/prefix
timeout: 30s
basic_auth:
  username: alice
  password_file: /etc/tocsin/pw
tls_config:
  ca_file: ca.pem
  cert_file: c.pem
  key_file: k.pem
  server_name: prometheus
  insecure_skip_verify: true
headers:
  X-Scope-OrgID: team-a
max_connections: 4
max_retries: 0
retry_backoff: 250ms
max_retry_backoff: 5s
)",
                                     "tocsin.yml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->url, "https://prometheus.example:9090/prefix");
  EXPECT_EQ(c->timeout, 30s);
  EXPECT_TRUE(c->has_basic_auth);
  EXPECT_FALSE(c->has_authorization);
  EXPECT_EQ(c->basic_auth.username, "alice");
  EXPECT_EQ(c->basic_auth.password_file, "/etc/tocsin/pw");
  EXPECT_EQ(c->tls_config.ca_file, "ca.pem");
  EXPECT_EQ(c->tls_config.cert_file, "c.pem");
  EXPECT_EQ(c->tls_config.key_file, "k.pem");
  EXPECT_EQ(c->tls_config.server_name, "prometheus");
  EXPECT_TRUE(c->tls_config.insecure_skip_verify);
  ASSERT_EQ(c->headers.size(), 1u);
  EXPECT_EQ(c->headers[0].first, "X-Scope-OrgID");
  EXPECT_EQ(c->headers[0].second, "team-a");
  EXPECT_EQ(c->max_connections, 4);
  EXPECT_EQ(c->max_retries, 0);
  EXPECT_EQ(c->retry_backoff, 250ms);
  EXPECT_EQ(c->max_retry_backoff, 5s);
}

TEST(DatasourceConfigYamlTest, AuthorizationForms) {
  auto a = ParseDatasourceConfigText(
      "url: http://x\nauthorization: {credentials_file: /t}\n", "f.yml");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->has_authorization);
  EXPECT_EQ(a->authorization.type, "Bearer");
  EXPECT_EQ(a->authorization.credentials_file, "/t");
  auto b =
      ParseDatasourceConfigText("url: http://x\nbearer_token: abc\n", "f.yml");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(b->has_authorization);
  EXPECT_EQ(b->authorization.credentials, "abc");
  auto d = ParseDatasourceConfigText("url: http://x\n", "f.yml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->timeout, 1min);
  EXPECT_FALSE(d->has_authorization || d->has_basic_auth);
}

TEST(DatasourceConfigYamlTest, ErrorsNameThePlace) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"url: http://x\nbasic_auth:\n  pasword: x\n",
       "f.yml:3:3: field pasword not found in datasource.basic_auth"},
      {"url: http://x\ntimout: 5s\n",
       "f.yml:2:1: field timout not found in datasource"},
      {"url: http://x\ntimeout: 5 minutes\n",
       "f.yml:2:10: invalid timeout \"5 minutes\": "},
      {"url: http://x\nmax_retries: -1\n",
       "f.yml:2:14: max_retries must be an integer >= 0"},
      {"url: http://x\ntls_config:\n  insecure_skip_verify: yes please\n",
       "f.yml:3:25: insecure_skip_verify must be true or false"},
      {"url: [a, b]\n", "f.yml:1:6: url must be a string"},
      {"timeout: 5s\n", "f.yml:1:1: datasource.url is required"},
      {"url: http://x\nheaders: [a]\n",
       "f.yml:2:10: datasource.headers must be a map"},
      {"url: http://x\nauthorization: {credentials: a}\nbearer_token: b\n",
       "f.yml:3:15: at most one of bearer_token, bearer_token_file and "
       "authorization"},
      {"url: http://x\n  bad: indent\n", "f.yml:2:6: "},
  };
  for (const Case& c : cases) {
    auto r = ParseDatasourceConfigText(c.text, "f.yml");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message().substr(0, std::string(c.message).size()),
              c.message)
        << r.status().message();
  }
}

TEST(DatasourceConfigYamlTest, CallersKeysAreSkipped) {
  YAML::Node n = YAML::Load("series_files: [a.om]\nreplay: {speed: 60}\n");
  std::string_view other[] = {"series_files", "replay"};
  auto c = ParseDatasourceConfig(n, "f.yml", other);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->url, "");
}

}  // namespace
}  // namespace tocsin::datasource
