// Alertmanager 0.25's notification templates: its data model (package
// template's Data, Alert, Alerts with Firing/Resolved, KV with
// SortedPairs/Remove/Names/Values, Pair, Pairs), its function map
// (toUpper, toLower, title, join, match, safeHtml, reReplaceAll,
// stringSlice) and its Template, which layers user template files over the
// default templates and executes text with missingkey=zero.
//
// Types and values are immutable and thread-safe; an AlertmanagerTemplate is
// built once and then executed from any thread.

#ifndef TOCSIN_TEMPLATE_ALERTMANAGER_H_
#define TOCSIN_TEMPLATE_ALERTMANAGER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "promql/status.h"
#include "template/go_time.h"
#include "template/html_escape.h"
#include "template/template.h"
#include "template/value.h"

namespace tocsin::tmpl {

// Name/value pairs (label sets, annotations); order does not matter.
using KVPairs = std::vector<std::pair<std::string, std::string>>;

// template.Alert.
struct AmAlert {
  std::string status;  // "firing" or "resolved"
  KVPairs labels;
  KVPairs annotations;
  GoTime starts_at;
  GoTime ends_at;
  std::string generator_url;
  std::string fingerprint;
};

// template.Data.
struct AmData {
  std::string receiver;
  std::string status;
  std::vector<AmAlert> alerts;
  KVPairs group_labels;
  KVPairs common_labels;
  KVPairs common_annotations;
  std::string external_url;
};

// Alertmanager's (*Template).Data: the receiver name regexp-quoted, the
// group status ("firing" if any alert fires), and the labels and
// annotations all alerts share.
AmData MakeAmData(std::string_view receiver, const KVPairs& group_labels,
                  std::vector<AmAlert> alerts, std::string_view external_url);

const Type* KVType();            // template.KV
const Type* PairType();          // template.Pair
const Type* PairsType();         // template.Pairs
const Type* AmAlertType();       // template.Alert
const Type* AmAlertsType();      // template.Alerts
const Type* AmAlertSliceType();  // []template.Alert
const Type* AmDataType();        // template.Data
const Type* AmDataPtrType();     // *template.Data
const Type* HTMLType();          // html/template.HTML

Value KVValue(KVPairs pairs);
Value AmAlertValue(const AmAlert& alert);
// The notifiers pass *Data; `pointer` false gives a template.Data value.
Value AmDataValue(const AmData& data, bool pointer = true);

// Alertmanager's DefaultFuncs.
const FuncMap& AlertmanagerFuncs();

// Alertmanager's template.Template (text part): FromGlobs layers the given
// files over the default templates.
class AlertmanagerTemplate {
 public:
  // `defaults` are the texts of default.tmpl (and email.tmpl), parsed into
  // the set's main template "" as Alertmanager does; `files` are (base
  // name, text) pairs of user template files, each parsed as template
  // `name`. Errors read as Go's ("template: custom.tmpl:3: ...").
  static Result<AlertmanagerTemplate> Create(
      const std::vector<std::string>& defaults,
      const std::vector<std::pair<std::string, std::string>>& files);

  // ExecuteTextString: parses `text` as a new main template over the set
  // and executes it; the empty text gives "".
  Result<std::string> ExecuteText(std::string_view text,
                                  const Value& data) const;
  // ExecuteHTMLString: ExecuteText with html/template's contextual
  // escaping (for email bodies).
  Result<std::string> ExecuteHTML(std::string_view text,
                                  const Value& data) const;
  // Executes one defined template (e.g. "slack.default.title").
  Result<std::string> ExecuteNamed(std::string_view name,
                                   const Value& data) const;

  const Template& set() const { return set_; }

 private:
  AlertmanagerTemplate() : set_("") {}
  Template set_;
};

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_ALERTMANAGER_H_
