#include "engine/logging.h"

#include <gtest/gtest.h>

namespace tocsin::engine {
namespace {

TEST(FormatLogLineTest, Logfmt) {
  EXPECT_EQ(FormatLogLine(LogFormat::kLogfmt, "2023-02-01T10:00:00.000Z",
                          LogLevel::kInfo, "Listening on",
                          {{"address", "127.0.0.1:9090"}}),
            "ts=2023-02-01T10:00:00.000Z level=info msg=\"Listening on\" "
            "address=127.0.0.1:9090");
  EXPECT_EQ(
      FormatLogLine(LogFormat::kLogfmt, "t", LogLevel::kError, "x",
                    {{"err", "a \"b\"\nc"}, {"empty", ""}, {"eq", "a=b"}}),
      "ts=t level=error msg=x err=\"a \\\"b\\\"\\nc\" empty=\"\" "
      "eq=\"a=b\"");
}

TEST(FormatLogLineTest, JsonSortsKeys) {
  EXPECT_EQ(
      FormatLogLine(LogFormat::kJson, "t", LogLevel::kWarn, "Stop <now>",
                    {{"address", "x"}, {"zone", "y"}}),
      R"({"address":"x","level":"warn","msg":"Stop \u003cnow\u003e","ts":"t","zone":"y"})");
}

TEST(FormatLogTimeTest, MillisecondsInUtcFromTheEpochOn) {
  EXPECT_EQ(FormatLogTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatLogTime(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatLogTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(ConfigureLoggingTest, RejectsUnknownValues) {
  EXPECT_TRUE(ConfigureLogging("debug", "json").ok());
  EXPECT_TRUE(ConfigureLogging("info", "logfmt").ok());
  Status s = ConfigureLogging("loud", "logfmt");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "unrecognized log level \"loud\"");
  EXPECT_EQ(ConfigureLogging("info", "xml").message(),
            "unrecognized log format \"xml\"");
}

}  // namespace
}  // namespace tocsin::engine
