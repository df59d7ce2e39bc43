// Every expression of Prometheus's own PromQL test scripts parses, prints
// and parses again to the same printed form. The scripts live beside the
// checkout (../shared/promql-testdata/v2.42.0); the test is skipped when
// they are absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

namespace tocsin::promql {
namespace {

TEST(TestdataRoundTripTest, EvalExpressions) {
  const std::filesystem::path dir =
      TOCSIN_SOURCE_DIR "/../shared/promql-testdata/v2.42.0";
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "no Prometheus test scripts at " << dir;
  }
  const std::regex eval_line(
      R"(^\s*eval(_fail|_ordered)?\s+instant\s+(?:at\s+\S+\s+)?(.+?)\s*$)");
  int parsed = 0, failing = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::ifstream in(entry.path());
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      std::smatch m;
      if (!std::regex_match(line, m, eval_line)) continue;
      SCOPED_TRACE(entry.path().filename().string() + ":" +
                   std::to_string(lineno) + ": " + m[2].str());
      auto expr = ParseExpr(m[2].str());
      if (!expr.ok()) {
        // Only eval_fail lines may hold expressions that do not parse.
        EXPECT_EQ(m[1].str(), "_fail") << expr.status().message();
        ++failing;
        continue;
      }
      std::string printed = Print(**expr);
      auto again = ParseExpr(printed);
      ASSERT_TRUE(again.ok()) << printed << ": " << again.status().message();
      EXPECT_EQ(Print(**again), printed);
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 500);
  EXPECT_LT(failing, 20);
}

}  // namespace
}  // namespace tocsin::promql
