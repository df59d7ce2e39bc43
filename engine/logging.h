// Logging: tocsin's structured log lines on stderr, in Prometheus's two
// formats (--log.format=logfmt|json, --log.level=debug|info|warn|error).
//
//   logfmt: ts=2023-02-01T10:00:00.000Z level=info msg="Listening on"
//   address=127.0.0.1:9090 json:
//   {"address":"127.0.0.1:9090","level":"info","msg":"Listening on","ts":"..."}
//
// (JSON keys are sorted, as go-kit's JSON logger writes them.) The logger is
// process-wide, backed by spdlog; logging functions are thread-safe.
// ConfigureLogging is meant to run once at startup, before other threads
// log.

#ifndef TOCSIN_ENGINE_LOGGING_H_
#define TOCSIN_ENGINE_LOGGING_H_

#include <initializer_list>
#include <string_view>
#include <utility>

#include "promql/status.h"

namespace tocsin::engine {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kLogfmt, kJson };

// Fails with kInvalidArgument naming the bad value ("unrecognized log level
// \"loud\"", "unrecognized log format \"xml\"").
Status ConfigureLogging(std::string_view level, std::string_view format);

using LogFields =
    std::initializer_list<std::pair<std::string_view, std::string_view>>;

void Log(LogLevel level, std::string_view msg, LogFields fields = {});
inline void LogDebug(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kDebug, msg, fields);
}
inline void LogInfo(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kInfo, msg, fields);
}
inline void LogWarn(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kWarn, msg, fields);
}
inline void LogError(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kError, msg, fields);
}

// Unix milliseconds as the logs write times, Prometheus's logger's format:
// 2006-01-02T15:04:05.000Z (UTC).
std::string FormatLogTime(int64_t unix_ms);

// One rendered line without the newline; `ts` is the timestamp text.
std::string FormatLogLine(LogFormat format, std::string_view ts, LogLevel level,
                          std::string_view msg, LogFields fields);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_LOGGING_H_
