#include "engine/am_api.h"

#include "engine/self_metrics.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "engine/am_api_json.h"
#include "engine/am_config_view.h"
#include "engine/version.h"
#include "notifiers/matcher.h"
#include "notifiers/notification_data.h"
#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

using notifiers::AlertPtr;
using notifiers::Matcher;
using notifiers::MatchType;

// The filter parameters of GET /api/v2/alerts and /alerts/groups.
struct AlertFilter {
  std::vector<Matcher> matchers;
  std::unique_ptr<RE2> receiver;
  bool active = true, silenced = true, inhibited = true;
};

// swag.ConvertBool.
std::optional<bool> ParseBool(std::string_view v) {
  for (const char* t : {"true", "1", "yes", "ok", "y", "on", "selected",
                        "checked", "t", "enabled"}) {
    if (v == t) return true;
  }
  for (const char* f : {"false", "0", "no", "n", "off", "f", "disabled"}) {
    if (v == f) return false;
  }
  return std::nullopt;
}

std::optional<HttpResponse> ParseAlertFilter(const HttpRequest& req,
                                             AlertFilter* out) {
  for (const char* name : {"active", "silenced", "inhibited", "unprocessed"}) {
    if (!req.params.Has(name)) continue;
    std::string_view v = req.params.Get(name);
    auto b = ParseBool(v);
    if (!b) {
      return SwaggerError(
          422, 601,
          std::string(name) +
              " in query must be of type bool: " + promql::GoQuote(v));
    }
    if (std::string_view(name) == "active") out->active = *b;
    if (std::string_view(name) == "silenced") out->silenced = *b;
    if (std::string_view(name) == "inhibited") out->inhibited = *b;
  }
  for (std::string_view f : req.params.GetAll("filter")) {
    auto m = notifiers::ParseMatcher(f);
    if (!m.ok()) return JsonStringResponse(400, m.status().message());
    out->matchers.push_back(std::move(m).value());
  }
  if (req.params.Has("receiver")) {
    std::string expr = "^(?:" + std::string(req.params.Get("receiver")) + ")$";
    Status s = notifiers::CheckGoRegexp(expr);
    if (!s.ok()) {
      return JsonStringResponse(
          400, "failed to parse receiver param: " + s.message());
    }
    out->receiver = std::make_unique<RE2>(expr);
  }
  return std::nullopt;
}

// matchFilterLabels: a matcher for the empty value accepts a missing
// label (=, =~) or any present one (!=, !~).
bool MatchesFilterLabels(const std::vector<Matcher>& matchers,
                         const promql::Labels& labels) {
  for (const Matcher& m : matchers) {
    bool present = labels.Has(m.name());
    bool negative = m.type() == MatchType::kNotEqual ||
                    m.type() == MatchType::kRegexNoMatch;
    if (m.value().empty() && (negative ? present : !present)) continue;
    if (!m.Matches(labels.Get(m.name()))) return false;
  }
  return true;
}

}  // namespace

AlertmanagerApi::AlertmanagerApi(notifiers::Router* router,
                                 std::function<Status()> reload)
    : router_(router),
      reload_(std::move(reload)),
      started_(router->scheduler().Now()) {}

void AlertmanagerApi::Register(engine::Router* http) {
  auto bind = [this](HttpResponse (AlertmanagerApi::*fn)(const HttpRequest&)) {
    return [this, fn](const HttpRequest& r) { return (this->*fn)(r); };
  };
  http->Handle("POST", "/api/v2/alerts", bind(&AlertmanagerApi::PostAlerts));
  http->Handle("GET", "/api/v2/alerts", bind(&AlertmanagerApi::GetAlerts));
  http->Handle("GET", "/api/v2/alerts/groups",
               bind(&AlertmanagerApi::GetGroups));
  http->Handle("GET", "/api/v2/receivers",
               bind(&AlertmanagerApi::GetReceivers));
  http->Handle("GET", "/api/v2/status", bind(&AlertmanagerApi::GetStatus));
  http->Handle("GET", "/api/v2/silences", bind(&AlertmanagerApi::GetSilences));
  http->Handle("POST", "/api/v2/silences", bind(&AlertmanagerApi::PostSilence));
  http->Handle("GET", "/api/v2/silence/:id",
               bind(&AlertmanagerApi::GetSilence));
  http->Handle("DELETE", "/api/v2/silence/:id",
               bind(&AlertmanagerApi::DeleteSilence));
  http->Handle("POST", "/-/reload", bind(&AlertmanagerApi::Reload));
  http->Handle("GET", "/metrics", bind(&AlertmanagerApi::Metrics));
  for (const char* method : {"GET", "HEAD"}) {
    for (const char* path : {"/-/healthy", "/-/ready"}) {
      http->Handle(method, path, [](const HttpRequest&) {
        HttpResponse r;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "OK";
        return r;
      });
    }
  }
}

HttpResponse AlertmanagerApi::PostAlerts(const HttpRequest& req) {
  std::vector<notifiers::Alert> alerts;
  if (auto err = DecodePostableAlerts(req.body, &alerts)) return *err;
  Status s = router_->PostAlerts(std::move(alerts));
  if (!s.ok()) return JsonStringResponse(400, s.message());
  return HttpResponse();
}

