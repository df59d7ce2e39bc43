#include "engine/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "engine/api_json.h"

namespace tocsin::engine {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kLogfmt};

std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>(
        "tocsin", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::debug);
    return l;
  }();
  return logger;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

spdlog::level::level_enum SpdLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

std::string FormatLogTime(int64_t unix_ms) {
  const int64_t secs_floor =
      unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
  std::time_t secs = static_cast<std::time_t>(secs_floor);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms - secs_floor * 1000));
  return buf;
}

namespace {

// logfmt quotes a value that is empty or has spaces, '=', '"' or control
// characters.
void AppendLogfmtValue(std::string* out, std::string_view v) {
  bool quote = v.empty();
  for (unsigned char c : v) {
    if (c <= ' ' || c == '=' || c == '"' || c == 0x7f) quote = true;
  }
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (unsigned char c : v) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace

Status ConfigureLogging(std::string_view level, std::string_view format) {
  LogLevel l;
  if (level == "debug") {
    l = LogLevel::kDebug;
  } else if (level == "info") {
    l = LogLevel::kInfo;
  } else if (level == "warn") {
    l = LogLevel::kWarn;
  } else if (level == "error") {
    l = LogLevel::kError;
  } else {
    return Status::InvalidArgument("unrecognized log level \"" +
                                   std::string(level) + "\"");
  }
  if (format == "logfmt") {
    g_format = LogFormat::kLogfmt;
  } else if (format == "json") {
    g_format = LogFormat::kJson;
  } else {
    return Status::InvalidArgument("unrecognized log format \"" +
                                   std::string(format) + "\"");
  }
  Logger()->set_level(SpdLevel(l));
  return Status::OK();
}

std::string FormatLogLine(LogFormat format, std::string_view ts, LogLevel level,
                          std::string_view msg, LogFields fields) {
  std::vector<std::pair<std::string_view, std::string_view>> all = {
      {"ts", ts}, {"level", LevelName(level)}, {"msg", msg}};
  all.insert(all.end(), fields.begin(), fields.end());
  std::string out;
  if (format == LogFormat::kLogfmt) {
    for (const auto& [k, v] : all) {
      if (!out.empty()) out.push_back(' ');
      out.append(k);
      out.push_back('=');
      AppendLogfmtValue(&out, v);
    }
    return out;
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  out.push_back('{');
  for (const auto& [k, v] : all) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(&out, k);
    out.push_back(':');
    AppendJsonString(&out, v);
  }
  out.push_back('}');
  return out;
}

void Log(LogLevel level, std::string_view msg, LogFields fields) {
  auto logger = Logger();
  if (!logger->should_log(SpdLevel(level))) return;
  logger->log(
      SpdLevel(level), "{}",
      FormatLogLine(
          g_format.load(),
          FormatLogTime(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()),
          level, msg, fields));
}

}  // namespace tocsin::engine
