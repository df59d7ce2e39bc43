#include "engine/daemon_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tocsin::engine {
namespace {

class DaemonConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tocsin_config_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "rules");
    for (const char* f : {"rules/a.yml", "rules/b.yml", "rec.om", "am.yml"}) {
      std::ofstream(dir_ / f) << "";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result<DaemonConfig> Parse(const std::string& text) {
    return ParseDaemonConfig(text, (dir_ / "tocsin.yml").string());
  }
  std::string Error(const std::string& text) {
    auto c = Parse(text);
    EXPECT_FALSE(c.ok()) << text;
    if (c.ok()) return "";
    // Messages name the file relative to nothing: cut the directory.
    std::string m = c.status().message();
    const std::string prefix = dir_.string() + "/";
    size_t p;
    while ((p = m.find(prefix)) != std::string::npos) m.erase(p, prefix.size());
    return m;
  }

  std::filesystem::path dir_;
};

TEST_F(DaemonConfigTest, ReadsEverySetting) {
  auto c = Parse(R"(
global:
  evaluation_interval: 30s
  external_labels: {replica: a, cluster: eu}
  query_offset: 1m
datasource:
  url: http://127.0.0.1:9090/prefix
  timeout: 20s
  basic_auth: {username: u, password: p}
  headers: {X-Scope-OrgID: team}
rule_files: [rules/*.yml, rules/a.yml]
alerting:
  alertmanager_config: am.yml
  alertmanagers:
    - url: http://127.0.0.1:9093
    - url: https://am.example:9093
      timeout: 3s
)");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->evaluation_interval_ms, 30000);
  EXPECT_EQ(c->query_offset_ms, 60000);
  EXPECT_EQ(c->external_labels.ToString(), "{cluster=\"eu\", replica=\"a\"}");
  EXPECT_EQ(c->datasource.url, "http://127.0.0.1:9090/prefix");
  EXPECT_EQ(c->datasource.timeout, std::chrono::seconds(20));
  EXPECT_TRUE(c->datasource.has_basic_auth);
  ASSERT_EQ(c->rule_files.size(), 2u);  // sorted, distinct
  EXPECT_EQ(c->rule_files[0], (dir_ / "rules/a.yml").string());
  EXPECT_EQ(c->rule_files[1], (dir_ / "rules/b.yml").string());
  EXPECT_EQ(c->alertmanager_config, (dir_ / "am.yml").string());
  ASSERT_EQ(c->alertmanagers.size(), 2u);
  EXPECT_EQ(c->alertmanagers[0].timeout, std::chrono::seconds(10));
  EXPECT_EQ(c->alertmanagers[1].timeout, std::chrono::seconds(3));
  EXPECT_TRUE(c->series_files.empty());
}

TEST_F(DaemonConfigTest, ReplayOfRecordedSeries) {
  auto c = Parse(R"(
datasource:
  series_files: [rec.om]
  replay: {speed: 60, start: 2023-11-14T22:13:20Z}
)");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->series_files.size(), 1u);
  EXPECT_EQ(c->series_files[0], (dir_ / "rec.om").string());
  EXPECT_EQ(c->replay.speed, 60);
  EXPECT_EQ(c->replay.start_ms, 1700000000000);
  EXPECT_EQ(c->evaluation_interval_ms, 60000);  // Prometheus's default
  EXPECT_TRUE(c->rule_files.empty());
}

TEST_F(DaemonConfigTest, ErrorsNameTheirPlace) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"datasource: {url: http://x}\nglobl: {}\n",
       "yaml: unmarshal errors:\n  tocsin.yml:2:1: field globl not found in "
       "type tocsin.config"},
      {"global:\n  evaluation_interval: 5x\ndatasource: {url: http://x}\n",
       "tocsin.yml:2:24: not a valid duration string: \"5x\""},
      {"global:\n  evaluation_interval: 0s\ndatasource: {url: http://x}\n",
       "tocsin.yml:2:24: evaluation_interval must be greater than 0"},
      {"global:\n  external_labels: {1x: a}\ndatasource: {url: http://x}\n",
       "tocsin.yml:2:21: \"1x\" is not a valid label name"},
      {"rule_files: []\n", "tocsin.yml:1:1: datasource must be set (url or "
                           "series_files)"},
      {"datasource:\n  url: http://x\n  series_files: [rec.om]\n",
       "tocsin.yml:2:3: datasource: url and series_files are mutually "
       "exclusive"},
      {"datasource:\n  timeout: 1m\n",
       "tocsin.yml:2:3: datasource: url or series_files must be set"},
      {"datasource:\n  series_files: [missing.om]\n",
       "tocsin.yml:2:17: series file \"missing.om\" does not exist"},
      {"datasource:\n  series_files: [rec.om]\n  replay: {speed: -1}\n",
       "tocsin.yml:3:19: replay speed must be a number in (0, 1e6]"},
      {"datasource:\n  url: http://x\n  replay: {speed: 2}\n",
       "tocsin.yml:3:11: datasource: replay needs series_files"},
      {"datasource:\n  url: http://x\n  pasword: y\n",
       "tocsin.yml:3:3: field pasword not found in datasource"},
      {"datasource: {url: http://x}\nalerting:\n  alertmanagers:\n  - "
       "timeout: 1s\n",
       "tocsin.yml:4:5: alertmanager url must be set"},
      {"datasource: {url: http://x}\nrule_files: x\n",
       "yaml: unmarshal errors:\n  tocsin.yml:2:13: cannot unmarshal !!str `x` "
       "into []string"},
      {"datasource: [\n", "tocsin.yml:2:1: yaml: "},
  };
  for (const Case& c : cases) {
    std::string got = Error(c.text);
    EXPECT_EQ(got.substr(0, std::string(c.error).size()), c.error)
        << c.text << "\ngot: " << got;
  }
}

TEST(LooksLikeDaemonConfigTest, TellsTocsinConfigFromAlertmanagerConfig) {
  EXPECT_TRUE(LooksLikeDaemonConfig("datasource: {url: http://x}\n"));
  EXPECT_TRUE(LooksLikeDaemonConfig("rule_files: [a.yml]\n"));
  EXPECT_FALSE(LooksLikeDaemonConfig("route: {receiver: a}\nreceivers: []\n"));
  EXPECT_FALSE(LooksLikeDaemonConfig("[not yaml"));
}

}  // namespace
}  // namespace tocsin::engine
