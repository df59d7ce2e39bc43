// The configuration as `GET /api/v2/status` shows it: the loaded
// Alertmanager config file re-emitted as YAML with every secret (SMTP and
// HTTP passwords, bearer tokens and credentials, Slack API URLs, PagerDuty
// service and routing keys, API keys and secrets) replaced by "<secret>",
// as Alertmanager never shows them. Unlike Alertmanager, defaults that the
// file leaves out are not filled in. Pure function; thread-safe.

#ifndef TOCSIN_ENGINE_AM_CONFIG_VIEW_H_
#define TOCSIN_ENGINE_AM_CONFIG_VIEW_H_

#include <string>
#include <string_view>

namespace tocsin::engine {

// `original` with its secrets masked; "" when it is not valid YAML.
std::string MaskedConfigYaml(std::string_view original);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_AM_CONFIG_VIEW_H_
