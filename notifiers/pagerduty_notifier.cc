#include "notifiers/pagerduty_notifier.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "notifiers/http_client.h"
#include "notifiers/webhook_notifier.h"
#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

constexpr size_t kMaxEventSize = 512000;
constexpr size_t kMaxTextRunes = 1024;
constexpr const char* kTruncatedDetails =
    "Custom details have been removed because the original event exceeds "
    "the maximum size of 512kB";

using Details = std::map<std::string, std::string>;  // sorted as Go's maps

void Key(std::string* out, const char* key) {
  if (out->back() != '{') out->push_back(',');
  *out += '"';
  *out += key;
  *out += "\":";
}
void Str(std::string* out, const char* key, const std::string& v,
         bool omit_empty) {
  if (omit_empty && v.empty()) return;
  Key(out, key);
  AppendGoJsonString(out, v);
}
void Map(std::string* out, const char* key, const Details& d) {
  if (d.empty()) return;
  Key(out, key);
  out->push_back('{');
  for (const auto& [k, v] : d) Str(out, k.c_str(), v, false);
  out->push_back('}');
}

std::string ReadKey(const Secret& key, const std::string& file, Status* error) {
  if (!key.empty()) return key.Reveal();
  std::ifstream in(file);
  if (!in) {
    *error = Status::IOError("failed to read key from file: open " + file +
                             ": no such file or directory");
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.pop_back();
  }
  return s;
}

struct Message {
  std::string routing_key, service_key, dedup_key, incident_key, event_type,
      description, event_action, client, client_url;
  bool has_payload = false;
  std::string summary, source, severity, class_, component, group;
  Details custom_details, details;
  std::vector<PagerdutyImage> images;
  std::vector<PagerdutyLink> links;

  std::string Encode() const {
    std::string o = "{";
    Str(&o, "routing_key", routing_key, true);
    Str(&o, "service_key", service_key, true);
    Str(&o, "dedup_key", dedup_key, true);
    Str(&o, "incident_key", incident_key, true);
    Str(&o, "event_type", event_type, true);
    Str(&o, "description", description, true);
    Str(&o, "event_action", event_action, false);
    Key(&o, "payload");
    if (has_payload) {
      o += '{';
      Str(&o, "summary", summary, false);
      Str(&o, "source", source, false);
      Str(&o, "severity", severity, false);
      Str(&o, "class", class_, true);
      Str(&o, "component", component, true);
      Str(&o, "group", group, true);
      Map(&o, "custom_details", custom_details);
      o += '}';
    } else {
      o += "null";
    }
    Str(&o, "client", client, true);
    Str(&o, "client_url", client_url, true);
    Map(&o, "details", details);
    if (!images.empty()) {
      Key(&o, "images");
      o += '[';
      for (size_t i = 0; i < images.size(); ++i) {
        if (i > 0) o += ',';
        o += '{';
        Str(&o, "src", images[i].src, false);
        Str(&o, "alt", images[i].alt, false);
        Str(&o, "href", images[i].href, false);
        o += '}';
      }
      o += ']';
    }
    if (!links.empty()) {
      Key(&o, "links");
      o += '[';
      for (size_t i = 0; i < links.size(); ++i) {
        if (i > 0) o += ',';
        o += '{';
        Str(&o, "href", links[i].href, false);
        Str(&o, "text", links[i].text, false);
        o += '}';
      }
      o += ']';
    }
    return o + "}\n";
  }
};

}  // namespace

std::string Sha256Hex(std::string_view s) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : md) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

PagerdutyNotifier::PagerdutyNotifier(PagerdutyConfig config,
                                     std::shared_ptr<const NotifierTemplate> t,
                                     std::string external_url,
                                     const Clock* clock, std::string v1_url)
    : config_(std::move(config)),
      tmpl_(std::move(t)),
      external_url_(std::move(external_url)),
      clock_(clock),
      v1_url_(std::move(v1_url)) {}

