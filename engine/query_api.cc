#include "engine/query_api.h"

#include <string>
#include <utility>
#include <vector>

#include "engine/api_json.h"
#include "promql/go_format.h"
#include "promql/parser/parser.h"

namespace tocsin::engine {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr int64_t kMaxPointsPerSeries = 11000;

HttpResponse ApiError(int status, std::string_view type,
                      std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::string(kJson);
  r.body = EncodeErrorResponse(type, message);
  return r;
}

// invalidParamError: `invalid parameter "name": message`.
HttpResponse BadParam(std::string_view name, std::string_view message) {
  std::string text = "invalid parameter " + promql::GoQuote(name) + ": ";
  text.append(message);
  return ApiBadData(text);
}

// parseTimeParam: an absent or empty parameter gives `fallback`; a bad one
// is reported as `Invalid time value for 'name': ...`.
Result<ApiTime> TimeParam(const HttpRequest& request, std::string_view name,
                          ApiTime fallback) {
  std::string_view value = request.params.Get(name);
  if (value.empty()) return fallback;
  auto t = ParseApiTime(value);
  if (!t.ok()) {
    return Status::InvalidArgument("Invalid time value for '" +
                                   std::string(name) +
                                   "': " + t.status().message());
  }
  return t;
}

// The optional `timeout` parameter, in whole milliseconds (never negative).
Result<std::optional<std::chrono::milliseconds>> TimeoutParam(
    const HttpRequest& request) {
  std::string_view value = request.params.Get("timeout");
  if (value.empty()) return std::optional<std::chrono::milliseconds>();
  auto ns = ParseApiDuration(value);
  if (!ns.ok()) return ns.status();
  int64_t ms = *ns > 0 ? *ns / 1'000'000 : 0;
  return std::optional<std::chrono::milliseconds>(ms);
}

// parseMatchersParam.
Result<std::vector<MatcherSet>> MatchersParam(const HttpRequest& request) {
  std::vector<MatcherSet> sets;
  for (std::string_view selector : request.params.GetAll("match[]")) {
    auto matchers = promql::ParseMetricSelector(selector);
    if (!matchers.ok()) return matchers.status();
    sets.push_back(std::move(*matchers));
  }
  for (const MatcherSet& set : sets) {
    bool non_empty = false;
    for (const promql::Matcher& m : set) {
      if (!m.MatchesEmpty()) non_empty = true;
    }
    if (!non_empty) {
      return Status::InvalidArgument(
          "match[] must contain at least one non-empty matcher");
    }
  }
  return sets;
}

// The CORS headers Prometheus sets when a request carries an Origin (its
// default origin pattern allows any origin, which it answers with "*").
void AddCorsHeaders(const HttpRequest& request, HttpResponse* response) {
  if (request.Header("Origin").empty()) return;
  response->headers.emplace_back("Access-Control-Allow-Headers",
                                 "Accept, Authorization, Content-Type, Origin");
  response->headers.emplace_back("Access-Control-Allow-Methods",
                                 "GET, POST, OPTIONS");
  response->headers.emplace_back("Access-Control-Expose-Headers", "Date");
  response->headers.emplace_back("Vary", "Origin");
  response->headers.emplace_back("Access-Control-Allow-Origin", "*");
}

}  // namespace

HttpResponse ApiBadData(std::string_view message) {
  return ApiError(400, "bad_data", message);
}

HttpResponse ApiSuccess(std::string body) {
  HttpResponse r;
  r.content_type = std::string(kJson);
  r.body = std::move(body);
  return r;
}

HttpResponse ApiErrorFromStatus(const Status& status) {
  switch (status.code()) {
    case Status::Code::kTimeout:
      return ApiError(503, "timeout", status.message());
    case Status::Code::kCanceled:
      return ApiError(503, "canceled", status.message());
    case Status::Code::kIOError:
    case Status::Code::kUnavailable:
      return ApiError(500, "internal", status.message());
    default:
      return ApiError(422, "execution", status.message());
  }
}

QueryApi::QueryApi(QueryBackend* backend, std::function<ApiTime()> now)
    : backend_(backend), now_(std::move(now)) {}

HttpResponse QueryApi::Query(const HttpRequest& request) const {
  auto ts = TimeParam(request, "time", now_());
  if (!ts.ok()) return BadParam("time", ts.status().message());
  auto timeout = TimeoutParam(request);
  if (!timeout.ok()) return BadParam("timeout", timeout.status().message());
  auto result = backend_->InstantQuery(request.params.Get("query"),
                                       ts->ToMillis(), *timeout);
  if (!result.ok()) {
    if (result.status().code() == Status::Code::kInvalidArgument) {
      return BadParam("query", result.status().message());
    }
    return ApiErrorFromStatus(result.status());
  }
  return ApiSuccess(EncodeQueryResponse(*result));
}

