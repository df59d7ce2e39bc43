// The `templates:` entries of an Alertmanager config: file globs, expanded
// as Go's filepath.Glob expands them (a pattern without matches is no
// error; a malformed pattern is), read in glob order.
//
// Parsing the files is up to the template library; until it is linked,
// CheckTemplateFiles only checks that the files can be read. Thread-safe.

#ifndef TOCSIN_NOTIFIERS_TEMPLATE_FILES_H_
#define TOCSIN_NOTIFIERS_TEMPLATE_FILES_H_

#include <string>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

struct TemplateFile {
  std::string path;
  std::string name;  // the base name, which names the template in errors
  std::string text;
};

// Expands `globs` and reads every matching file, in order.
Result<std::vector<TemplateFile>> ReadTemplateFiles(
    const std::vector<std::string>& globs);

// What `amtool check-config` checks of the templates (template.FromGlobs).
Status CheckTemplateFiles(const std::vector<std::string>& globs);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_TEMPLATE_FILES_H_
