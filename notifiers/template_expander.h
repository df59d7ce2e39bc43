// Template expansion for receiver integrations, as Alertmanager's
// notify.TmplText does it: a NotifierTemplate is the config's template set
// (tocsin's built-in templates, then the config's `templates:` files); an
// Expander executes one field after another against one notification's
// data, keeps the first error and yields "" for every field after it.
//
// NotifierTemplate is immutable once built and shared between integrations
// of one config; an Expander belongs to one Notify call. Thread-safe in
// that sense.

#ifndef TOCSIN_NOTIFIERS_TEMPLATE_EXPANDER_H_
#define TOCSIN_NOTIFIERS_TEMPLATE_EXPANDER_H_

#include <memory>
#include <string>
#include <string_view>

#include "notifiers/config.h"
#include "notifiers/notification_data.h"
#include "promql/status.h"
#include "template/alertmanager.h"

namespace tocsin::notifiers {

using NotifierTemplate = tmpl::AlertmanagerTemplate;

// Parses the built-in templates and the files named by config.templates.
Result<std::shared_ptr<const NotifierTemplate>> BuildNotifierTemplate(
    const Config& config);

// template.Data as the template library sees it (a *Data value).
tmpl::Value TemplateValue(const NotificationData& data);

class Expander {
 public:
  Expander(const NotifierTemplate& t, const NotificationData& data)
      : tmpl_(t), data_(TemplateValue(data)) {}

  // Executes `text` as a text template; "" once an error happened.
  std::string Text(std::string_view text);
  // The same with html/template escaping (email bodies).
  std::string Html(std::string_view text);
  const Status& status() const { return status_; }

 private:
  const NotifierTemplate& tmpl_;
  tmpl::Value data_;
  Status status_;
};

// notify.TruncateInRunes: at most n runes, the last one "…" when cut.
std::string TruncateInRunes(std::string_view s, size_t n, bool* truncated);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_TEMPLATE_EXPANDER_H_
