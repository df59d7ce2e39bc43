// QueryApi: Prometheus 2.42's HTTP query API over a QueryBackend.
//
// Endpoints (GET, and form-encoded POST where Prometheus accepts it):
//   /api/v1/query        query, time, timeout
//   /api/v1/query_range  query, start, end, step, timeout
//   /api/v1/series       match[] (required), start, end
//   /api/v1/labels       match[], start, end
//   /api/v1/label/<name>/values   (GET only) match[], start, end
// plus OPTIONS on /api/v1/* and the /-/healthy and /-/ready probes (GET and
// HEAD).
// Parameters are validated in Prometheus's order with its exact error
// texts; bad parameters and parse errors answer 400 "bad_data", evaluation
// errors 422 "execution", timeouts and cancellations 503, storage failures
// 500 "internal". Bodies are written by api_json.h.
//
// Thread-safety: the handlers are const and may run on many threads at once
// as long as the backend allows it. The QueryApi must outlive the Router it
// registers with.

#ifndef TOCSIN_ENGINE_QUERY_API_H_
#define TOCSIN_ENGINE_QUERY_API_H_

#include <functional>
#include <string_view>

#include "engine/api_params.h"
#include "engine/http_request.h"
#include "engine/http_router.h"
#include "engine/query_backend.h"
#include "promql/status.h"

namespace tocsin::engine {

class QueryApi {
 public:
  // `now` is the default evaluation time of /api/v1/query.
  explicit QueryApi(QueryBackend* backend,
                    std::function<ApiTime()> now = &ApiTime::Now);

  // Adds every endpoint above to `router`.
  void Register(Router* router) const;

  HttpResponse Query(const HttpRequest& request) const;
  HttpResponse QueryRange(const HttpRequest& request) const;
  HttpResponse Series(const HttpRequest& request) const;
  HttpResponse LabelNames(const HttpRequest& request) const;
  HttpResponse LabelValues(const HttpRequest& request) const;

 private:
  QueryBackend* backend_;
  std::function<ApiTime()> now_;
};

// The query API's error for a Status from a backend, as Prometheus's
// returnAPIError classifies engine errors: kTimeout -> 503 "timeout",
// kCanceled -> 503 "canceled", storage failures (kIOError, kUnavailable,
// kInternal) -> 500 "internal", everything else -> 422 "execution".
HttpResponse ApiErrorFromStatus(const Status& status);
// A 400 "bad_data" error with `message` as it is.
HttpResponse ApiBadData(std::string_view message);
// A 200 JSON response with `body`.
HttpResponse ApiSuccess(std::string body);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_QUERY_API_H_
