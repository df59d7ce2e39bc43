// Prometheus 2.42's rule templates: the function map of its template
// package (humanize*, query, first, label, value, sortByLabel, toTime,
// title, match, reReplaceAll, graphLink, externalURL, parseDuration, ...),
// the data alerting rules expand annotations and labels with
// (AlertTemplateData), and the expansion the rules package performs:
// the "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}
// {{$externalURL := .ExternalURL}}{{$value := .Value}}" preamble, the
// template name "__alert_NAME", missingkey=zero, and errors turned into
// "<error expanding template: ...>".
//
// `query` reaches PromQL through a callback so that this library does not
// depend on the engine. Everything here is thread-safe once built.

#ifndef TOCSIN_TEMPLATE_PROMETHEUS_H_
#define TOCSIN_TEMPLATE_PROMETHEUS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "promql/labels.h"
#include "promql/status.h"
#include "promql/value.h"
#include "template/template.h"
#include "template/value.h"

namespace tocsin::tmpl {

// strutil.GraphLinkForExpression and TableLinkForExpression: the path of
// Prometheus's expression browser for `expr` ("/graph?g0.expr=...&g0.tab=1"
// for the table view), the generator URL of alerts without its base.
std::string GraphLink(std::string_view expr);
std::string TableLink(std::string_view expr);

// Runs an instant PromQL query at `timestamp_ms` (Prometheus's QueryFunc).
using QueryFunc = std::function<Result<promql::Vector>(std::string_view query,
                                                       int64_t timestamp_ms)>;

// What the functions of one expansion are bound to.
struct PrometheusContext {
  QueryFunc query;  // may be empty: `query` then fails
  int64_t timestamp_ms = 0;
  // --web.external-url; pathPrefix gives its path.
  std::string external_url;
  // False where Prometheus has no URL (its nil *url.URL, as in promtool's
  // unit tests): externalURL and pathPrefix then fail with Go's nil
  // pointer error.
  bool has_external_url = true;
};

// Prometheus's template functions bound to `ctx`.
FuncMap PrometheusFuncs(const PrometheusContext& ctx);

const Type* SampleType();       // *template.sample
const Type* QueryResultType();  // template.queryResult
// A query result as templates see it (a list of *sample).
Value QueryResultValue(const promql::Vector& vector);

// AlertTemplateData: Labels, ExternalLabels, ExternalURL and Value.
const Type* AlertTemplateDataType();
Value AlertTemplateData(const promql::Labels& labels,
                        const promql::Labels& external_labels,
                        std::string_view external_url, double value);

// NewTemplateExpander(...).Expand(): parses and executes `text` as template
// `name` with missingkey=zero. Errors read "error parsing template NAME:
// ..." or "error executing template NAME: ...".
Result<std::string> ExpandTemplate(std::string_view name, std::string_view text,
                                   const Value& data,
                                   const PrometheusContext& ctx);

// An alerting rule's label or annotation template, parsed once and expanded
// per alert as rules/alerting.go does.
class RuleTemplate {
 public:
  // Parses `text` with the preamble as "__alert_<alert_name>". A parse
  // error is kept and reported by every expansion, as Prometheus does.
  static RuleTemplate Parse(std::string_view alert_name, std::string_view text);

  // The parse error Prometheus's rule file check reports (nil for valid
  // templates): "template: __alert_X:1: function \"y\" not defined".
  const Status& parse_status() const { return parse_status_; }

  // Expands the template on `data` (AlertTemplateData). On failure the
  // result is "<error expanding template: ...>" and `error`, if given,
  // receives the error.
  std::string Expand(const Value& data, const PrometheusContext& ctx,
                     Status* error = nullptr) const;

 private:
  std::string name_;
  std::string text_;
  bool plain_ = false;  // no actions: the text expands to itself
  std::shared_ptr<const Template> set_;
  Status parse_status_;
};

// rulefmt's testTemplateParsing for one template: the parse error or OK.
Status CheckRuleTemplate(std::string_view alert_name, std::string_view text);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_PROMETHEUS_H_
