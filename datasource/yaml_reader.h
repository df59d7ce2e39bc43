// YamlReader: the small helpers that read tocsin's config blocks with
// yaml-cpp and report errors with the file, line and column of the node
// ("tocsin.yml:4:5: field pasword not found in datasource.basic_auth").
//
// Shared by the datasource and remote_write block parsers; each block is
// read by Map with one handler per known key, so that unknown keys are
// errors. A YamlReader holds only the file name: const, thread-safe.

#ifndef TOCSIN_DATASOURCE_YAML_READER_H_
#define TOCSIN_DATASOURCE_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

class YamlReader {
 public:
  explicit YamlReader(std::string_view file) : file_(file) {}

  // kInvalidArgument "file:line:col: msg" (or "file: msg" without a mark).
  Status Error(const YAML::Node& n, const std::string& msg) const;

  // Scalars; `what` names the field in messages. A null string is "".
  Status String(const YAML::Node& n, const std::string& what,
                std::string* out) const;
  Status Bool(const YAML::Node& n, const std::string& what, bool* out) const;
  // An integer in [min, 2^20].
  Status Int(const YAML::Node& n, const std::string& what, int min,
             int* out) const;
  // A Prometheus duration ("30s", "1m30s").
  Status Duration(const YAML::Node& n, const std::string& what,
                  std::chrono::milliseconds* out) const;

  using Field = std::function<Status(const YAML::Node&)>;
  struct Entry {
    const char* name;
    Field read;
  };

  // Reads the map `n` of the block `where`, one handler per key; keys in
  // `other_keys` are skipped, any other key is an error. A null node is an
  // empty map.
  Status Map(const YAML::Node& n, const std::string& where,
             std::initializer_list<Entry> fields,
             std::span<const std::string_view> other_keys = {}) const;

 private:
  std::string file_;
};

// The HTTP client settings that every block talking to a server shares,
// with Prometheus's names: basic_auth, authorization, bearer_token,
// bearer_token_file, tls_config and headers. `where` names the block in
// messages ("datasource", "remote_write"). Reads only these keys of the map
// `node` into `config`; the caller reads (and checks) the others.
inline constexpr std::string_view kHttpClientKeys[] = {
    "basic_auth",        "authorization", "bearer_token",
    "bearer_token_file", "tls_config",    "headers"};
Status ReadHttpClientSettings(const YamlReader& r, const YAML::Node& node,
                              const std::string& where,
                              DatasourceConfig* config);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_YAML_READER_H_
