// Delivery of notifications: the Notifier interface that receiver
// integrations (Slack, PagerDuty, email, webhook, ...) implement, and the
// Integration record the pipeline fans out to.
//
// A Notifier gets the alerts of one aggregation group as Alertmanager
// hands them to its notifiers (sorted; a firing alert's endsAt is unset)
// together with the group's context, and performs one delivery attempt.
// It reports whether a failure is worth retrying (a 5xx, a timeout, a
// refused connection) or not (a 4xx, a template error). It must give up by
// request.deadline. Notify may be called from any worker thread, and
// concurrently for different groups; implementations must be thread-safe.

#ifndef TOCSIN_NOTIFIERS_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_NOTIFIER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "notifiers/alert.h"
#include "notifiers/config.h"
#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::notifiers {

struct NotifyRequest {
  std::string receiver;  // the receiver's name
  std::string group_key;
  promql::Labels group_labels;
  Time now;       // the instant of the flush
  Time deadline;  // give up by then
};

struct NotifyResult {
  Status status;
  bool retry = false;  // on failure: whether another attempt may succeed
  static NotifyResult Ok() { return NotifyResult(); }
  static NotifyResult Retry(Status s) { return {std::move(s), true}; }
  static NotifyResult Fail(Status s) { return {std::move(s), false}; }
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual NotifyResult Notify(const NotifyRequest& request,
                              const std::vector<AlertPtr>& alerts) = 0;
};

struct Integration {
  std::string name;    // "webhook", "email", "pagerduty", "slack", ...
  uint32_t index = 0;  // among the receiver's integrations of this kind
  bool send_resolved = false;
  std::shared_ptr<Notifier> notifier;
  // "webhook[0]" as Alertmanager names integrations in logs.
  std::string String() const {
    return name + "[" + std::to_string(index) + "]";
  }
};

// Receiver name -> its integrations.
using ReceiverIntegrations = std::map<std::string, std::vector<Integration>>;

// One integration's configuration, as handed to a NotifierFactory.
using IntegrationConfig =
    std::variant<const EmailConfig*, const PagerdutyConfig*, const SlackConfig*,
                 const WebhookConfig*, const OtherIntegration*>;

// Makes the notifier for one integration of receiver `receiver`.
using NotifierFactory = std::function<Result<std::shared_ptr<Notifier>>(
    const Config& config, const ReceiverConfig& receiver,
    const IntegrationConfig& integration)>;

// The integrations of every receiver of `config`, in Alertmanager's order
// (webhook, email, pagerduty, opsgenie, wechat, slack, victorops,
// pushover, sns, telegram, discord, webex), each numbered within its
// kind.
Result<ReceiverIntegrations> BuildReceiverIntegrations(
    const Config& config, const NotifierFactory& factory);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_NOTIFIER_H_
