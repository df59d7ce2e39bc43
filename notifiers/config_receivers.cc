// Decoding of `receivers:` entries and their integrations, with the
// per-integration validation of Alertmanager 0.25.

#include "notifiers/config_receivers.h"

#include <algorithm>
#include <cctype>

#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

// textproto.CanonicalMIMEHeaderKey.
std::string CanonicalHeaderKey(std::string_view s) {
  for (char c : s) {
    bool token =
        std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return std::string(s);
  }
  std::string out(s);
  bool upper = true;
  for (char& c : out) {
    c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

void DecodeOptionalHttpConfig(YamlDecoder& d, const YAML::Node& v,
                              std::optional<HttpConfig>* out) {
  if (v.IsNull()) return;
  out->emplace();
  DecodeHttpConfig(d, v, &**out);
}

void DecodeEmail(YamlDecoder& d, const YAML::Node& node, EmailConfig* c) {
  size_t errors = d.error_count();
  std::vector<YamlStringEntry> headers;
  YamlPos headers_pos;
  d.Struct(
      node, "config.plain",
      {"send_resolved", "to", "from", "hello", "smarthost", "auth_username",
       "auth_password", "auth_password_file", "auth_secret", "auth_identity",
       "headers", "html", "text", "require_tls", "tls_config"},
      [&](size_t i, const YAML::Node&, const YAML::Node& v) {
        switch (i) {
          case 0:
            d.Bool(v, &c->send_resolved);
            break;
          case 1:
            d.String(v, &c->to);
            break;
          case 2:
            d.String(v, &c->from);
            break;
          case 3:
            d.String(v, &c->hello);
            break;
          case 4: {
            std::string s;
            if (!d.String(v, &s)) break;
            auto hp = ParseHostPort(s);
            if (!hp.ok()) {
              d.Fail(v, hp.status().message());
              break;
            }
            c->smarthost = *hp;
            break;
          }
          case 5:
            d.String(v, &c->auth_username);
            break;
          case 6:
            DecodeSecret(d, v, &c->auth_password);
            break;
          case 7:
            d.String(v, &c->auth_password_file);
            break;
          case 8:
            DecodeSecret(d, v, &c->auth_secret);
            break;
          case 9:
            d.String(v, &c->auth_identity);
            break;
          case 10:
            headers_pos = PosOf(v);
            d.StringMap(v, &headers);
            break;
          case 11:
            d.String(v, &c->html);
            break;
          case 12:
            d.String(v, &c->text);
            break;
          case 13:
            if (v.IsNull()) break;
            if (d.Bool(v, &c->require_tls)) c->require_tls_set = true;
            break;
          case 14:
            DecodeTlsConfig(d, v, &c->tls_config);
            break;
        }
      });
  if (d.aborted() || d.error_count() != errors) return;
  if (c->to.empty()) {
    d.Fail(node, "missing to address in email config");
    return;
  }
  for (const YamlStringEntry& h : headers) {
    std::string key = CanonicalHeaderKey(h.key);
    for (const auto& [k, v] : c->headers) {
      if (k == key) {
        d.Fail(h.key_pos,
               "duplicate header " + promql::GoQuote(key) + " in email config");
        return;
      }
    }
    c->headers.emplace_back(key, h.value);
  }
  std::sort(c->headers.begin(), c->headers.end());
}

void DecodePagerduty(YamlDecoder& d, const YAML::Node& node,
                     PagerdutyConfig* c) {
  size_t errors = d.error_count();
  std::vector<YamlStringEntry> details;
  d.Struct(
      node, "config.plain",
      {"send_resolved", "http_config", "service_key", "service_key_file",
       "routing_key", "routing_key_file", "url", "client", "client_url",
       "description", "details", "images", "links", "source", "severity",
       "class", "component", "group"},
      [&](size_t i, const YAML::Node&, const YAML::Node& v) {
        switch (i) {
          case 0:
            d.Bool(v, &c->send_resolved);
            break;
          case 1:
            DecodeOptionalHttpConfig(d, v, &c->http_config);
            break;
          case 2:
            DecodeSecret(d, v, &c->service_key);
            break;
          case 3:
            d.String(v, &c->service_key_file);
            break;
          case 4:
            DecodeSecret(d, v, &c->routing_key);
            break;
          case 5:
            d.String(v, &c->routing_key_file);
            break;
          case 6:
            if (!v.IsNull()) DecodeHttpUrl(d, v, &c->url);
            break;
          case 7:
            d.String(v, &c->client);
            break;
          case 8:
            d.String(v, &c->client_url);
            break;
          case 9:
            d.String(v, &c->description);
            break;
          case 10:
            d.StringMap(v, &details);
            break;
          case 11:
            d.Sequence(v, "[]config.PagerdutyImage", [&](const YAML::Node& e) {
              PagerdutyImage img;
              d.Struct(e, "config.PagerdutyImage", {"src", "alt", "href"},
                       [&](size_t k, const YAML::Node&, const YAML::Node& x) {
                         d.String(x, k == 0   ? &img.src
                                     : k == 1 ? &img.alt
                                              : &img.href);
                       });
              c->images.push_back(std::move(img));
            });
            break;
          case 12:
            d.Sequence(v, "[]config.PagerdutyLink", [&](const YAML::Node& e) {
              PagerdutyLink link;
              d.Struct(e, "config.PagerdutyLink", {"href", "text"},
                       [&](size_t k, const YAML::Node&, const YAML::Node& x) {
                         d.String(x, k == 0 ? &link.href : &link.text);
                       });
              c->links.push_back(std::move(link));
            });
            break;
          case 13:
            d.String(v, &c->source);
            break;
          case 14:
            d.String(v, &c->severity);
            break;
          case 15:
            d.String(v, &c->class_);
            break;
          case 16:
            d.String(v, &c->component);
            break;
          case 17:
            d.String(v, &c->group);
            break;
        }
      });
  if (d.aborted() || d.error_count() != errors) return;
  if (c->routing_key.empty() && c->service_key.empty() &&
      c->routing_key_file.empty() && c->service_key_file.empty()) {
    d.Fail(node, "missing service or routing key in PagerDuty config");
    return;
  }
  if (!c->routing_key.empty() && !c->routing_key_file.empty()) {
    d.Fail(node,
           "at most one of routing_key & routing_key_file must be configured");
    return;
  }
  if (!c->service_key.empty() && !c->service_key_file.empty()) {
    d.Fail(node,
           "at most one of service_key & service_key_file must be configured");
    return;
  }
  if (c->source.empty()) c->source = c->client;
  for (const YamlStringEntry& e : details)
    c->details.emplace_back(e.key, e.value);
  static const std::pair<const char*, const char*> kDefaults[] = {
      {"firing",
       R"({{ template "pagerduty.default.instances" .Alerts.Firing }})"},
      {"resolved",
       R"({{ template "pagerduty.default.instances" .Alerts.Resolved }})"},
      {"num_firing", "{{ .Alerts.Firing | len }}"},
      {"num_resolved", "{{ .Alerts.Resolved | len }}"},
  };
  for (const auto& [key, value] : kDefaults) {
    bool present =
        std::any_of(c->details.begin(), c->details.end(),
                    [&k = key](const auto& p) { return p.first == k; });
    if (!present) c->details.emplace_back(key, value);
  }
  std::sort(c->details.begin(), c->details.end());
}

void DecodeSlackField(YamlDecoder& d, const YAML::Node& node, SlackField* f) {
  size_t errors = d.error_count();
  d.Struct(node, "config.plain", {"title", "value", "short"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             if (i == 0) d.String(v, &f->title);
             if (i == 1) d.String(v, &f->value);
             if (i == 2 && !v.IsNull()) {
               bool b = false;
               if (d.Bool(v, &b)) f->short_ = b;
             }
           });
  if (d.aborted() || d.error_count() != errors) return;
  if (f->title.empty()) {
    d.Fail(node, "missing title in Slack field configuration");
  } else if (f->value.empty()) {
    d.Fail(node, "missing value in Slack field configuration");
  }
}

void DecodeSlackAction(YamlDecoder& d, const YAML::Node& node, SlackAction* a) {
  size_t errors = d.error_count();
  d.Struct(node, "config.plain",
           {"type", "text", "url", "style", "name", "value", "confirm"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             std::string* fields[] = {&a->type,  &a->text, &a->url,
                                      &a->style, &a->name, &a->value};
             if (i < 6) {
               d.String(v, fields[i]);
               return;
             }
             if (v.IsNull()) return;
             SlackConfirmationField cf;
             size_t before = d.error_count();
             d.Struct(v, "config.plain",
                      {"text", "title", "ok_text", "dismiss_text"},
                      [&](size_t k, const YAML::Node&, const YAML::Node& x) {
                        std::string* cfs[] = {&cf.text, &cf.title, &cf.ok_text,
                                              &cf.dismiss_text};
                        d.String(x, cfs[k]);
                      });
             if (d.aborted() || d.error_count() != before) return;
             if (cf.text.empty()) {
               d.Fail(v, "missing text in Slack confirmation configuration");
               return;
             }
             a->confirm = std::move(cf);
           });
  if (d.aborted() || d.error_count() != errors) return;
  if (a->type.empty()) {
    d.Fail(node, "missing type in Slack action configuration");
  } else if (a->text.empty()) {
    d.Fail(node, "missing text in Slack action configuration");
  } else if (!a->url.empty()) {
    a->name.clear();
    a->value.clear();
    a->confirm.reset();
  } else if (a->name.empty()) {
    d.Fail(node, "missing name or url in Slack action configuration");
  }
}

void DecodeSlack(YamlDecoder& d, const YAML::Node& node, SlackConfig* c) {
  size_t errors = d.error_count();
  d.Struct(
      node, "config.plain",
      {"send_resolved", "http_config", "api_url",   "api_url_file",
       "channel",       "username",    "color",     "title",
       "title_link",    "pretext",     "text",      "fields",
       "short_fields",  "footer",      "fallback",  "callback_id",
       "icon_emoji",    "icon_url",    "image_url", "thumb_url",
       "link_names",    "mrkdwn_in",   "actions"},
      [&](size_t i, const YAML::Node&, const YAML::Node& v) {
        switch (i) {
          case 0:
            d.Bool(v, &c->send_resolved);
            break;
          case 1:
            DecodeOptionalHttpConfig(d, v, &c->http_config);
            break;
          case 2: {
            if (v.IsNull()) break;
            std::string s;
            if (!d.String(v, &s)) break;
            if (s == kSecretToken) {
              c->api_url = Url();
              break;
            }
            Url u;
            DecodeHttpUrl(d, v, &u);
            c->api_url = std::move(u);
            break;
          }
          case 3:
            d.String(v, &c->api_url_file);
            break;
          case 4:
            d.String(v, &c->channel);
            break;
          case 5:
            d.String(v, &c->username);
            break;
          case 6:
            d.String(v, &c->color);
            break;
          case 7:
            d.String(v, &c->title);
            break;
          case 8:
            d.String(v, &c->title_link);
            break;
          case 9:
            d.String(v, &c->pretext);
            break;
          case 10:
            d.String(v, &c->text);
            break;
          case 11:
            d.Sequence(v, "[]*config.SlackField", [&](const YAML::Node& e) {
              SlackField f;
              DecodeSlackField(d, e, &f);
              c->fields.push_back(std::move(f));
            });
            break;
          case 12:
            d.Bool(v, &c->short_fields);
            break;
          case 13:
            d.String(v, &c->footer);
            break;
          case 14:
            d.String(v, &c->fallback);
            break;
          case 15:
            d.String(v, &c->callback_id);
            break;
          case 16:
            d.String(v, &c->icon_emoji);
            break;
          case 17:
            d.String(v, &c->icon_url);
            break;
          case 18:
            d.String(v, &c->image_url);
            break;
          case 19:
            d.String(v, &c->thumb_url);
            break;
          case 20:
            d.Bool(v, &c->link_names);
            break;
          case 21:
            d.StringList(v, &c->mrkdwn_in);
            break;
          case 22:
            d.Sequence(v, "[]*config.SlackAction", [&](const YAML::Node& e) {
              SlackAction a;
              DecodeSlackAction(d, e, &a);
              c->actions.push_back(std::move(a));
            });
            break;
        }
      });
  if (d.aborted() || d.error_count() != errors) return;
  if (c->api_url && !c->api_url_file.empty()) {
    d.Fail(node, "at most one of api_url & api_url_file must be configured");
  }
}

void DecodeWebhook(YamlDecoder& d, const YAML::Node& node, WebhookConfig* c) {
  size_t errors = d.error_count();
  d.Struct(node, "config.plain",
           {"send_resolved", "http_config", "url", "max_alerts"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.Bool(v, &c->send_resolved);
                 break;
               case 1:
                 DecodeOptionalHttpConfig(d, v, &c->http_config);
                 break;
               case 2:
                 if (!v.IsNull()) DecodeHttpUrl(d, v, &c->url);
                 break;
               case 3:
                 d.Uint64(v, &c->max_alerts);
                 break;
             }
           });
  if (d.aborted() || d.error_count() != errors) return;
  if (c->url.empty()) d.Fail(node, "missing URL in webhook config");
}

struct OtherKind {
  const char* key;
  const char* kind;
  const char* go_type;
  bool send_resolved;
  std::initializer_list<std::string_view> fields;
};

const OtherKind kOtherKinds[] = {
    {"discord_configs",
     "discord",
     "[]*config.DiscordConfig",
     true,
     {"send_resolved", "http_config", "webhook_url", "title", "message"}},
    {"opsgenie_configs",
     "opsgenie",
     "[]*config.OpsGenieConfig",
     true,
     {"send_resolved", "http_config", "api_key", "api_key_file", "api_url",
      "message", "description", "source", "details", "entity", "responders",
      "actions", "tags", "note", "priority", "update_alerts"}},
    {"wechat_configs",
     "wechat",
     "[]*config.WechatConfig",
     false,
     {"send_resolved", "http_config", "api_secret", "corp_id", "message",
      "api_url", "to_user", "to_party", "to_tag", "agent_id", "message_type"}},
    {"pushover_configs",
     "pushover",
     "[]*config.PushoverConfig",
     true,
     {"send_resolved", "http_config", "user_key", "token", "title", "message",
      "url", "url_title", "sound", "priority", "retry", "expire", "html"}},
    {"victorops_configs",
     "victorops",
     "[]*config.VictorOpsConfig",
     true,
     {"send_resolved", "http_config", "api_key", "api_key_file", "api_url",
      "routing_key", "message_type", "state_message", "entity_display_name",
      "monitoring_tool", "custom_fields"}},
    {"sns_configs",
     "sns",
     "[]*config.SNSConfig",
     true,
     {"send_resolved", "http_config", "api_url", "sigv4", "topic_arn",
      "phone_number", "target_arn", "subject", "message", "attributes"}},
    {"telegram_configs",
     "telegram",
     "[]*config.TelegramConfig",
     true,
     {"send_resolved", "http_config", "api_url", "bot_token", "chat_id",
      "message", "disable_notifications", "parse_mode"}},
    {"webex_configs",
     "webex",
     "[]*config.WebexConfig",
     true,
     {"send_resolved", "http_config", "api_url", "message", "room_id"}},
};

void DecodeOther(YamlDecoder& d, const YAML::Node& list, const OtherKind& k,
                 std::vector<OtherIntegration>* out) {
  d.Sequence(list, k.go_type, [&](const YAML::Node& e) {
    OtherIntegration o;
    o.kind = k.kind;
    o.send_resolved = k.send_resolved;
    o.pos = PosOf(e);
    d.Struct(e, "config.plain", k.fields,
             [&](size_t i, const YAML::Node&, const YAML::Node& v) {
               std::string_view name = *(k.fields.begin() + i);
               if (name == "send_resolved") {
                 d.Bool(v, &o.send_resolved);
               } else if (name == "http_config" && !v.IsNull()) {
                 HttpConfig h;
                 DecodeHttpConfig(d, v, &h);
               }
             });
    out->push_back(std::move(o));
  });
}

}  // namespace

