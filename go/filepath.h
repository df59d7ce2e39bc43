// Go's path/filepath.Glob, as Prometheus uses it for rule_files patterns.
//
// Pure functions; thread-safe.

#ifndef TOCSIN_GO_FILEPATH_H_
#define TOCSIN_GO_FILEPATH_H_

#include <string>
#include <vector>

#include "promql/status.h"

namespace tocsin::go {

// filepath.Glob: the paths matching `pattern` (shell patterns `*`, `?`,
// `[...]`, `\` escapes), sorted. A pattern without meta characters matches
// itself when that path exists. A malformed pattern fails with
// kInvalidArgument "syntax error in pattern".
Result<std::vector<std::string>> Glob(const std::string& pattern);

}  // namespace tocsin::go

#endif  // TOCSIN_GO_FILEPATH_H_
