#include "datasource/remote_write_config.h"

#include <gtest/gtest.h>

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;

TEST(RemoteWriteConfigTest, ReadsEveryField) {
  auto c = ParseRemoteWriteConfigsText(R"(
- url: https://mimir.example:9009/api/v1/push
  name: mimir
  remote_timeout: 10s
  headers:
    X-Scope-OrgID: team-a
  basic_auth:
    username: alice
    password_file: /etc/tocsin/pw
  tls_config:
    ca_file: ca.pem
    server_name: mimir
    insecure_skip_verify: true
  queue_config:
    capacity: 5000
    max_shards: 4
    min_shards: 2
    max_samples_per_send: 500
    batch_send_deadline: 1s
    min_backoff: 10ms
    max_backoff: 1m
    retry_on_http_429: false
  metadata_config: {send: false}
  send_exemplars: false
- url: http://127.0.0.1:9090/api/v1/write
  authorization: {credentials: abc}
)",
                                       "tocsin.yml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->size(), 2u);
  const RemoteWriteConfig& a = (*c)[0];
  EXPECT_EQ(a.name, "mimir");
  EXPECT_EQ(a.http.url, "https://mimir.example:9009/api/v1/push");
  EXPECT_EQ(a.http.timeout, 10s);
  EXPECT_EQ(a.http.max_retries, 0);
  EXPECT_EQ(a.http.max_connections, 4);
  ASSERT_EQ(a.http.headers.size(), 1u);
  EXPECT_EQ(a.http.headers[0].first, "X-Scope-OrgID");
  EXPECT_TRUE(a.http.has_basic_auth);
  EXPECT_EQ(a.http.basic_auth.username, "alice");
  EXPECT_EQ(a.http.basic_auth.password_file, "/etc/tocsin/pw");
  EXPECT_EQ(a.http.tls_config.ca_file, "ca.pem");
  EXPECT_EQ(a.http.tls_config.server_name, "mimir");
  EXPECT_TRUE(a.http.tls_config.insecure_skip_verify);
  EXPECT_EQ(a.queue.capacity, 5000);
  EXPECT_EQ(a.queue.max_shards, 4);
  EXPECT_EQ(a.queue.min_shards, 2);
  EXPECT_EQ(a.queue.max_samples_per_send, 500);
  EXPECT_EQ(a.queue.batch_send_deadline, 1s);
  EXPECT_EQ(a.queue.min_backoff, 10ms);
  EXPECT_EQ(a.queue.max_backoff, 1min);
  EXPECT_FALSE(a.queue.retry_on_http_429);

  const RemoteWriteConfig& b = (*c)[1];
  EXPECT_EQ(b.name.size(), 6u);  // from the URL's hash
  EXPECT_EQ(b.http.timeout, 30s);
  EXPECT_TRUE(b.http.has_authorization);
  EXPECT_EQ(b.http.authorization.type, "Bearer");
  EXPECT_EQ(b.http.authorization.credentials, "abc");
  EXPECT_EQ(b.queue.capacity, 100000);
  EXPECT_EQ(b.queue.max_shards, 1);
  EXPECT_EQ(b.queue.max_samples_per_send, 2000);
  EXPECT_EQ(b.queue.batch_send_deadline, 5s);
  EXPECT_EQ(b.queue.min_backoff, 30ms);
  EXPECT_EQ(b.queue.max_backoff, 5s);
  EXPECT_TRUE(b.queue.retry_on_http_429);
}

TEST(RemoteWriteConfigTest, EmptyAndNull) {
  auto a = ParseRemoteWriteConfigsText("", "f.yml");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->empty());
  auto b = ParseRemoteWriteConfigsText("[]", "f.yml");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->empty());
}

TEST(RemoteWriteConfigTest, ErrorsNameThePlace) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"url: http://x\n", "f.yml:1:1: remote_write must be a list"},
      {"- http://x\n", "f.yml:1:3: remote_write entries must be maps"},
      {"- name: a\n", "f.yml:1:3: url for remote_write is empty"},
      {"- url: ftp://x/\n",
       "f.yml:1:8: invalid remote_write URL \"ftp://x/\": the scheme must be "
       "http or https"},
      {"- url: http://x\n  remote_timout: 5s\n",
       "f.yml:2:3: field remote_timout not found in remote_write"},
      {"- url: http://x\n  queue_config:\n    capacty: 5\n",
       "f.yml:3:5: field capacty not found in remote_write.queue_config"},
      {"- url: http://x\n  queue_config: {max_shards: 0}\n",
       "f.yml:2:30: max_shards must be an integer >= 1"},
      {"- url: http://x\n  queue_config: {batch_send_deadline: soon}\n",
       "f.yml:2:39: invalid batch_send_deadline \"soon\": "},
      {"- url: http://x\n  queue_config: {retry_on_http_429: 1}\n",
       "f.yml:2:37: retry_on_http_429 must be true or false"},
      {"- url: http://x\n  remote_timeout: 0s\n",
       "f.yml:2:19: remote_timeout must be positive"},
      {"- url: http://x\n  write_relabel_configs: []\n",
       "f.yml:2:3: remote_write.write_relabel_configs is not supported"},
      {"- url: http://x\n  sigv4: {region: x}\n",
       "f.yml:2:3: remote_write.sigv4 is not supported"},
      {"- url: http://x\n  headers: {Content-Encoding: gzip}\n",
       "f.yml:2:12: Content-Encoding is a reserved header. It must not be "
       "changed"},
      {"- url: http://x\n  headers: {authorization: x}\n",
       "f.yml:2:12: authorization header must be changed via the basic_auth "
       "or authorization parameter"},
      {"- url: http://x\n  basic_auth: {pasword: x}\n",
       "f.yml:2:16: field pasword not found in remote_write.basic_auth"},
      {"- url: http://x\n  basic_auth: {username: u}\n  authorization: "
       "{credentials: c}\n",
       "f.yml:1:3: at most one of basic_auth and authorization must be "
       "configured"},
      {"- url: http://x\n  name: a\n- url: http://y\n  name: a\n",
       "f.yml:4:9: found multiple remote write configs with job name \"a\""},
      {"- url: http://x\n- url: http://x\n",
       "f.yml:2:3: duplicate remote write configs are not allowed, found "
       "duplicate for URL: http://x"},
      {"- url: http://x\n  bad: [\n", "f.yml:3:1: "},
  };
  for (const Case& c : cases) {
    auto r = ParseRemoteWriteConfigsText(c.text, "f.yml");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.status().message().substr(0, std::string(c.message).size()),
              c.message)
        << r.status().message();
  }
}

TEST(RemoteWriteConfigTest, ReadsANodeOfALargerFile) {
  YAML::Node root = YAML::Load(
      "global: {}\nremote_write:\n  - url: "
      "http://127.0.0.1:9090/api/v1/write\n");
  auto c = ParseRemoteWriteConfigs(root["remote_write"], "tocsin.yml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->size(), 1u);
  auto missing = ParseRemoteWriteConfigs(root["absent"], "tocsin.yml");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
}

}  // namespace
}  // namespace tocsin::datasource
