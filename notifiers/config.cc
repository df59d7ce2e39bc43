#include "notifiers/config.h"

#include <fstream>
#include <set>
#include <sstream>

#include "notifiers/config_route.h"
#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

void DecodeOptionalUrl(YamlDecoder& d, const YAML::Node& v,
                       std::optional<Url>* out, bool secret) {
  if (v.IsNull()) {
    out->reset();
    return;
  }
  if (secret) {
    std::string s;
    if (!d.String(v, &s)) return;
    if (s == kSecretToken) {
      *out = Url();
      return;
    }
  }
  Url u;
  DecodeHttpUrl(d, v, &u);
  *out = std::move(u);
}

GlobalConfig DefaultGlobal() {
  GlobalConfig g;
  g.pagerduty_url = Url{"https://events.pagerduty.com/v2/enqueue", "https",
                        "events.pagerduty.com"};
  return g;
}

void DecodeGlobal(YamlDecoder& d, const YAML::Node& node, GlobalConfig* g) {
  *g = DefaultGlobal();
  d.Struct(node, "config.plain",
           {"resolve_timeout",
            "http_config",
            "smtp_from",
            "smtp_hello",
            "smtp_smarthost",
            "smtp_auth_username",
            "smtp_auth_password",
            "smtp_auth_password_file",
            "smtp_auth_secret",
            "smtp_auth_identity",
            "smtp_require_tls",
            "slack_api_url",
            "slack_api_url_file",
            "pagerduty_url",
            "opsgenie_api_url",
            "opsgenie_api_key",
            "opsgenie_api_key_file",
            "wechat_api_url",
            "wechat_api_secret",
            "wechat_api_corp_id",
            "victorops_api_url",
            "victorops_api_key",
            "victorops_api_key_file",
            "telegram_api_url",
            "webex_api_url"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.Duration(v, &g->resolve_timeout_ms);
                 break;
               case 1:
                 if (v.IsNull()) {
                   g->http_config = HttpConfig();
                 } else {
                   DecodeHttpConfig(d, v, &g->http_config);
                 }
                 break;
               case 2:
                 d.String(v, &g->smtp_from);
                 break;
               case 3:
                 d.String(v, &g->smtp_hello);
                 break;
               case 4: {
                 std::string s;
                 if (!d.String(v, &s)) break;
                 auto hp = ParseHostPort(s);
                 if (!hp.ok()) {
                   d.Fail(v, hp.status().message());
                   break;
                 }
                 g->smtp_smarthost = *hp;
                 break;
               }
               case 5:
                 d.String(v, &g->smtp_auth_username);
                 break;
               case 6:
                 DecodeSecret(d, v, &g->smtp_auth_password);
                 break;
               case 7:
                 d.String(v, &g->smtp_auth_password_file);
                 break;
               case 8:
                 DecodeSecret(d, v, &g->smtp_auth_secret);
                 break;
               case 9:
                 d.String(v, &g->smtp_auth_identity);
                 break;
               case 10:
                 d.Bool(v, &g->smtp_require_tls);
                 break;
               case 11:
                 DecodeOptionalUrl(d, v, &g->slack_api_url, true);
                 break;
               case 12:
                 d.String(v, &g->slack_api_url_file);
                 break;
               case 13:
                 DecodeOptionalUrl(d, v, &g->pagerduty_url, false);
                 break;
               case 14:
                 DecodeOptionalUrl(d, v, &g->opsgenie_api_url, false);
                 break;
               case 15:
                 DecodeSecret(d, v, &g->opsgenie_api_key);
                 break;
               case 16:
                 d.String(v, &g->opsgenie_api_key_file);
                 break;
               case 17:
                 DecodeOptionalUrl(d, v, &g->wechat_api_url, false);
                 break;
               case 18:
                 DecodeSecret(d, v, &g->wechat_api_secret);
                 break;
               case 19:
                 d.String(v, &g->wechat_api_corp_id);
                 break;
               case 20:
                 DecodeOptionalUrl(d, v, &g->victorops_api_url, false);
                 break;
               case 21:
                 DecodeSecret(d, v, &g->victorops_api_key);
                 break;
               case 22:
                 d.String(v, &g->victorops_api_key_file);
                 break;
               case 23:
                 DecodeOptionalUrl(d, v, &g->telegram_api_url, false);
                 break;
               case 24:
                 DecodeOptionalUrl(d, v, &g->webex_api_url, false);
                 break;
             }
           });
}

