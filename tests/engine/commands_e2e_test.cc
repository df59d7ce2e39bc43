// End-to-end tests of `tocsin query` and `tocsin serve`: they run the real
// binary on tests/engine/testdata/small.om. The expected bodies are what
// Prometheus 2.42 answers for the same data (loaded with promtool tsdb
// create-blocks-from openmetrics).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/engine/test_http_client.h"

extern char** environ;

namespace tocsin::engine {
namespace {

using namespace std::chrono_literals;
using testing_http::Client;
using testing_http::GetRequest;

const std::string kData =
    std::string(TOCSIN_SOURCE_DIR) + "/tests/engine/testdata/small.om";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/tocsin_e2e_" +
         std::to_string(getpid()) + "_" + name;
}

// Starts the tocsin binary with `args`, stdout and stderr going to files.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out,
            const std::string& err) {
  std::vector<char*> argv;
  std::string binary = TOCSIN_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

struct RunResult {
  int code = -1;
  std::string out, err;
};

RunResult RunTocsin(const std::vector<std::string>& args) {
  std::string out = TempPath("out"), err = TempPath("err");
  pid_t pid = Spawn(args, out, err);
  RunResult r;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    r.code = WEXITSTATUS(status);
  }
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

TEST(QueryCommandTest, InstantQueryPrintsTheApiBody) {
  RunResult r = RunTocsin({"query", "--series", kData, "--time", "1700000120",
                           "sum by (code) (rate(http_requests_total[2m]))"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"code":"200"},"value":[1700000120,"1.25"]},{"metric":{"code":"500"},"value":[1700000120,"0.075"]}]}})"
      "\n");
  r = RunTocsin(
      {"query", "--series", kData, "--time", "2023-11-14T22:15:20Z", "up"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a:9090","job":"api"},"value":[1700000120,"0"]},{"metric":{"__name__":"up","instance":"b:5432","job":"db","note":"say \"hi\"\n\u003cok\u003e"},"value":[1700000120,"1"]}]}})"
      "\n");
  r = RunTocsin({"query", "--series", kData, "--time", "1700000000.5",
                 "scalar(up{job=\"db\"})"});
  EXPECT_EQ(
      r.out,
      R"({"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"1"]}})"
      "\n");
}

TEST(QueryCommandTest, RangeQuery) {
  RunResult r =
      RunTocsin({"query", "--series", kData, "--start", "1700000000", "--end",
                 "1700000120", "--step", "60", "sum by (job) (up)"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1700000000,"1"],[1700000060,"1"],[1700000120,"0"]]},{"metric":{"job":"db"},"values":[[1700000000,"1"],[1700000060,"1"],[1700000120,"1"]]}]}})"
      "\n");
}

