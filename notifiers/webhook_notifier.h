// The webhook integration (Alertmanager's notify/webhook): POSTs the
// version 4 JSON message (template data, group key, truncated alerts) to
// the configured URL with the integration's HTTP settings, keeping at most
// max_alerts alerts. 2xx is success; 5xx and transport errors are retried;
// any other status is final ("unexpected status code 404: URL: body").
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_WEBHOOK_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_WEBHOOK_NOTIFIER_H_

#include <memory>
#include <string>

#include "notifiers/config_receivers.h"
#include "notifiers/notifier.h"

namespace tocsin::notifiers {

class WebhookNotifier : public Notifier {
 public:
  WebhookNotifier(WebhookConfig config, std::string external_url,
                  const Clock* clock);
  NotifyResult Notify(const NotifyRequest& request,
                      const std::vector<AlertPtr>& alerts) override;

 private:
  WebhookConfig config_;
  std::string external_url_;
  const Clock* clock_;
};

// Alertmanager's Retrier.Check for a response: 2xx succeeds, 5xx is
// retried, everything else fails for good.
NotifyResult CheckHttpStatus(int status, const std::string& url,
                             const std::string& body);

// The integrations tocsin delivers to: webhook, email, Slack and PagerDuty
// (their templates built once per config; a template error fails the
// config).
// Other kinds get a notifier that fails without retrying ("<kind>
// notifications are not supported yet").
NotifierFactory BuiltinNotifierFactory(std::string external_url,
                                       const Clock* clock);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_WEBHOOK_NOTIFIER_H_
