#include "notifiers/slack_notifier.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "notifiers/http_client.h"
#include "notifiers/webhook_notifier.h"

namespace tocsin::notifiers {
namespace {

constexpr size_t kMaxTitleRunes = 1024;

// Appends ,"key":"value" unless value is empty (Go's omitempty).
void OptionalField(std::string* out, const char* key, const std::string& v) {
  if (v.empty()) return;
  if (out->back() != '{') out->push_back(',');
  *out += '"';
  *out += key;
  *out += "\":";
  AppendGoJsonString(out, v);
}

void Field(std::string* out, const char* key, const std::string& v) {
  if (out->back() != '{') out->push_back(',');
  *out += '"';
  *out += key;
  *out += "\":";
  AppendGoJsonString(out, v);
}

void AppendFields(std::string* out, const SlackConfig& c, Expander& x) {
  if (c.fields.empty()) return;
  *out += ",\"fields\":[";
  for (size_t i = 0; i < c.fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('{');
    OptionalField(out, "title", x.Text(c.fields[i].title));
    OptionalField(out, "value", x.Text(c.fields[i].value));
    bool is_short = c.fields[i].short_.value_or(c.short_fields);
    if (out->back() != '{') out->push_back(',');
    *out += is_short ? "\"short\":true" : "\"short\":false";
    out->push_back('}');
  }
  out->push_back(']');
}

void AppendActions(std::string* out, const SlackConfig& c, Expander& x) {
  if (c.actions.empty()) return;
  *out += ",\"actions\":[";
  for (size_t i = 0; i < c.actions.size(); ++i) {
    const SlackAction& a = c.actions[i];
    if (i > 0) out->push_back(',');
    out->push_back('{');
    OptionalField(out, "type", x.Text(a.type));
    OptionalField(out, "text", x.Text(a.text));
    OptionalField(out, "url", x.Text(a.url));
    OptionalField(out, "style", x.Text(a.style));
    OptionalField(out, "name", x.Text(a.name));
    OptionalField(out, "value", x.Text(a.value));
    if (a.confirm) {
      if (out->back() != '{') out->push_back(',');
      *out += "\"confirm\":{";
      OptionalField(out, "text", x.Text(a.confirm->text));
      OptionalField(out, "title", x.Text(a.confirm->title));
      OptionalField(out, "ok_text", x.Text(a.confirm->ok_text));
      OptionalField(out, "dismiss_text", x.Text(a.confirm->dismiss_text));
      out->push_back('}');
    }
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace

SlackNotifier::SlackNotifier(SlackConfig config,
                             std::shared_ptr<const NotifierTemplate> t,
                             std::string external_url, const Clock* clock)
    : config_(std::move(config)),
      tmpl_(std::move(t)),
      external_url_(std::move(external_url)),
      clock_(clock) {}

Result<std::string> SlackNotifier::Body(const NotificationData& data) const {
  const SlackConfig& c = config_;
  Expander x(*tmpl_, data);
  bool truncated = false;
  std::string title =
      TruncateInRunes(x.Text(c.title), kMaxTitleRunes, &truncated);
  std::string att = "{";
  OptionalField(&att, "title", title);
  OptionalField(&att, "title_link", x.Text(c.title_link));
  OptionalField(&att, "pretext", x.Text(c.pretext));
  Field(&att, "text", x.Text(c.text));
  Field(&att, "fallback", x.Text(c.fallback));
  Field(&att, "callback_id", x.Text(c.callback_id));
  AppendFields(&att, c, x);
  AppendActions(&att, c, x);
  OptionalField(&att, "image_url", x.Text(c.image_url));
  OptionalField(&att, "thumb_url", x.Text(c.thumb_url));
  Field(&att, "footer", x.Text(c.footer));
  OptionalField(&att, "color", x.Text(c.color));
  att += ",\"mrkdwn_in\":[";
  std::vector<std::string> mrkdwn = c.mrkdwn_in;
  if (mrkdwn.empty()) mrkdwn = {"fallback", "pretext", "text"};
  for (size_t i = 0; i < mrkdwn.size(); ++i) {
    if (i > 0) att.push_back(',');
    AppendGoJsonString(&att, mrkdwn[i]);
  }
  att += "]}";

  std::string body = "{";
  OptionalField(&body, "channel", x.Text(c.channel));
  OptionalField(&body, "username", x.Text(c.username));
  OptionalField(&body, "icon_emoji", x.Text(c.icon_emoji));
  OptionalField(&body, "icon_url", x.Text(c.icon_url));
  if (c.link_names) {
    if (body.back() != '{') body.push_back(',');
    body += "\"link_names\":true";
  }
  if (body.back() != '{') body.push_back(',');
  body += "\"attachments\":[" + att + "]}\n";
  if (!x.status().ok()) return x.status();
  return body;
}

NotifyResult SlackNotifier::Notify(const NotifyRequest& request,
                                   const std::vector<AlertPtr>& alerts) {
  NotificationData data =
      BuildNotificationData(request.receiver, request.group_labels, alerts,
                            external_url_, clock_->Now());
  auto body = Body(data);
  if (!body.ok()) return NotifyResult::Fail(body.status());
  std::string url = config_.api_url ? config_.api_url->text : "";
  if (!config_.api_url_file.empty()) {
    std::ifstream in(config_.api_url_file);
    if (!in) {
      return NotifyResult::Fail(Status::IOError("open " + config_.api_url_file +
                                                ": no such file or directory"));
    }
    std::stringstream ss;
    ss << in.rdbuf();
    url = ss.str();
    while (!url.empty() &&
           std::isspace(static_cast<unsigned char>(url.back()))) {
      url.pop_back();
    }
  }
  HttpRequest req;
  req.url = url;
  req.headers = {{"Content-Type", "application/json"}};
  req.body = std::move(body).value();
  static const HttpConfig kDefault;
  const HttpConfig& http =
      config_.http_config ? *config_.http_config : kDefault;
  auto res = SendHttp(req, http, request.deadline - clock_->Now());
  // The URL holds the webhook's secret: never in messages.
  if (!res.ok()) {
    return NotifyResult::Retry(Status::Unavailable("failed to post to Slack"));
  }
  return CheckHttpStatus(res->status, "<redacted>", res->body);
}

}  // namespace tocsin::notifiers