Result<std::string> PagerdutyNotifier::Body(
    const NotificationData& data, const std::string& group_key) const {
  const PagerdutyConfig& c = config_;
  bool resolved = data.status == "resolved";
  Expander x(*tmpl_, data);
  Details details;
  for (const auto& [k, v] : c.details) {
    Expander one(*tmpl_, data);
    std::string d = one.Text(v);
    if (!one.status().ok()) {
      return Status::Execution(promql::GoQuote(k) + ": failed to template " +
                               promql::GoQuote(v) + ": " +
                               one.status().message());
    }
    details[k] = d;
  }
  Message m;
  bool truncated = false;
  Status key_error;
  if (v1()) {
    m.service_key =
        x.Text(ReadKey(c.service_key, c.service_key_file, &key_error));
    m.event_type = resolved ? "resolve" : "trigger";
    m.incident_key = Sha256Hex(group_key);
    m.description =
        TruncateInRunes(x.Text(c.description), kMaxTextRunes, &truncated);
    m.details = details;
    if (!resolved) {
      m.client = x.Text(c.client);
      m.client_url = x.Text(c.client_url);
    }
  } else {
    m.client = x.Text(c.client);
    m.client_url = x.Text(c.client_url);
    m.routing_key =
        x.Text(ReadKey(c.routing_key, c.routing_key_file, &key_error));
    m.event_action = resolved ? "resolve" : "trigger";
    m.dedup_key = Sha256Hex(group_key);
    m.has_payload = true;
    m.summary =
        TruncateInRunes(x.Text(c.description), kMaxTextRunes, &truncated);
    m.source = x.Text(c.source);
    m.severity = x.Text(c.severity.empty() ? "error" : c.severity);
    m.custom_details = details;
    m.class_ = x.Text(c.class_);
    m.component = x.Text(c.component);
    m.group = x.Text(c.group);
    for (const PagerdutyImage& i : c.images) {
      PagerdutyImage img{x.Text(i.src), x.Text(i.alt), x.Text(i.href)};
      if (!img.src.empty()) m.images.push_back(std::move(img));
    }
    for (const PagerdutyLink& l : c.links) {
      PagerdutyLink link{x.Text(l.href), x.Text(l.text)};
      if (!link.href.empty()) m.links.push_back(std::move(link));
    }
  }
  if (!key_error.ok()) return key_error;
  if (!x.status().ok()) {
    return Status::Execution(std::string("failed to template PagerDuty ") +
                             (v1() ? "v1 " : "v2 ") +
                             "message: " + x.status().message());
  }
  if (v1() && m.service_key.empty()) {
    return Status::InvalidArgument("service key cannot be empty");
  }
  if (!v1() && m.routing_key.empty()) {
    return Status::InvalidArgument("routing key cannot be empty");
  }
  std::string body = m.Encode();
  if (body.size() > kMaxEventSize) {
    (v1() ? m.details : m.custom_details) = {{"error", kTruncatedDetails}};
    body = m.Encode();
  }
  return body;
}

NotifyResult PagerdutyNotifier::Notify(const NotifyRequest& request,
                                       const std::vector<AlertPtr>& alerts) {
  NotificationData data =
      BuildNotificationData(request.receiver, request.group_labels, alerts,
                            external_url_, clock_->Now());
  auto body = Body(data, request.group_key);
  if (!body.ok()) return NotifyResult::Fail(body.status());
  HttpRequest req;
  // Alertmanager 0.25 posts v1 events to PagerDuty's fixed endpoint even
  // when the receiver names a url; tocsin honours the receiver's url.
  req.url = v1() && !config_.url_in_receiver ? v1_url_ : config_.url.text;
  req.headers = {{"Content-Type", "application/json"}};
  req.body = std::move(body).value();
  static const HttpConfig kDefault;
  const HttpConfig& http =
      config_.http_config ? *config_.http_config : kDefault;
  auto res = SendHttp(req, http, request.deadline - clock_->Now());
  if (!res.ok()) {
    return NotifyResult::Retry(Status::Unavailable(
        "failed to post message to PagerDuty: " + res.status().message()));
  }
  NotifyResult r = CheckHttpStatus(res->status, req.url, res->body);
  if (!r.status.ok() && res->status == (v1() ? 403 : 429)) r.retry = true;
  return r;
}

}  // namespace tocsin::notifiers
