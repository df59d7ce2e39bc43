// The label and annotation templates of alerting rules.
//
// Prometheus expands every label and annotation of an alerting rule once per
// alert, as a Go text/template named "__alert_<alertname>" that starts with
// {{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}
// {{$externalURL := .ExternalURL}}{{$value := .Value}}, with Prometheus's
// template functions; `query` runs PromQL at the evaluation time. An
// expansion error never fails the rule: the text becomes
// "<error expanding template: ...>".
//
// This file is where the rules layer meets the template library: rules
// parse each template once (AlertTemplate) and bind the data of one alert
// once (AlertTemplateContext) for all of its rule's templates. Text without
// "{{" is plain and expands to itself without touching the library.
// AlertTemplate is immutable after construction and may be used from many
// threads; an AlertTemplateContext belongs to one thread.

#ifndef TOCSIN_RULES_ALERT_TEMPLATE_H_
#define TOCSIN_RULES_ALERT_TEMPLATE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "promql/labels.h"
#include "promql/status.h"
#include "promql/value.h"

namespace tocsin::rules {

// Runs an instant PromQL query at `t_ms` for the template function `query`.
using TemplateQueryFunc =
    std::function<Result<promql::Vector>(std::string_view query, int64_t t_ms)>;

// What the templates of one alert see. The referenced values must outlive
// the AlertTemplateContext built from them.
struct AlertTemplateInput {
  // The labels of the result sample ($labels), __name__ included.
  const promql::Labels* labels = nullptr;
  const promql::Labels* external_labels = nullptr;  // $externalLabels
  std::string_view external_url;                    // $externalURL
  double value = 0;                                 // $value
  int64_t timestamp_ms = 0;                  // the evaluation time, for `query`
  const TemplateQueryFunc* query = nullptr;  // may be null
  // The URL of the functions externalURL and pathPrefix (the daemon's
  // --web.external-url). Null where Prometheus has none (promtool's unit
  // tests): they then fail with Go's nil pointer error.
  const std::string* function_url = nullptr;
};

// The data of one alert, bound for expansion. Built lazily: an alert whose
// templates are all plain never builds template values.
class AlertTemplateContext {
 public:
  explicit AlertTemplateContext(const AlertTemplateInput& input);
  ~AlertTemplateContext();
  AlertTemplateContext(const AlertTemplateContext&) = delete;
  AlertTemplateContext& operator=(const AlertTemplateContext&) = delete;

 private:
  friend class AlertTemplate;
  struct Bound;
  const Bound& Get() const;

  AlertTemplateInput input_;
  mutable std::unique_ptr<Bound> bound_;
};

class AlertTemplate {
 public:
  // Parses `text` as a template of the alerting rule `alert_name`.
  AlertTemplate(std::string_view alert_name, std::string_view text);
  ~AlertTemplate();
  AlertTemplate(AlertTemplate&&) noexcept;
  AlertTemplate& operator=(AlertTemplate&&) noexcept;
  AlertTemplate(const AlertTemplate&);
  AlertTemplate& operator=(const AlertTemplate&);

  const std::string& text() const { return text_; }
  bool plain() const { return plain_; }
  // The parse error as Prometheus's rule check prints it ("template:
  // __alert_X:1: function \"y\" not defined"), or OK.
  const Status& parse_status() const { return parse_status_; }

  // The expansion for one alert, or "<error expanding template: ...>"; the
  // error itself goes to *error when given.
  std::string Expand(const AlertTemplateContext& context,
                     Status* error = nullptr) const;

 private:
  struct Compiled;
  std::string text_;
  bool plain_ = true;
  Status parse_status_;
  std::shared_ptr<const Compiled> compiled_;
};

// rulefmt's template check for one label or annotation: OK, or the parse
// error.
Status CheckAlertTemplate(std::string_view alert_name, std::string_view text);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_ALERT_TEMPLATE_H_
