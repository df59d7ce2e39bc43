#include "notifiers/template_expander.h"

#include "notifiers/default_templates.h"
#include "notifiers/template_files.h"

namespace tocsin::notifiers {
namespace {

tmpl::GoTime ToGoTime(Time t) {
  if (IsZero(t)) return tmpl::GoTime();
  return tmpl::GoTime::FromUnixNano(UnixNanos(t));
}

}  // namespace

Result<std::shared_ptr<const NotifierTemplate>> BuildNotifierTemplate(
    const Config& config) {
  auto files = ReadTemplateFiles(config.templates);
  if (!files.ok()) return files.status();
  std::vector<std::pair<std::string, std::string>> named;
  for (TemplateFile& f : *files) {
    named.emplace_back(std::move(f.name), std::move(f.text));
  }
  auto t = NotifierTemplate::Create({DefaultTemplatesText()}, named);
  if (!t.ok()) return t.status();
  return std::make_shared<const NotifierTemplate>(std::move(t).value());
}

tmpl::Value TemplateValue(const NotificationData& data) {
  tmpl::AmData d;
  d.receiver = data.receiver;
  d.status = data.status;
  d.group_labels = data.group_labels;
  d.common_labels = data.common_labels;
  d.common_annotations = data.common_annotations;
  d.external_url = data.external_url;
  d.alerts.reserve(data.alerts.size());
  for (const NotificationAlert& a : data.alerts) {
    tmpl::AmAlert t;
    t.status = a.status;
    t.labels = a.labels;
    t.annotations = a.annotations;
    t.starts_at = ToGoTime(a.starts_at);
    t.ends_at = ToGoTime(a.ends_at);
    t.generator_url = a.generator_url;
    t.fingerprint = a.fingerprint;
    d.alerts.push_back(std::move(t));
  }
  return tmpl::AmDataValue(d);
}

std::string Expander::Text(std::string_view text) {
  if (!status_.ok()) return "";
  auto r = tmpl_.ExecuteText(text, data_);
  if (!r.ok()) {
    status_ = r.status();
    return "";
  }
  return std::move(r).value();
}

std::string Expander::Html(std::string_view text) {
  if (!status_.ok()) return "";
  auto r = tmpl_.ExecuteHTML(text, data_);
  if (!r.ok()) {
    status_ = r.status();
    return "";
  }
  return std::move(r).value();
}

std::string TruncateInRunes(std::string_view s, size_t n, bool* truncated) {
  // Count runes by their leading bytes.
  size_t runes = 0, cut = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (runes == n - 1 && cut == s.size()) cut = i;
    ++runes;
  }
  *truncated = runes > n;
  if (!*truncated) return std::string(s);
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace tocsin::notifiers