void DecodeNamedIntervals(YamlDecoder& d, const YAML::Node& node,
                          std::string_view go_type, bool mute,
                          std::vector<NamedTimeIntervals>* out) {
  d.Sequence(node, go_type, [&](const YAML::Node& e) {
    NamedTimeIntervals n;
    n.pos = PosOf(e);
    size_t errors = d.error_count();
    d.Struct(e, "config.plain", {"name", "time_intervals"},
             [&](size_t i, const YAML::Node&, const YAML::Node& v) {
               if (i == 0) {
                 n.pos = PosOf(v);
                 d.String(v, &n.name);
                 return;
               }
               d.Sequence(v, "[]timeinterval.TimeInterval",
                          [&](const YAML::Node& ti) {
                            TimeInterval t;
                            DecodeTimeInterval(d, ti, &t);
                            n.intervals.push_back(std::move(t));
                          });
             });
    if (!d.aborted() && d.error_count() == errors && n.name.empty()) {
      d.Fail(e, mute ? "missing name in mute time interval"
                     : "missing name in time interval");
    }
    out->push_back(std::move(n));
  });
}

// The receiver defaults Config.UnmarshalYAML takes from the globals.
void ApplyGlobals(YamlDecoder& d, Config& c) {
  const GlobalConfig& g = c.global;
  std::set<std::string> names;
  for (ReceiverConfig& rcv : c.receivers) {
    if (d.aborted()) return;
    if (names.count(rcv.name) != 0) {
      d.Fail(rcv.pos, "notification config name " + promql::GoQuote(rcv.name) +
                          " is not unique");
      return;
    }
    for (WebhookConfig& wh : rcv.webhook_configs) {
      if (!wh.http_config) wh.http_config = g.http_config;
    }
    for (size_t i = 0; i < rcv.email_configs.size(); ++i) {
      EmailConfig& ec = rcv.email_configs[i];
      if (ec.smarthost.empty()) {
        if (g.smtp_smarthost.empty()) {
          d.Fail(rcv.email_pos[i], "no global SMTP smarthost set");
          return;
        }
        ec.smarthost = g.smtp_smarthost;
      }
      if (ec.from.empty()) {
        if (g.smtp_from.empty()) {
          d.Fail(rcv.email_pos[i], "no global SMTP from set");
          return;
        }
        ec.from = g.smtp_from;
      }
      if (ec.hello.empty()) ec.hello = g.smtp_hello;
      if (ec.auth_username.empty()) ec.auth_username = g.smtp_auth_username;
      if (ec.auth_password.empty() && ec.auth_password_file.empty()) {
        ec.auth_password = g.smtp_auth_password;
        ec.auth_password_file = g.smtp_auth_password_file;
      }
      if (ec.auth_secret.empty()) ec.auth_secret = g.smtp_auth_secret;
      if (ec.auth_identity.empty()) ec.auth_identity = g.smtp_auth_identity;
      if (!ec.require_tls_set) ec.require_tls = g.smtp_require_tls;
    }
    for (size_t i = 0; i < rcv.slack_configs.size(); ++i) {
      SlackConfig& sc = rcv.slack_configs[i];
      if (!sc.http_config) sc.http_config = g.http_config;
      if (!sc.api_url && sc.api_url_file.empty()) {
        if (!g.slack_api_url && g.slack_api_url_file.empty()) {
          d.Fail(rcv.slack_pos[i],
                 "no global Slack API URL set either inline or in a file");
          return;
        }
        sc.api_url = g.slack_api_url;
        sc.api_url_file = g.slack_api_url_file;
      }
    }
    for (size_t i = 0; i < rcv.pagerduty_configs.size(); ++i) {
      PagerdutyConfig& pd = rcv.pagerduty_configs[i];
      if (!pd.http_config) pd.http_config = g.http_config;
      pd.url_in_receiver = !pd.url.empty();
      if (pd.url.empty()) {
        if (!g.pagerduty_url) {
          d.Fail(rcv.pagerduty_pos[i], "no global PagerDuty URL set");
          return;
        }
        pd.url = *g.pagerduty_url;
      }
    }
    names.insert(rcv.name);
  }
}

