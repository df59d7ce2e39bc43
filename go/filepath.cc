#include "go/filepath.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

namespace tocsin::go {
namespace {

bool HasGlobMeta(const std::string& s) {
  return s.find_first_of("*?[\\") != std::string::npos;
}

}  // namespace

Result<std::vector<std::string>> Glob(const std::string& pattern) {
  std::vector<std::string> out;
  if (!HasGlobMeta(pattern)) {
    std::error_code ec;
    if (std::filesystem::symlink_status(pattern, ec).type() !=
        std::filesystem::file_type::not_found) {
      if (!ec) out.push_back(pattern);
    }
    return out;
  }
  glob_t g{};
  int rc = ::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g);
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  if (rc != 0 && rc != GLOB_NOMATCH) {
    return Status::InvalidArgument("syntax error in pattern");
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tocsin::go