void DecodeReceiver(YamlDecoder& d, const YAML::Node& node,
                    ReceiverConfig* out) {
  out->pos = PosOf(node);
  size_t errors = d.error_count();
  d.Struct(
      node, "config.plain",
      {"name", "discord_configs", "email_configs", "pagerduty_configs",
       "slack_configs", "webhook_configs", "opsgenie_configs", "wechat_configs",
       "pushover_configs", "victorops_configs", "sns_configs",
       "telegram_configs", "webex_configs"},
      [&](size_t i, const YAML::Node& key, const YAML::Node& v) {
        switch (i) {
          case 0:
            d.String(v, &out->name);
            break;
          case 2:
            d.Sequence(v, "[]*config.EmailConfig", [&](const YAML::Node& e) {
              EmailConfig c;
              DecodeEmail(d, e, &c);
              out->email_configs.push_back(std::move(c));
              out->email_pos.push_back(PosOf(e));
            });
            break;
          case 3:
            d.Sequence(v, "[]*config.PagerdutyConfig",
                       [&](const YAML::Node& e) {
                         PagerdutyConfig c;
                         DecodePagerduty(d, e, &c);
                         out->pagerduty_configs.push_back(std::move(c));
                         out->pagerduty_pos.push_back(PosOf(e));
                       });
            break;
          case 4:
            d.Sequence(v, "[]*config.SlackConfig", [&](const YAML::Node& e) {
              SlackConfig c;
              DecodeSlack(d, e, &c);
              out->slack_configs.push_back(std::move(c));
              out->slack_pos.push_back(PosOf(e));
            });
            break;
          case 5:
            d.Sequence(v, "[]*config.WebhookConfig", [&](const YAML::Node& e) {
              WebhookConfig c;
              DecodeWebhook(d, e, &c);
              out->webhook_configs.push_back(std::move(c));
              out->webhook_pos.push_back(PosOf(e));
            });
            break;
          default: {
            std::string k = key.Scalar();
            for (const OtherKind& kind : kOtherKinds) {
              if (k == kind.key) DecodeOther(d, v, kind, &out->other_configs);
            }
          }
        }
      });
  if (d.aborted() || d.error_count() != errors) return;
  if (out->name.empty()) d.Fail(node, "missing name in receiver");
}

}  // namespace tocsin::notifiers
