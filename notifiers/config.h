// The Alertmanager configuration file (Alertmanager 0.25's config.Load):
// `global`, the `route` tree, `inhibit_rules`, `receivers`, `templates`,
// `time_intervals` and the older top-level `mute_time_intervals`.
//
// LoadConfig validates like Alertmanager does and reports its messages with
// a file:line:col position:
//
//   alertmanager.yml:12:15: undefined receiver "x" used in route
//   yaml: unmarshal errors:
//     alertmanager.yml:3:3: field foo not found in type config.plain
//
// After loading, global settings are applied to the receivers (SMTP
// settings, Slack API URL, PagerDuty URL, HTTP config) and relative file
// paths are resolved against the config file's directory (LoadConfigFile).
// A Config is an immutable value once loaded; safe to share read-only.

#ifndef TOCSIN_NOTIFIERS_CONFIG_H_
#define TOCSIN_NOTIFIERS_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notifiers/config_receivers.h"
#include "notifiers/config_types.h"
#include "notifiers/matcher.h"
#include "notifiers/time_interval.h"
#include "promql/status.h"

namespace tocsin::notifiers {

struct GlobalConfig {
  int64_t resolve_timeout_ms = 5 * 60 * 1000;
  HttpConfig http_config;

  std::string smtp_from;
  std::string smtp_hello = "localhost";
  HostPort smtp_smarthost;
  std::string smtp_auth_username;
  Secret smtp_auth_password;
  std::string smtp_auth_password_file;
  Secret smtp_auth_secret;
  std::string smtp_auth_identity;
  bool smtp_require_tls = true;
  std::optional<Url> slack_api_url;
  std::string slack_api_url_file;
  std::optional<Url> pagerduty_url;  // default events.pagerduty.com/v2/enqueue
  // The other integrations' globals are read and checked but not used yet.
  std::optional<Url> opsgenie_api_url, wechat_api_url, victorops_api_url,
      telegram_api_url, webex_api_url;
  Secret opsgenie_api_key, wechat_api_secret, victorops_api_key;
  std::string opsgenie_api_key_file, victorops_api_key_file, wechat_api_corp_id;
};

// One node of the routing tree as written in the file.
struct RouteConfig {
  std::string receiver;
  YamlPos pos;                        // the route's mapping
  YamlPos receiver_pos;               // the receiver value
  std::vector<std::string> group_by;  // without "..."
  bool group_by_set = false;          // group_by had at least one label name
  bool group_by_all = false;          // group_by: ['...']
  // match / match_re / matchers combined and sorted in Alertmanager's
  // matcher order (dispatch.NewRoute).
  Matchers matchers;
  bool has_matchers = false;
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
  std::vector<YamlPos> mute_pos, active_pos;
  bool continue_ = false;
  std::vector<RouteConfig> routes;
  std::optional<int64_t> group_wait_ms;
  std::optional<int64_t> group_interval_ms;
  std::optional<int64_t> repeat_interval_ms;
};

struct InhibitRuleConfig {
  Matchers source_matchers;  // source_match, source_match_re, source_matchers
  Matchers target_matchers;
  std::vector<std::string> equal;
  YamlPos pos;
};

struct NamedTimeIntervals {
  std::string name;
  std::vector<TimeInterval> intervals;
  YamlPos pos;
};

struct Config {
  GlobalConfig global;
  RouteConfig route;
  std::vector<InhibitRuleConfig> inhibit_rules;
  std::vector<ReceiverConfig> receivers;
  std::vector<std::string> templates;  // globs, resolved against the dir
  std::vector<NamedTimeIntervals> mute_time_intervals;  // deprecated key
  std::vector<NamedTimeIntervals> time_intervals;
  std::string original;  // the file's text
  std::string file;      // the name used in messages

  const ReceiverConfig* FindReceiver(std::string_view name) const;
  // mute_time_intervals and time_intervals together, by name.
  const NamedTimeIntervals* FindTimeInterval(std::string_view name) const;
};

// Parses and validates `text`; `file` names it in messages and its
// directory is not used (see LoadConfigFile).
Result<Config> LoadConfig(std::string_view text, std::string_view file);
// Reads `path`, loads it, and resolves relative template globs and *_file
// paths against the file's directory.
Result<Config> LoadConfigFile(const std::string& path);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_CONFIG_H_
