// RulesApi: Prometheus 2.42's /api/v1/rules and /api/v1/alerts over the
// daemon's rule groups, byte for byte in Prometheus's shapes:
//
//   /api/v1/rules[?type=alert|record]
//     {"status":"success","data":{"groups":[{"name":..,"file":..,
//      "rules":[{"state":"firing","name":..,"query":..,"duration":300,
//      "keepFiringFor":0,"labels":{..},"annotations":{..},"alerts":[..],
//      "health":"ok","evaluationTime":0.000123,"lastEvaluation":"..",
//      "type":"alerting"}, {"name":..,"query":..,"labels":{..},
//      "health":"ok","evaluationTime":..,"lastEvaluation":..,
//      "type":"recording"}],"interval":30,"limit":0,
//      "evaluationTime":..,"lastEvaluation":".."}]}}
//   /api/v1/alerts
//     {"status":"success","data":{"alerts":[{"labels":{..},
//      "annotations":{..},"state":"pending","activeAt":"..",
//      "value":"1e+00"}]}}
//
// Alerts are the pending and firing ones (not the resolved ones kept for
// re-sending); `lastError` appears only for rules that failed; times are
// RFC 3339 with nanoseconds trimmed, as Go marshals time.Time.
//
// Thread-safety: handlers may run on many threads; they read each group
// under its lock.

#ifndef TOCSIN_ENGINE_RULES_API_H_
#define TOCSIN_ENGINE_RULES_API_H_

#include "engine/http_request.h"
#include "engine/http_router.h"
#include "engine/rule_manager.h"

namespace tocsin::engine {

class RulesApi {
 public:
  // `manager` must outlive the API.
  explicit RulesApi(const RuleManager* manager) : manager_(manager) {}

  void Register(Router* router) const;

  HttpResponse Rules(const HttpRequest& request) const;
  HttpResponse Alerts(const HttpRequest& request) const;

 private:
  const RuleManager* manager_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_RULES_API_H_
