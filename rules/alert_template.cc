#include "rules/alert_template.h"

#include <utility>

namespace tocsin::rules {

// Until the template library is linked, templates with actions cannot be
// expanded; they expand to an error text as a failing template does.
struct AlertTemplateContext::Bound {};
struct AlertTemplate::Compiled {};

AlertTemplateContext::AlertTemplateContext(const AlertTemplateInput& input)
    : input_(input) {}
AlertTemplateContext::~AlertTemplateContext() = default;

const AlertTemplateContext::Bound& AlertTemplateContext::Get() const {
  if (!bound_) bound_ = std::make_unique<Bound>();
  return *bound_;
}

AlertTemplate::AlertTemplate(std::string_view alert_name, std::string_view text)
    : text_(text) {
  (void)alert_name;
  plain_ = text.find("{{") == std::string_view::npos;
}
AlertTemplate::~AlertTemplate() = default;
AlertTemplate::AlertTemplate(AlertTemplate&&) noexcept = default;
AlertTemplate& AlertTemplate::operator=(AlertTemplate&&) noexcept = default;
AlertTemplate::AlertTemplate(const AlertTemplate&) = default;
AlertTemplate& AlertTemplate::operator=(const AlertTemplate&) = default;

std::string AlertTemplate::Expand(const AlertTemplateContext& context,
                                  Status* error) const {
  if (plain_) {
    if (error != nullptr) *error = Status::OK();
    return text_;
  }
  (void)context.Get();
  Status s = Status::Error("template library not available");
  std::string out = "<error expanding template: " + s.message() + ">";
  if (error != nullptr) *error = std::move(s);
  return out;
}

Status CheckAlertTemplate(std::string_view alert_name, std::string_view text) {
  return AlertTemplate(alert_name, text).parse_status();
}

}  // namespace tocsin::rules
