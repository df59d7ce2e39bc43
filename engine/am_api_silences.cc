// The silence endpoints of AlertmanagerApi (see am_api.h).

#include <re2/re2.h>

#include <algorithm>

#include "engine/am_api.h"
#include "engine/am_api_json.h"
#include "notifiers/matcher.h"
#include "notifiers/notification_data.h"
#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

using notifiers::Silence;
using notifiers::SilenceState;

// strfmt's UUID format, which go-swagger checks path ids against.
std::optional<HttpResponse> CheckUuid(std::string_view id) {
  static const RE2 kUuid(
      "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[1-5][0-9a-f]{3}-?[89ab][0-9a-f]{3}-?"
      "[0-9a-f]{12}$");
  if (RE2::FullMatch(id, kUuid)) return std::nullopt;
  return SwaggerError(
      422, 601,
      "silenceID in path must be of type uuid: " + promql::GoQuote(id));
}

// A silence matches the filter when every filter matcher equals one of its
// matchers (name, type and value).
bool SilenceMatchesFilter(const Silence& s,
                          const std::vector<notifiers::Matcher>& filter) {
  for (const notifiers::Matcher& f : filter) {
    bool found = std::any_of(s.matchers.begin(), s.matchers.end(),
                             [&](const notifiers::SilenceMatcher& m) {
                               return m.name == f.name() &&
                                      m.type == f.type() &&
                                      m.pattern == f.value();
                             });
    if (!found) return false;
  }
  return true;
}

int StateOrder(SilenceState s) {
  switch (s) {
    case SilenceState::kActive:
      return 1;
    case SilenceState::kPending:
      return 2;
    case SilenceState::kExpired:
      return 3;
  }
  return 3;
}

// Active first (next to end first), then pending (next to start first),
// then expired (most recently ended first).
void SortSilences(std::vector<Silence>* sils, notifiers::Time now) {
  std::stable_sort(sils->begin(), sils->end(),
                   [now](const Silence& a, const Silence& b) {
                     SilenceState sa = notifiers::SilenceStateAt(a, now);
                     SilenceState sb = notifiers::SilenceStateAt(b, now);
                     if (sa != sb) return StateOrder(sa) < StateOrder(sb);
                     switch (sa) {
                       case SilenceState::kActive:
                         return a.ends_at < b.ends_at;
                       case SilenceState::kPending:
                         return a.starts_at < b.starts_at;
                       case SilenceState::kExpired:
                         return a.ends_at > b.ends_at;
                     }
                     return false;
                   });
}

}  // namespace

HttpResponse AlertmanagerApi::GetSilences(const HttpRequest& req) {
  std::vector<notifiers::Matcher> filter;
  for (std::string_view f : req.params.GetAll("filter")) {
    auto m = notifiers::ParseMatcher(f);
    if (!m.ok()) return JsonStringResponse(400, m.status().message());
    filter.push_back(std::move(m).value());
  }
  notifiers::Time now = router_->scheduler().Now();
  std::vector<Silence> all = router_->silences().Query({});
  std::vector<Silence> kept;
  for (Silence& s : all) {
    if (SilenceMatchesFilter(s, filter)) kept.push_back(std::move(s));
  }
  SortSilences(&kept, now);
  std::string body = "[";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) body += ',';
    AppendGettableSilence(&body, kept[i], now);
  }
  body += ']';
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::PostSilence(const HttpRequest& req) {
  Silence s;
  if (auto err = DecodePostableSilence(req.body, &s)) return *err;
  if (s.starts_at >= s.ends_at) {
    return JsonStringResponse(
        400, "Failed to create silence: start time must be before end time");
  }
  if (s.ends_at < router_->scheduler().Now()) {
    return JsonStringResponse(
        400, "Failed to create silence: end time can't be in the past");
  }
  auto id = router_->silences().Set(std::move(s));
  if (!id.ok()) {
    int status = id.status().code() == Status::Code::kNotFound ? 404 : 400;
    return JsonStringResponse(status, id.status().message());
  }
  std::string body = "{\"silenceID\":";
  notifiers::AppendGoJsonString(&body, *id);
  body += '}';
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::GetSilence(const HttpRequest& req) {
  std::string_view id = req.PathParam("id");
  if (auto err = CheckUuid(id)) return *err;
  auto s = router_->silences().Get(std::string(id));
  if (!s.ok()) {
    HttpResponse r;
    r.status = 404;
    return r;
  }
  std::string body;
  AppendGettableSilence(&body, *s, router_->scheduler().Now());
  return JsonResponse(std::move(body));
}

HttpResponse AlertmanagerApi::DeleteSilence(const HttpRequest& req) {
  std::string_view id = req.PathParam("id");
  if (auto err = CheckUuid(id)) return *err;
  Status s = router_->silences().Expire(std::string(id));
  if (!s.ok()) return JsonStringResponse(500, s.message());
  return HttpResponse();
}

}  // namespace tocsin::engine
