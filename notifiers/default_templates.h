// tocsin's built-in notification templates: the named templates that
// Alertmanager's receiver defaults refer to ("__subject",
// "__alertmanagerURL", "__text_alert_list", "slack.default.*",
// "pagerduty.default.*", "email.default.subject", "email.default.html"),
// written for tocsin so that they render the same text as Alertmanager
// 0.25's own from the same data. Thread-safe.

#ifndef TOCSIN_NOTIFIERS_DEFAULT_TEMPLATES_H_
#define TOCSIN_NOTIFIERS_DEFAULT_TEMPLATES_H_

#include <string>

namespace tocsin::notifiers {

// The text of the built-in templates, parsed before user template files.
const std::string& DefaultTemplatesText();

// The email part of it: "email.default.subject" and "email.default.html".
const char* EmailTemplatesText();

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_DEFAULT_TEMPLATES_H_