bool CheckReceivers(YamlDecoder& d, const RouteConfig& r,
                    const std::set<std::string>& receivers) {
  for (const RouteConfig& child : r.routes) {
    if (!CheckReceivers(d, child, receivers)) return false;
  }
  if (r.receiver.empty() || receivers.count(r.receiver) != 0) return true;
  d.Fail(r.receiver_pos, "undefined receiver " + promql::GoQuote(r.receiver) +
                             " used in route");
  return false;
}

bool CheckTimeIntervals(YamlDecoder& d, const RouteConfig& r,
                        const std::set<std::string>& names) {
  for (const RouteConfig& child : r.routes) {
    if (!CheckTimeIntervals(d, child, names)) return false;
  }
  auto check = [&](const std::vector<std::string>& list,
                   const std::vector<YamlPos>& pos) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (names.count(list[i]) == 0) {
        d.Fail(pos[i], "undefined time interval " + promql::GoQuote(list[i]) +
                           " used in route");
        return false;
      }
    }
    return true;
  };
  return check(r.active_time_intervals, r.active_pos) &&
         check(r.mute_time_intervals, r.mute_pos);
}

// Config.UnmarshalYAML's checks after decoding.
void Validate(YamlDecoder& d, Config& c, bool has_route,
              const YamlPos& global_pos) {
  const GlobalConfig& g = c.global;
  if (g.slack_api_url && !g.slack_api_url_file.empty()) {
    d.Fail(global_pos,
           "at most one of slack_api_url & slack_api_url_file must be "
           "configured");
    return;
  }
  if (!g.opsgenie_api_key.empty() && !g.opsgenie_api_key_file.empty()) {
    d.Fail(global_pos,
           "at most one of opsgenie_api_key & opsgenie_api_key_file must be "
           "configured");
    return;
  }
  if (!g.victorops_api_key.empty() && !g.victorops_api_key_file.empty()) {
    d.Fail(global_pos,
           "at most one of victorops_api_key & victorops_api_key_file must be "
           "configured");
    return;
  }
  if (!g.smtp_auth_password.empty() && !g.smtp_auth_password_file.empty()) {
    d.Fail(global_pos,
           "at most one of smtp_auth_password & smtp_auth_password_file must "
           "be configured");
    return;
  }
  ApplyGlobals(d, c);
  if (d.aborted()) return;
  const RouteConfig& root = c.route;
  if (!has_route) {
    d.Fail(YamlPos{}, "no routes provided");
    return;
  }
  if (root.receiver.empty()) {
    d.Fail(root.pos, "root route must specify a default receiver");
    return;
  }
  if (root.has_matchers) {
    d.Fail(root.pos, "root route must not have any matchers");
    return;
  }
  if (!root.mute_time_intervals.empty()) {
    d.Fail(root.pos, "root route must not have any mute time intervals");
    return;
  }
  if (!root.active_time_intervals.empty()) {
    d.Fail(root.pos, "root route must not have any active time intervals");
    return;
  }
  std::set<std::string> receivers;
  for (const ReceiverConfig& r : c.receivers) receivers.insert(r.name);
  if (!CheckReceivers(d, root, receivers)) return;
  std::set<std::string> names;
  for (const NamedTimeIntervals& n : c.mute_time_intervals) {
    if (!names.insert(n.name).second) {
      d.Fail(n.pos, "mute time interval " + promql::GoQuote(n.name) +
                        " is not unique");
      return;
    }
  }
  for (const NamedTimeIntervals& n : c.time_intervals) {
    if (!names.insert(n.name).second) {
      d.Fail(n.pos,
             "time interval " + promql::GoQuote(n.name) + " is not unique");
      return;
    }
  }
  CheckTimeIntervals(d, root, names);
}

}  // namespace

