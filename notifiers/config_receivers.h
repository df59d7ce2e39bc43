// The receiver part of the Alertmanager config: one struct per integration
// with Alertmanager 0.25's fields and defaults (send_resolved: true for
// webhook and PagerDuty, false for Slack and email; the default template
// strings for titles, texts and descriptions), after the global settings
// were applied (smarthost, from, Slack API URL, PagerDuty URL, HTTP config).
//
// Integrations tocsin does not deliver to yet (OpsGenie, WeChat, Pushover,
// VictorOps, SNS, Telegram, Discord, Webex) are accepted with their field
// names checked and kept as OtherIntegration entries, so that every valid
// Alertmanager config loads. Plain values, thread-safe to share read-only.

#ifndef TOCSIN_NOTIFIERS_CONFIG_RECEIVERS_H_
#define TOCSIN_NOTIFIERS_CONFIG_RECEIVERS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "notifiers/config_types.h"
#include "notifiers/yaml_decoder.h"

namespace tocsin::notifiers {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

struct EmailConfig {
  bool send_resolved = false;
  std::string to;
  std::string from;
  std::string hello;
  HostPort smarthost;
  std::string auth_username;
  Secret auth_password;
  std::string auth_password_file;
  Secret auth_secret;
  std::string auth_identity;
  StringPairs headers;  // canonical MIME header names, sorted by name
  std::string html = R"({{ template "email.default.html" . }})";
  std::string text;
  bool require_tls = true;
  bool require_tls_set = false;
  TlsConfig tls_config;
};

struct PagerdutyImage {
  std::string src, alt, href;
};
struct PagerdutyLink {
  std::string href, text;
};

struct PagerdutyConfig {
  bool send_resolved = true;
  std::optional<HttpConfig> http_config;
  Secret service_key;
  std::string service_key_file;
  Secret routing_key;
  std::string routing_key_file;
  Url url;
  // Whether `url` was given in the receiver (not the global default): v1
  // events then go there instead of PagerDuty's fixed v1 endpoint.
  bool url_in_receiver = false;
  std::string client = R"({{ template "pagerduty.default.client" . }})";
  std::string client_url = R"({{ template "pagerduty.default.clientURL" . }})";
  std::string description =
      R"({{ template "pagerduty.default.description" .}})";
  StringPairs details;  // sorted by key; defaults added for missing keys
  std::vector<PagerdutyImage> images;
  std::vector<PagerdutyLink> links;
  std::string source;
  std::string severity;
  std::string class_;
  std::string component;
  std::string group;
};

struct SlackField {
  std::string title;
  std::string value;
  std::optional<bool> short_;
};

struct SlackConfirmationField {
  std::string text, title, ok_text, dismiss_text;
};

struct SlackAction {
  std::string type, text, url, style, name, value;
  std::optional<SlackConfirmationField> confirm;
};

struct SlackConfig {
  bool send_resolved = false;
  std::optional<HttpConfig> http_config;
  std::optional<Url> api_url;  // "<secret>" in the file keeps an empty Url
  std::string api_url_file;
  std::string channel;
  std::string username = R"({{ template "slack.default.username" . }})";
  std::string color =
      R"({{ if eq .Status "firing" }}danger{{ else }}good{{ end }})";
  std::string title = R"({{ template "slack.default.title" . }})";
  std::string title_link = R"({{ template "slack.default.titlelink" . }})";
  std::string pretext = R"({{ template "slack.default.pretext" . }})";
  std::string text = R"({{ template "slack.default.text" . }})";
  std::vector<SlackField> fields;
  bool short_fields = false;
  std::string footer = R"({{ template "slack.default.footer" . }})";
  std::string fallback = R"({{ template "slack.default.fallback" . }})";
  std::string callback_id = R"({{ template "slack.default.callbackid" . }})";
  std::string icon_emoji = R"({{ template "slack.default.iconemoji" . }})";
  std::string icon_url = R"({{ template "slack.default.iconurl" . }})";
  std::string image_url;
  std::string thumb_url;
  bool link_names = false;
  std::vector<std::string> mrkdwn_in;
  std::vector<SlackAction> actions;
};

struct WebhookConfig {
  bool send_resolved = true;
  std::optional<HttpConfig> http_config;
  Url url;
  uint64_t max_alerts = 0;
};

// An integration of a kind tocsin does not deliver to yet.
struct OtherIntegration {
  std::string kind;  // "opsgenie", "wechat", ...
  bool send_resolved = false;
  YamlPos pos;
};

struct ReceiverConfig {
  std::string name;
  YamlPos pos;
  std::vector<EmailConfig> email_configs;
  std::vector<PagerdutyConfig> pagerduty_configs;
  std::vector<SlackConfig> slack_configs;
  std::vector<WebhookConfig> webhook_configs;
  std::vector<OtherIntegration> other_configs;
  // Where each integration list starts, for messages about global
  // settings they need.
  std::vector<YamlPos> email_pos, pagerduty_pos, slack_pos, webhook_pos;
};

// Decoding of one `receivers:` element; defaults from globals are applied
// later by the config loader.
void DecodeReceiver(YamlDecoder& d, const YAML::Node& node,
                    ReceiverConfig* out);
void DecodeHttpConfig(YamlDecoder& d, const YAML::Node& node, HttpConfig* out);
void DecodeTlsConfig(YamlDecoder& d, const YAML::Node& node, TlsConfig* out);
// A secret field; the literal "<secret>" is kept as it is.
void DecodeSecret(YamlDecoder& d, const YAML::Node& node, Secret* out);
// A URL field validated as Alertmanager's config.URL.
void DecodeHttpUrl(YamlDecoder& d, const YAML::Node& node, Url* out);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_CONFIG_RECEIVERS_H_
