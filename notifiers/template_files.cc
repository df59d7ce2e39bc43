#include "notifiers/template_files.h"

#include <glob.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tocsin::notifiers {

Result<std::vector<TemplateFile>> ReadTemplateFiles(
    const std::vector<std::string>& globs) {
  std::vector<TemplateFile> out;
  for (const std::string& pattern : globs) {
    glob_t g{};
    int rc = ::glob(pattern.c_str(), GLOB_NOSORT | GLOB_ERR, nullptr, &g);
    if (rc == GLOB_NOMATCH) {
      ::globfree(&g);
      continue;
    }
    if (rc != 0) {
      ::globfree(&g);
      return Status::InvalidArgument("syntax error in pattern");
    }
    std::vector<std::string> paths(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    ::globfree(&g);
    std::sort(paths.begin(), paths.end());
    for (const std::string& p : paths) {
      std::ifstream in(p, std::ios::binary);
      if (!in) {
        return Status::IOError("open " + p + ": no such file or directory");
      }
      std::ostringstream buf;
      buf << in.rdbuf();
      TemplateFile f;
      f.path = p;
      size_t slash = p.rfind('/');
      f.name = slash == std::string::npos ? p : p.substr(slash + 1);
      f.text = buf.str();
      out.push_back(std::move(f));
    }
  }
  return out;
}

Status CheckTemplateFiles(const std::vector<std::string>& globs) {
  auto files = ReadTemplateFiles(globs);
  if (!files.ok()) return files.status();
  return Status::OK();
}

}  // namespace tocsin::notifiers
