#include "datasource/config_yaml.h"

#include <algorithm>
#include <vector>

#include "datasource/yaml_reader.h"

namespace tocsin::datasource {

Result<DatasourceConfig> ParseDatasourceConfig(
    const YAML::Node& node, std::string_view file,
    std::span<const std::string_view> other_keys) {
  YamlReader r(file);
  DatasourceConfig c;
  std::vector<std::string_view> skipped(std::begin(kHttpClientKeys),
                                        std::end(kHttpClientKeys));
  skipped.insert(skipped.end(), other_keys.begin(), other_keys.end());
  try {
    Status s = r.Map(
        node, "datasource",
        {{"url", [&](auto& v) { return r.String(v, "url", &c.url); }},
         {"timeout",
          [&](auto& v) { return r.Duration(v, "timeout", &c.timeout); }},
         {"max_connections",
          [&](auto& v) {
            return r.Int(v, "max_connections", 1, &c.max_connections);
          }},
         {"max_retries",
          [&](auto& v) { return r.Int(v, "max_retries", 0, &c.max_retries); }},
         {"retry_backoff",
          [&](auto& v) {
            return r.Duration(v, "retry_backoff", &c.retry_backoff);
          }},
         {"max_retry_backoff",
          [&](auto& v) {
            return r.Duration(v, "max_retry_backoff", &c.max_retry_backoff);
          }}},
        skipped);
    if (!s.ok()) return s;
    if (Status a = ReadHttpClientSettings(r, node, "datasource", &c); !a.ok()) {
      return a;
    }
  } catch (const YAML::Exception& e) {
    return r.Error(node, e.what());
  }
  if (c.url.empty() && !node.IsNull()) {
    bool other = std::any_of(
        other_keys.begin(), other_keys.end(),
        [&](std::string_view k) { return bool(node[std::string(k)]); });
    if (!other) return r.Error(node, "datasource.url is required");
  }
  return c;
}

Result<DatasourceConfig> ParseDatasourceConfigText(std::string_view text,
                                                   std::string_view file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(
        std::string(file) + ":" + std::to_string(e.mark.line + 1) + ":" +
        std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return ParseDatasourceConfig(root, file);
}

}  // namespace tocsin::datasource
