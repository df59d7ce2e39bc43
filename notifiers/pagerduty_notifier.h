// The PagerDuty integration (Alertmanager's notify/pagerduty). With a
// service_key it speaks Events API v1 (event_type trigger / resolve,
// incident_key, description, details, client and client_url on triggers)
// to the v1 endpoint; with a routing_key Events API v2 (event_action,
// dedup_key, payload with summary, source, severity, class, component,
// group and custom_details, images, links) to `url`. The incident / dedup
// key is the SHA-256 of the group key in hex, as Alertmanager's
// notify.Key.Hash. Bodies are encoded exactly as Alertmanager 0.25 encodes
// them; a body above 512000 bytes loses its details. 2xx succeeds; 5xx,
// transport errors and 403 (v1) or 429 (v2) are retried.
//
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_PAGERDUTY_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_PAGERDUTY_NOTIFIER_H_

#include <memory>
#include <string>

#include "notifiers/config_receivers.h"
#include "notifiers/notifier.h"
#include "notifiers/template_expander.h"

namespace tocsin::notifiers {

inline constexpr const char* kPagerdutyV1Url =
    "https://events.pagerduty.com/generic/2010-04-15/create_event.json";

class PagerdutyNotifier : public Notifier {
 public:
  // `v1_url` is where v1 events go unless the receiver gives a url
  // (Alertmanager always uses kPagerdutyV1Url; tests point it elsewhere).
  PagerdutyNotifier(PagerdutyConfig config,
                    std::shared_ptr<const NotifierTemplate> t,
                    std::string external_url, const Clock* clock,
                    std::string v1_url = kPagerdutyV1Url);
  NotifyResult Notify(const NotifyRequest& request,
                      const std::vector<AlertPtr>& alerts) override;

  // The JSON body (with a trailing newline) for a flush of group
  // `group_key`; fails on a template error or an empty key.
  Result<std::string> Body(const NotificationData& data,
                           const std::string& group_key) const;
  bool v1() const {
    return !config_.service_key.empty() || !config_.service_key_file.empty();
  }

 private:
  PagerdutyConfig config_;
  std::shared_ptr<const NotifierTemplate> tmpl_;
  std::string external_url_;
  const Clock* clock_;
  std::string v1_url_;
};

// Hex SHA-256 of `s` (notify.Key.Hash).
std::string Sha256Hex(std::string_view s);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_PAGERDUTY_NOTIFIER_H_
