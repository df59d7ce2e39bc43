// The Slack integration (Alertmanager's notify/slack): renders the
// configured fields with the config's templates and POSTs one message with
// one attachment to the API URL (api_url, or the first line of
// api_url_file), exactly as Alertmanager 0.25 encodes it. The title is
// cut to 1024 runes. 2xx is success, 5xx and transport errors are retried,
// anything else fails.
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_SLACK_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_SLACK_NOTIFIER_H_

#include <memory>
#include <string>

#include "notifiers/config_receivers.h"
#include "notifiers/notifier.h"
#include "notifiers/template_expander.h"

namespace tocsin::notifiers {

class SlackNotifier : public Notifier {
 public:
  SlackNotifier(SlackConfig config, std::shared_ptr<const NotifierTemplate> t,
                std::string external_url, const Clock* clock);
  NotifyResult Notify(const NotifyRequest& request,
                      const std::vector<AlertPtr>& alerts) override;

  // The JSON body for `data` (with a trailing newline); fails on a
  // template error.
  Result<std::string> Body(const NotificationData& data) const;

 private:
  SlackConfig config_;
  std::shared_ptr<const NotifierTemplate> tmpl_;
  std::string external_url_;
  const Clock* clock_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SLACK_NOTIFIER_H_
