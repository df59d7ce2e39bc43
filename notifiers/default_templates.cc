#include "notifiers/default_templates.h"

namespace tocsin::notifiers {
namespace {

// The subject line: status (with the number of firing alerts), the group
// label values, then in parentheses the values of the common labels that
// are not group labels.
constexpr const char* kShared = R"tmpl(
{{- define "__alertmanager" -}}Alertmanager{{- end -}}
{{- define "__alertmanagerURL" -}}
{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}
{{- end -}}
{{- define "__subject" -}}
[{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
{{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}{{ " " }}
{{- if gt (len .CommonLabels) (len .GroupLabels) -}}
({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }})
{{- end -}}
{{- end -}}
{{- define "__description" -}}{{- end -}}
{{- define "__text_alert_list" -}}
{{ range . -}}
Labels:{{ "\n" }}
{{- range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
Annotations:{{ "\n" }}
{{- range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}{{ "\n" }}{{ end -}}
Source: {{ .GeneratorURL }}{{ "\n" }}
{{- end }}
{{- end -}}
)tmpl";

constexpr const char* kSlack = R"tmpl(
{{- define "slack.default.title" -}}{{ template "__subject" . }}{{- end -}}
{{- define "slack.default.username" -}}{{ template "__alertmanager" . }}{{- end -}}
{{- define "slack.default.fallback" -}}
{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}
{{- end -}}
{{- define "slack.default.callbackid" -}}{{- end -}}
{{- define "slack.default.pretext" -}}{{- end -}}
{{- define "slack.default.titlelink" -}}{{ template "__alertmanagerURL" . }}{{- end -}}
{{- define "slack.default.iconemoji" -}}{{- end -}}
{{- define "slack.default.iconurl" -}}{{- end -}}
{{- define "slack.default.text" -}}{{- end -}}
{{- define "slack.default.footer" -}}{{- end -}}
)tmpl";

constexpr const char* kPagerduty = R"tmpl(
{{- define "pagerduty.default.description" -}}{{ template "__subject" . }}{{- end -}}
{{- define "pagerduty.default.client" -}}{{ template "__alertmanager" . }}{{- end -}}
{{- define "pagerduty.default.clientURL" -}}{{ template "__alertmanagerURL" . }}{{- end -}}
{{- define "pagerduty.default.instances" -}}{{ template "__text_alert_list" . }}{{- end -}}
)tmpl";

}  // namespace

const std::string& DefaultTemplatesText() {
  static const std::string* text = new std::string(
      std::string(kShared) + kSlack + kPagerduty + EmailTemplatesText());
  return *text;
}

}  // namespace tocsin::notifiers