HttpResponse QueryApi::QueryRange(const HttpRequest& request) const {
  auto start = ParseApiTime(request.params.Get("start"));
  if (!start.ok()) return BadParam("start", start.status().message());
  auto end = ParseApiTime(request.params.Get("end"));
  if (!end.ok()) return BadParam("end", end.status().message());
  if (*end < *start) {
    return BadParam("end", "end timestamp must not be before start time");
  }
  auto step = ParseApiDuration(request.params.Get("step"));
  if (!step.ok()) return BadParam("step", step.status().message());
  if (*step <= 0) {
    return BadParam("step",
                    "zero or negative query resolution step widths are not "
                    "accepted. Try a positive integer");
  }
  if (SubTimes(*end, *start) / *step > kMaxPointsPerSeries) {
    return ApiBadData(
        "exceeded maximum resolution of 11,000 points per timeseries. Try "
        "decreasing the query resolution (?step=XX)");
  }
  auto timeout = TimeoutParam(request);
  if (!timeout.ok()) return BadParam("timeout", timeout.status().message());
  auto result =
      backend_->RangeQuery(request.params.Get("query"), start->ToMillis(),
                           end->ToMillis(), *step / 1'000'000, *timeout);
  if (!result.ok()) {
    if (result.status().code() == Status::Code::kInvalidArgument) {
      return ApiBadData(result.status().message());
    }
    return ApiErrorFromStatus(result.status());
  }
  return ApiSuccess(EncodeQueryResponse(*result));
}

HttpResponse QueryApi::Series(const HttpRequest& request) const {
  if (!request.form_error.empty()) {
    return ApiBadData("error parsing form values: " + request.form_error);
  }
  if (!request.params.Has("match[]")) {
    return ApiBadData("no match[] parameter provided");
  }
  auto start = TimeParam(request, "start", ApiMinTime());
  if (!start.ok()) return BadParam("start", start.status().message());
  auto end = TimeParam(request, "end", ApiMaxTime());
  if (!end.ok()) return BadParam("end", end.status().message());
  auto sets = MatchersParam(request);
  if (!sets.ok()) return BadParam("match[]", sets.status().message());
  auto series = backend_->Series(*sets, start->ToMillis(), end->ToMillis());
  if (!series.ok()) return ApiErrorFromStatus(series.status());
  return ApiSuccess(EncodeLabelSetsResponse(*series));
}

HttpResponse QueryApi::LabelNames(const HttpRequest& request) const {
  auto start = TimeParam(request, "start", ApiMinTime());
  if (!start.ok()) return BadParam("start", start.status().message());
  auto end = TimeParam(request, "end", ApiMaxTime());
  if (!end.ok()) return BadParam("end", end.status().message());
  auto sets = MatchersParam(request);
  if (!sets.ok()) return ApiBadData(sets.status().message());
  auto names = backend_->LabelNames(*sets, start->ToMillis(), end->ToMillis());
  if (!names.ok()) return ApiErrorFromStatus(names.status());
  return ApiSuccess(EncodeStringsResponse(*names));
}

HttpResponse QueryApi::LabelValues(const HttpRequest& request) const {
  std::string_view name = request.PathParam("name");
  if (!promql::IsValidLabelName(name)) {
    return ApiBadData("invalid label name: " + promql::GoQuote(name));
  }
  auto start = TimeParam(request, "start", ApiMinTime());
  if (!start.ok()) return BadParam("start", start.status().message());
  auto end = TimeParam(request, "end", ApiMaxTime());
  if (!end.ok()) return BadParam("end", end.status().message());
  auto sets = MatchersParam(request);
  if (!sets.ok()) return ApiBadData(sets.status().message());
  auto values =
      backend_->LabelValues(name, *sets, start->ToMillis(), end->ToMillis());
  if (!values.ok()) return ApiErrorFromStatus(values.status());
  return ApiSuccess(EncodeStringsResponse(*values));
}

void QueryApi::Register(Router* router) const {
  using Method = HttpResponse (QueryApi::*)(const HttpRequest&) const;
  auto add = [&](const char* method, std::string_view path, Method handler) {
    router->Handle(method, path, [this, handler](const HttpRequest& request) {
      HttpResponse response = (this->*handler)(request);
      AddCorsHeaders(request, &response);
      return response;
    });
  };
  for (const char* method : {"GET", "POST"}) {
    add(method, "/api/v1/query", &QueryApi::Query);
    add(method, "/api/v1/query_range", &QueryApi::QueryRange);
    add(method, "/api/v1/series", &QueryApi::Series);
    add(method, "/api/v1/labels", &QueryApi::LabelNames);
  }
  add("GET", "/api/v1/label/:name/values", &QueryApi::LabelValues);
  router->Handle("OPTIONS", "/api/v1/*path", [](const HttpRequest& request) {
    HttpResponse response;
    response.status = 204;
    AddCorsHeaders(request, &response);
    return response;
  });
  router->Handle("GET", "/-/healthy", [](const HttpRequest&) {
    HttpResponse r = HttpResponse::Text(200, "Prometheus Server is Healthy.");
    r.headers.clear();
    return r;
  });
  router->Handle("GET", "/-/ready", [](const HttpRequest&) {
    HttpResponse r = HttpResponse::Text(200, "Prometheus Server is Ready.");
    r.headers.clear();
    return r;
  });
  for (const char* probe : {"/-/healthy", "/-/ready"}) {
    router->Handle("HEAD", probe,
                   [](const HttpRequest&) { return HttpResponse{}; });
  }
}

}  // namespace tocsin::engine
