// The `datasource` block of tocsin.yml, read with yaml-cpp:
//
//   datasource:
//     url: https://prometheus.example:9090
//     timeout: 30s
//     basic_auth: {username: u, password_file: /etc/tocsin/pw}
//     authorization: {type: Bearer, credentials_file: /etc/tocsin/token}
//     tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem,
//                  server_name: prometheus, insecure_skip_verify: false}
//     headers: {X-Scope-OrgID: team-a}
//     max_connections: 16
//     max_retries: 3
//     retry_backoff: 100ms
//
// `bearer_token` and `bearer_token_file` are accepted as Prometheus's older
// spelling of `authorization`. Unknown fields, wrong types and invalid
// values are errors that name the place: "tocsin.yml:4:5: field pasword not
// found in datasource.basic_auth". Thread-safe (no shared state).

#ifndef TOCSIN_DATASOURCE_CONFIG_YAML_H_
#define TOCSIN_DATASOURCE_CONFIG_YAML_H_

#include <yaml-cpp/yaml.h>

#include <span>
#include <string>
#include <string_view>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

// Reads the block `node` of `file` (the name used in messages). Keys in
// `other_keys` belong to the caller (for example series_files) and are
// skipped. Fails with kInvalidArgument.
Result<DatasourceConfig> ParseDatasourceConfig(
    const YAML::Node& node, std::string_view file,
    std::span<const std::string_view> other_keys = {});

// The same for YAML text whose root is the block.
Result<DatasourceConfig> ParseDatasourceConfigText(std::string_view text,
                                                   std::string_view file);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_CONFIG_YAML_H_
