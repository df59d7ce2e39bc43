#include "notifiers/notifier.h"

namespace tocsin::notifiers {

Result<ReceiverIntegrations> BuildReceiverIntegrations(
    const Config& config, const NotifierFactory& factory) {
  ReceiverIntegrations out;
  for (const ReceiverConfig& r : config.receivers) {
    std::vector<Integration>& list = out[r.name];
    auto add = [&](const char* name, uint32_t index, bool send_resolved,
                   IntegrationConfig cfg) -> Status {
      auto n = factory(config, r, cfg);
      if (!n.ok()) return n.status();
      list.push_back({name, index, send_resolved, std::move(n).value()});
      return Status::OK();
    };
    Status s;
    for (size_t i = 0; i < r.webhook_configs.size() && s.ok(); ++i) {
      s = add("webhook", i, r.webhook_configs[i].send_resolved,
              &r.webhook_configs[i]);
    }
    for (size_t i = 0; i < r.email_configs.size() && s.ok(); ++i) {
      s = add("email", i, r.email_configs[i].send_resolved,
              &r.email_configs[i]);
    }
    for (size_t i = 0; i < r.pagerduty_configs.size() && s.ok(); ++i) {
      s = add("pagerduty", i, r.pagerduty_configs[i].send_resolved,
              &r.pagerduty_configs[i]);
    }
    // The other kinds keep Alertmanager's order: opsgenie and wechat come
    // before slack, the rest after it.
    auto add_others = [&](std::initializer_list<const char*> kinds) {
      for (const char* kind : kinds) {
        uint32_t idx = 0;
        for (const OtherIntegration& o : r.other_configs) {
          if (o.kind != kind || !s.ok()) continue;
          s = add(kind, idx++, o.send_resolved, &o);
        }
      }
    };
    add_others({"opsgenie", "wechat"});
    for (size_t i = 0; i < r.slack_configs.size() && s.ok(); ++i) {
      s = add("slack", i, r.slack_configs[i].send_resolved,
              &r.slack_configs[i]);
    }
    add_others(
        {"victorops", "pushover", "sns", "telegram", "discord", "webex"});
    if (!s.ok()) return s;
  }
  return out;
}

}  // namespace tocsin::notifiers