TEST(QueryCommandTest, DefaultTimeIsNow) {
  // The recording is long over: nothing is within the lookback window now.
  RunResult r = RunTocsin({"query", "--series", kData, "up"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            R"({"status":"success","data":{"resultType":"vector","result":[]}})"
            "\n");
}

TEST(QueryCommandTest, QueryErrorsExitOneWithTheErrorJson) {
  RunResult r = RunTocsin({"query", "--series", kData, "--time", "1", "up +"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.out,
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"})"
      "\n");
  r = RunTocsin({"query", "--series", kData, "--start", "2", "--end", "1",
                 "--step", "1", "up"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.out,
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"end\": end timestamp must not be before start time"})"
      "\n");
  r = RunTocsin({"query", "--series", kData, "--time", "soon", "up"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(
      r.out,
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"time\": Invalid time value for 'time': cannot parse \"soon\" to a valid timestamp"})"
      "\n");
}

TEST(QueryCommandTest, BadSeriesFilesExitOne) {
  std::string bad = TempPath("bad.om");
  std::ofstream(bad) << "up{job=\"x\"} 1 1\nup{job=\"x\"} 2 abc\n";
  RunResult r = RunTocsin({"query", "--series", bad, "--time", "1", "up"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(bad + ":2:"), std::string::npos) << r.err;
  std::remove(bad.c_str());
  r = RunTocsin({"query", "--series", "/nonexistent/file.om", "up"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/file.om"), std::string::npos) << r.err;
}

TEST(QueryCommandTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"query", "up"},               // no --series
      {"query", "--series", kData},  // no expression
      {"query", "--series", kData, "--time", "1", "--step", "1", "up"},
      {"query", "--series", kData, "--start", "1", "up"},  // incomplete range
      {"query", "--series", kData, "--query.timeout", "x", "up"},
      {"query", "--series", kData, "--bogus", "up"},
  };
  for (const auto& args : cases) {
    RunResult r = RunTocsin(args);
    EXPECT_EQ(r.code, 2) << args.back() << " " << r.err;
    EXPECT_EQ(r.out, "");
  }
}

std::string Post(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: x\r\nContent-Type: "
         "application/x-www-form-urlencoded\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

class ServeCommandTest : public ::testing::Test {
 protected:
  // Starts `tocsin serve` on 127.0.0.1:0 and waits for its listen address.
  void Start(std::vector<std::string> extra = {}) {
    err_ = TempPath("serve_err");
    out_ = TempPath("serve_out");
    std::vector<std::string> args = {"serve", "--series", kData,
                                     "--web.listen-address", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = Spawn(args, out_, err_);
    ASSERT_GT(pid_, 0);
    std::regex listening(R"(address(?:=|":")127\.0\.0\.1:(\d+))");
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string log = ReadFile(err_);
      std::smatch m;
      if (std::regex_search(log, m, listening)) {
        port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
        return;
      }
      std::this_thread::sleep_for(20ms);
    }
    FAIL() << "no listen address in log: " << ReadFile(err_);
  }

  // Sends `signal` and returns the exit code (-1 if it did not exit).
  int StopWith(int signal) {
    kill(pid_, signal);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::remove(err_.c_str());
    std::remove(out_.c_str());
  }

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string err_, out_;
};

TEST_F(ServeCommandTest, ServesTheQueryApiUntilSigterm) {
  ASSERT_NO_FATAL_FAILURE(Start());
  struct Case {
    std::string request;
    int status;
    std::string body;
  };
  const Case cases[] = {
      {GetRequest("/api/v1/query?query=sum%20by%20(code)%20(rate(http_"
                  "requests_total%5B2m%5D))&time=1700000120"),
       200,
       R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"code":"200"},"value":[1700000120,"1.25"]},{"metric":{"code":"500"},"value":[1700000120,"0.075"]}]}})"},
      {Post("/api/v1/query_range",
            "query=sum+by+(job)+(up)&start=1700000000&end=1700000120&step=60"),
       200,
       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1700000000,"1"],[1700000060,"1"],[1700000120,"0"]]},{"metric":{"job":"db"},"values":[[1700000000,"1"],[1700000060,"1"],[1700000120,"1"]]}]}})"},
      {GetRequest("/api/v1/series?match[]=up"), 200,
       R"({"status":"success","data":[{"__name__":"up","instance":"a:9090","job":"api"},{"__name__":"up","instance":"b:5432","job":"db","note":"say \"hi\"\n\u003cok\u003e"}]})"},
      {GetRequest("/api/v1/label/job/values"), 200,
       R"({"status":"success","data":["api","db"]})"},
      {GetRequest("/api/v1/query?query=1%2B&time=1"), 400,
       R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:3: parse error: unexpected end of input"})"},
      {GetRequest("/-/ready"), 200, "Prometheus Server is Ready.\n"},
      {GetRequest("/nothing"), 404, "404 page not found\n"},
  };
  Client client(port_);  // all on one kept-alive connection
  ASSERT_TRUE(client.connected());
  for (const auto& c : cases) {
    ASSERT_TRUE(client.Send(c.request));
    Client::Response r = client.Read();
    EXPECT_EQ(r.status, c.status) << c.request;
    EXPECT_EQ(r.body, c.body) << c.request;
  }
  EXPECT_EQ(StopWith(SIGTERM), 0);
  std::string log = ReadFile(err_);
  EXPECT_NE(log.find("msg=\"Received SIGTERM, exiting gracefully...\""),
            std::string::npos)
      << log;
}

TEST_F(ServeCommandTest, JsonLogsAndSigint) {
  ASSERT_NO_FATAL_FAILURE(Start({"--log.format=json", "--log.level=info"}));
  EXPECT_NE(ReadFile(err_).find(R"("msg":"Listening on")"), std::string::npos);
  Client client(port_);
  ASSERT_TRUE(client.Send(GetRequest("/-/healthy")));
  EXPECT_EQ(client.Read().status, 200);
  EXPECT_EQ(StopWith(SIGINT), 0);
}

TEST(ServeCommandErrorsTest, UsageAndStartupErrors) {
  RunResult r = RunTocsin(
      {"serve", "--series", kData, "--web.listen-address", "127.0.0.1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("missing port in address"), std::string::npos) << r.err;
  r = RunTocsin({"serve", "--series", kData, "--log.format", "xml"});
  EXPECT_EQ(r.code, 2);
  r = RunTocsin({"serve", "--series", "/nonexistent/x.om",
                 "--web.listen-address", "127.0.0.1:0"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("Error loading series"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tocsin::engine