const ReceiverConfig* Config::FindReceiver(std::string_view name) const {
  for (const ReceiverConfig& r : receivers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const NamedTimeIntervals* Config::FindTimeInterval(
    std::string_view name) const {
  for (const auto* list : {&mute_time_intervals, &time_intervals}) {
    for (const NamedTimeIntervals& n : *list) {
      if (n.name == name) return &n;
    }
  }
  return nullptr;
}

Result<Config> LoadConfig(std::string_view text, std::string_view file) {
  auto doc = ParseYamlDocument(text, file);
  if (!doc.ok()) return doc.status();
  const YAML::Node& root = *doc;
  Config c;
  c.file = std::string(file);
  c.original = std::string(text);
  c.global = DefaultGlobal();
  YamlDecoder d(c.file);
  if (root.IsNull()) {
    return Status::InvalidArgument(d.At({}, "no route provided in config"));
  }
  bool has_route = false;
  YamlPos global_pos;
  d.Struct(root, "config.plain",
           {"global", "route", "inhibit_rules", "receivers", "templates",
            "mute_time_intervals", "time_intervals"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 global_pos = PosOf(v);
                 DecodeGlobal(d, v, &c.global);
                 break;
               case 1:
                 if (v.IsNull()) break;
                 has_route = true;
                 DecodeRoute(d, v, &c.route);
                 break;
               case 2:
                 d.Sequence(v, "[]*config.InhibitRule",
                            [&](const YAML::Node& e) {
                              InhibitRuleConfig r;
                              DecodeInhibitRule(d, e, &r);
                              c.inhibit_rules.push_back(std::move(r));
                            });
                 break;
               case 3:
                 d.Sequence(v, "[]*config.Receiver", [&](const YAML::Node& e) {
                   ReceiverConfig r;
                   DecodeReceiver(d, e, &r);
                   c.receivers.push_back(std::move(r));
                 });
                 break;
               case 4:
                 d.StringList(v, &c.templates);
                 break;
               case 5:
                 DecodeNamedIntervals(d, v, "[]config.MuteTimeInterval", true,
                                      &c.mute_time_intervals);
                 break;
               case 6:
                 DecodeNamedIntervals(d, v, "[]config.TimeInterval", false,
                                      &c.time_intervals);
                 break;
             }
           });
  if (!d.ok()) return d.ToStatus();
  Validate(d, c, has_route, global_pos);
  if (!d.ok()) return d.ToStatus();
  if (c.route.continue_) {
    return Status::InvalidArgument(
        d.At(c.route.pos, "cannot have continue in root route"));
  }
  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("open " + path + ": no such file or directory");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  auto cfg = LoadConfig(buf.str(), path);
  if (!cfg.ok()) return cfg;
  std::string dir = ".";
  if (size_t slash = path.rfind('/'); slash != std::string::npos) {
    dir = slash == 0 ? "/" : path.substr(0, slash);
  }
  Config& c = *cfg;
  for (std::string& t : c.templates) t = JoinDir(dir, t);
  ResolveHttpConfigPaths(dir, c.global.http_config);
  for (ReceiverConfig& r : c.receivers) {
    for (auto& x : r.pagerduty_configs) {
      if (x.http_config) ResolveHttpConfigPaths(dir, *x.http_config);
    }
    for (auto& x : r.slack_configs) {
      if (x.http_config) ResolveHttpConfigPaths(dir, *x.http_config);
    }
    for (auto& x : r.webhook_configs) {
      if (x.http_config) ResolveHttpConfigPaths(dir, *x.http_config);
    }
  }
  return cfg;
}

}  // namespace tocsin::notifiers