HttpResponse AlertmanagerApi::GetAlerts(const HttpRequest& req) {
  AlertFilter filter;
  if (auto err = ParseAlertFilter(req, &filter)) return *err;
  auto dispatcher = router_->dispatcher();
  notifiers::Time now = router_->scheduler().Now();
  std::vector<AlertPtr> alerts = router_->alerts().List();
  std::sort(alerts.begin(), alerts.end(),
            [](const AlertPtr& a, const AlertPtr& b) {
              return a->fingerprint < b->fingerprint;
            });
  std::string body = "[";
  bool first = true;
  for (const AlertPtr& a : alerts) {
    std::vector<std::string> receivers;
    if (dispatcher) {
      for (const auto* r : dispatcher->root().Match(a->labels)) {
        receivers.push_back(r->opts().receiver);
      }
    }
    if (filter.receiver && std::none_of(receivers.begin(), receivers.end(),
                                        [&](const std::string& r) {
                                          return RE2::FullMatch(
                                              r, *filter.receiver);
                                        })) {
      continue;
    }
    if (!notifiers::IsZero(a->ends_at) && a->ends_at < now) continue;
    router_->UpdateStatus(a->labels);
    notifiers::AlertStatus st = router_->marker().Status(a->fingerprint);
    if (!filter.active && st.state == notifiers::AlertState::kActive) continue;
    if (!filter.silenced && !st.silenced_by.empty()) continue;
    if (!filter.inhibited && !st.inhibited_by.empty()) continue;
    if (!MatchesFilterLabels(filter.matchers, a->labels)) continue;
    if (!first) body += ',';
    first = false;
    AppendGettableAlert(&body, *a, st, receivers);
  }
  body += ']';
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::GetGroups(const HttpRequest& req) {
  AlertFilter filter;
  if (auto err = ParseAlertFilter(req, &filter)) return *err;
  auto dispatcher = router_->dispatcher();
  std::vector<notifiers::AlertGroupInfo> groups;
  if (dispatcher) groups = dispatcher->Groups();
  notifiers::Time now = router_->scheduler().Now();
  std::map<uint64_t, std::vector<std::string>> receivers;
  std::vector<notifiers::AlertGroupInfo> kept;
  for (notifiers::AlertGroupInfo& g : groups) {
    if (filter.receiver && !RE2::FullMatch(g.receiver, *filter.receiver)) {
      continue;
    }
    std::vector<AlertPtr> alerts;
    for (const AlertPtr& a : g.alerts) {
      if (!notifiers::IsZero(a->ends_at) && a->ends_at < now) continue;
      router_->UpdateStatus(a->labels);
      notifiers::AlertStatus st = router_->marker().Status(a->fingerprint);
      if (!filter.active && st.state == notifiers::AlertState::kActive)
        continue;
      if (!filter.silenced && !st.silenced_by.empty()) continue;
      if (!filter.inhibited && !st.inhibited_by.empty()) continue;
      if (!MatchesFilterLabels(filter.matchers, a->labels)) continue;
      receivers[a->fingerprint].push_back(g.receiver);
      alerts.push_back(a);
    }
    if (alerts.empty()) continue;
    g.alerts = std::move(alerts);
    kept.push_back(std::move(g));
  }
  for (auto& [fp, r] : receivers) std::sort(r.begin(), r.end());
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    if (a.labels == b.labels) return a.receiver < b.receiver;
    return notifiers::LabelSetBefore(a.labels, b.labels);
  });
  std::string body = "[";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) body += ',';
    body += "{\"alerts\":[";
    for (size_t k = 0; k < kept[i].alerts.size(); ++k) {
      const AlertPtr& a = kept[i].alerts[k];
      if (k > 0) body += ',';
      AppendGettableAlert(&body, *a, router_->marker().Status(a->fingerprint),
                          receivers[a->fingerprint]);
    }
    body += "],\"labels\":";
    AppendLabelSet(&body, kept[i].labels);
    body += ",\"receiver\":{\"name\":";
    notifiers::AppendGoJsonString(&body, kept[i].receiver);
    body += "}}";
  }
  body += ']';
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::GetReceivers(const HttpRequest&) {
  auto cfg = router_->config();
  std::string body = "[";
  if (cfg) {
    for (size_t i = 0; i < cfg->receivers.size(); ++i) {
      if (i > 0) body += ',';
      body += "{\"name\":";
      notifiers::AppendGoJsonString(&body, cfg->receivers[i].name);
      body += '}';
    }
  }
  body += ']';
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::GetStatus(const HttpRequest&) {
  auto cfg = router_->config();
  std::string body =
      "{\"cluster\":{\"peers\":[],\"status\":\"disabled\"},\"config\":{"
      "\"original\":";
  notifiers::AppendGoJsonString(&body,
                                cfg ? MaskedConfigYaml(cfg->original) : "");
  // The version is the Alertmanager release whose API tocsin speaks, so
  // that clients (amtool) see the version they expect; the revision names
  // tocsin's own.
  body += "},\"uptime\":\"" + FormatApiTime(started_) +
          "\",\"versionInfo\":{\"branch\":\"\",\"buildDate\":\"\","
          "\"buildUser\":\"\",\"goVersion\":\"\",\"revision\":";
  notifiers::AppendGoJsonString(&body, std::string("tocsin-") + Version());
  body += ",\"version\":\"0.25.0\"}}";
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::Reload(const HttpRequest&) {
  Status s = reload_ ? reload_() : Status::OK();
  if (!s.ok()) {
    return HttpResponse::Text(500, "failed to reload config: " + s.message());
  }
  return HttpResponse();
}

HttpResponse AlertmanagerApi::Metrics(const HttpRequest&) {
  MetricFamilies families;
  AddRouterMetrics(*router_, &families);
  return MetricsResponse(families);
}

}  // namespace tocsin::engine
