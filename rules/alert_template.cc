#include "rules/alert_template.h"

#include <utility>

#include "template/prometheus.h"
#include "template/value.h"

namespace tocsin::rules {

// The template data and function context of one alert.
struct AlertTemplateContext::Bound {
  tmpl::Value data;
  tmpl::PrometheusContext context;
};

struct AlertTemplate::Compiled {
  tmpl::RuleTemplate rule_template;
};

AlertTemplateContext::AlertTemplateContext(const AlertTemplateInput& input)
    : input_(input) {}
AlertTemplateContext::~AlertTemplateContext() = default;

const AlertTemplateContext::Bound& AlertTemplateContext::Get() const {
  if (bound_) return *bound_;
  static const promql::Labels kNoLabels;
  auto b = std::make_unique<Bound>();
  const promql::Labels& labels =
      input_.labels != nullptr ? *input_.labels : kNoLabels;
  const promql::Labels& external =
      input_.external_labels != nullptr ? *input_.external_labels : kNoLabels;
  b->data = tmpl::AlertTemplateData(labels, external, input_.external_url,
                                    input_.value);
  b->context.timestamp_ms = input_.timestamp_ms;
  b->context.has_external_url = input_.function_url != nullptr;
  if (input_.function_url != nullptr) {
    b->context.external_url = *input_.function_url;
  }
  if (input_.query != nullptr && *input_.query) {
    const TemplateQueryFunc* query = input_.query;
    b->context.query = [query](std::string_view q, int64_t t_ms) {
      return (*query)(q, t_ms);
    };
  }
  bound_ = std::move(b);
  return *bound_;
}

AlertTemplate::AlertTemplate(std::string_view alert_name, std::string_view text)
    : text_(text) {
  plain_ = text.find("{{") == std::string_view::npos;
  if (plain_) return;
  auto compiled = std::make_shared<Compiled>(
      Compiled{tmpl::RuleTemplate::Parse(alert_name, text)});
  parse_status_ = compiled->rule_template.parse_status();
  compiled_ = std::move(compiled);
}
AlertTemplate::~AlertTemplate() = default;
AlertTemplate::AlertTemplate(AlertTemplate&&) noexcept = default;
AlertTemplate& AlertTemplate::operator=(AlertTemplate&&) noexcept = default;
AlertTemplate::AlertTemplate(const AlertTemplate&) = default;
AlertTemplate& AlertTemplate::operator=(const AlertTemplate&) = default;

std::string AlertTemplate::Expand(const AlertTemplateContext& context,
                                  Status* error) const {
  if (plain_ || compiled_ == nullptr) {
    if (error != nullptr) *error = Status::OK();
    return text_;
  }
  const AlertTemplateContext::Bound& bound = context.Get();
  return compiled_->rule_template.Expand(bound.data, bound.context, error);
}

Status CheckAlertTemplate(std::string_view alert_name, std::string_view text) {
  if (text.find("{{") == std::string_view::npos) return Status::OK();
  return tmpl::CheckRuleTemplate(alert_name, text);
}

}  // namespace tocsin::rules
