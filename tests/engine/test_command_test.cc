// Runs `tocsin test promql` as a user would and checks its output and exit
// codes.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct CommandRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

CommandRun Tocsin(const std::string& args) {
  std::string cmd = std::string(TOCSIN_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
    out.append(buf.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string WriteScript(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kLoad[] =
    "load 1m\n"
    "  up{job=\"a\"} 1 2 3\n"
    "\n";

TEST(TestCommand, PassingScriptExitsZero) {
  std::string path = WriteScript(
      "pass.test", std::string(kLoad) +
                       "eval instant at 2m up\n  up{job=\"a\"} 3\n\n"
                       "eval instant at 1m up\n  up{job=\"a\"} 2\n");
  CommandRun r = Tocsin("test promql " + path);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "pass.test: 2 passed, 0 failed\n");
}

TEST(TestCommand, FailuresShowPlaceExpressionAndMismatch) {
  std::string pass =
      WriteScript("ok.test", std::string(kLoad) +
                                 "eval instant at 2m up\n  up{job=\"a\"} 3\n");
  std::string fail =
      WriteScript("bad.test", std::string(kLoad) +
                                  "eval instant at 2m up\n  up{job=\"a\"} 4\n\n"
                                  "eval instant at 2m up\n  up{job=\"a\"} 3\n");
  CommandRun r = Tocsin("test promql " + pass + " " + fail);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output,
            "ok.test: 1 passed, 0 failed\n"
            "FAIL " +
                fail +
                ":4: up\n"
                "    expected 4 for {__name__=\"up\", job=\"a\"} but got 3\n"
                "bad.test: 1 passed, 1 failed\n"
                "total: 2 passed, 1 failed\n");
}

TEST(TestCommand, MissingFileFailsWithAClearMessage) {
  std::string missing = ::testing::TempDir() + "/no-such.test";
  CommandRun r = Tocsin("test promql " + missing);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.output.find("cannot read " + missing + ": No such file or directory"),
      std::string::npos)
      << r.output;
}

TEST(TestCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(Tocsin("test promql").exit_code, 2);
  EXPECT_EQ(Tocsin("test").exit_code, 2);
  EXPECT_EQ(Tocsin("test promql --no-such-flag x.test").exit_code, 2);
}

}  // namespace
