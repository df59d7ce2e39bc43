#include "notifiers/webhook_notifier.h"

#include <mutex>

#include "notifiers/email_notifier.h"
#include "notifiers/http_client.h"
#include "notifiers/notification_data.h"
#include "notifiers/pagerduty_notifier.h"
#include "notifiers/slack_notifier.h"

namespace tocsin::notifiers {
namespace {

class UnsupportedNotifier : public Notifier {
 public:
  explicit UnsupportedNotifier(std::string kind) : kind_(std::move(kind)) {}
  NotifyResult Notify(const NotifyRequest&,
                      const std::vector<AlertPtr>&) override {
    return NotifyResult::Fail(
        Status::Execution(kind_ + " notifications are not supported yet"));
  }

 private:
  std::string kind_;
};

}  // namespace

NotifyResult CheckHttpStatus(int status, const std::string& url,
                             const std::string& body) {
  if (status / 100 == 2) return NotifyResult::Ok();
  std::string msg =
      "unexpected status code " + std::to_string(status) + ": " + url;
  if (!body.empty()) msg += ": " + body;
  Status s = Status::Unavailable(msg);
  return status / 100 == 5 ? NotifyResult::Retry(s) : NotifyResult::Fail(s);
}

WebhookNotifier::WebhookNotifier(WebhookConfig config, std::string external_url,
                                 const Clock* clock)
    : config_(std::move(config)),
      external_url_(std::move(external_url)),
      clock_(clock) {}

NotifyResult WebhookNotifier::Notify(const NotifyRequest& request,
                                     const std::vector<AlertPtr>& alerts) {
  std::vector<AlertPtr> kept = alerts;
  uint64_t truncated = 0;
  if (config_.max_alerts != 0 && kept.size() > config_.max_alerts) {
    truncated = kept.size() - config_.max_alerts;
    kept.resize(config_.max_alerts);
  }
  NotificationData data =
      BuildNotificationData(request.receiver, request.group_labels, kept,
                            external_url_, clock_->Now());
  HttpRequest req;
  req.url = config_.url.text;
  req.headers = {{"Content-Type", "application/json"}};
  req.body = WebhookMessageJson(data, request.group_key, truncated);
  static const HttpConfig kDefault;
  const HttpConfig& http =
      config_.http_config ? *config_.http_config : kDefault;
  // The deadline is on the router's clock; the network runs on real time.
  auto res = SendHttp(req, http, request.deadline - clock_->Now());
  if (!res.ok()) return NotifyResult::Retry(res.status());
  return CheckHttpStatus(res->status, config_.url.text, res->body);
}

NotifierFactory BuiltinNotifierFactory(std::string external_url,
                                       const Clock* clock) {
  // One template set per loaded config, shared by its integrations.
  struct Cache {
    std::mutex mu;
    const Config* config = nullptr;
    std::string original;  // tells a new config at a reused address apart
    std::shared_ptr<const NotifierTemplate> tmpl;
  };
  auto cache = std::make_shared<Cache>();
  auto templates = [cache](const Config& config)
      -> Result<std::shared_ptr<const NotifierTemplate>> {
    std::lock_guard<std::mutex> lock(cache->mu);
    if (cache->config != &config || cache->original != config.original ||
        !cache->tmpl) {
      auto t = BuildNotifierTemplate(config);
      if (!t.ok()) return t.status();
      cache->config = &config;
      cache->original = config.original;
      cache->tmpl = std::move(t).value();
    }
    return cache->tmpl;
  };
  return [external_url, clock, templates](const Config& config,
                                          const ReceiverConfig&,
                                          const IntegrationConfig& integration)
             -> Result<std::shared_ptr<Notifier>> {
    if (auto* wh = std::get_if<const WebhookConfig*>(&integration)) {
      return std::shared_ptr<Notifier>(
          std::make_shared<WebhookNotifier>(**wh, external_url, clock));
    }
    if (auto* sl = std::get_if<const SlackConfig*>(&integration)) {
      auto t = templates(config);
      if (!t.ok()) return t.status();
      return std::shared_ptr<Notifier>(std::make_shared<SlackNotifier>(
          **sl, std::move(t).value(), external_url, clock));
    }
    if (auto* pd = std::get_if<const PagerdutyConfig*>(&integration)) {
      auto t = templates(config);
      if (!t.ok()) return t.status();
      return std::shared_ptr<Notifier>(std::make_shared<PagerdutyNotifier>(
          **pd, std::move(t).value(), external_url, clock));
    }
    if (auto* em = std::get_if<const EmailConfig*>(&integration)) {
      auto t = templates(config);
      if (!t.ok()) return t.status();
      return std::shared_ptr<Notifier>(std::make_shared<EmailNotifier>(
          **em, std::move(t).value(), external_url, clock));
    }
    std::string kind = "this integration's";
    if (auto* o = std::get_if<const OtherIntegration*>(&integration)) {
      kind = (*o)->kind;
    }
    return std::shared_ptr<Notifier>(
        std::make_shared<UnsupportedNotifier>(kind));
  };
}

}  // namespace tocsin::notifiers
