// What a notification says, as Alertmanager's template.Data has it: the
// receiver (regexp-quoted, as Alertmanager quotes it), the group status
// ("firing" when any alert fires), each alert with its status, labels,
// annotations, times, generator URL and fingerprint, the group labels,
// the labels and annotations all alerts share, and the external URL.
// Every receiver builds its message from this; the webhook posts it as
// JSON (version 4) exactly as Alertmanager's json.Encoder writes it.
//
// Pure functions; thread-safe.

#ifndef TOCSIN_NOTIFIERS_NOTIFICATION_DATA_H_
#define TOCSIN_NOTIFIERS_NOTIFICATION_DATA_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notifiers/alert.h"
#include "promql/labels.h"

namespace tocsin::notifiers {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct NotificationAlert {
  std::string status;  // "firing" or "resolved"
  KeyValues labels;    // sorted by name
  KeyValues annotations;
  Time starts_at;
  Time ends_at;  // unset for firing alerts
  std::string generator_url;
  std::string fingerprint;  // 16 hex digits
};

struct NotificationData {
  std::string receiver;
  std::string status;
  std::vector<NotificationAlert> alerts;
  KeyValues group_labels;
  KeyValues common_labels;
  KeyValues common_annotations;
  std::string external_url;
};

// template.(*Template).Data for the alerts of one flush, judged at `now`.
NotificationData BuildNotificationData(std::string_view receiver,
                                       const promql::Labels& group_labels,
                                       const std::vector<AlertPtr>& alerts,
                                       std::string_view external_url, Time now);

// The webhook body: {"receiver":...,"status":...,"alerts":[...],
// "groupLabels":{...},"commonLabels":{...},"commonAnnotations":{...},
// "externalURL":...,"version":"4","groupKey":...,"truncatedAlerts":N}
// followed by a newline.
std::string WebhookMessageJson(const NotificationData& data,
                               std::string_view group_key,
                               uint64_t truncated_alerts);

// A JSON string literal as Go's encoding/json writes it (HTML characters
// escaped, invalid UTF-8 as \ufffd).
void AppendGoJsonString(std::string* out, std::string_view s);

// regexp.QuoteMeta.
std::string QuoteMeta(std::string_view s);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_NOTIFICATION_DATA_H_
