// AlertmanagerApi: the Alertmanager API v2 (and the /-/ endpoints) that
// `tocsin router` serves, so that Prometheus and amtool talk to it as to
// Alertmanager 0.25:
//
//   POST /api/v2/alerts             GET /api/v2/alerts
//   GET  /api/v2/alerts/groups      GET /api/v2/receivers
//   GET  /api/v2/silences           POST /api/v2/silences
//   GET  /api/v2/silence/:id        DELETE /api/v2/silence/:id
//   GET  /api/v2/status             (config with secrets as <secret>;
//                                    version 0.25.0, the API spoken)
//   GET  /-/healthy, /-/ready       POST /-/reload
//   GET  /metrics
//
// Bodies, status codes and error payloads are Alertmanager's (see
// am_api_json.h). Handlers run on the HTTP server's worker threads; the
// notifiers::Router they call is thread-safe, and so is this class once
// registered.

#ifndef TOCSIN_ENGINE_AM_API_H_
#define TOCSIN_ENGINE_AM_API_H_

#include <functional>
#include <string>

#include "engine/http_router.h"
#include "notifiers/router.h"
#include "promql/status.h"

namespace tocsin::engine {

class AlertmanagerApi {
 public:
  // `reload` re-reads the configuration (POST /-/reload); a failure keeps
  // the running configuration and answers 500 "failed to reload config:
  // ...". `router` must outlive the API.
  AlertmanagerApi(notifiers::Router* router, std::function<Status()> reload);

  // Registers every endpoint on `http`.
  void Register(engine::Router* http);

 private:
  HttpResponse PostAlerts(const HttpRequest& req);
  HttpResponse GetAlerts(const HttpRequest& req);
  HttpResponse GetGroups(const HttpRequest& req);
  HttpResponse GetReceivers(const HttpRequest& req);
  HttpResponse GetStatus(const HttpRequest& req);
  HttpResponse GetSilences(const HttpRequest& req);
  HttpResponse PostSilence(const HttpRequest& req);
  HttpResponse GetSilence(const HttpRequest& req);
  HttpResponse DeleteSilence(const HttpRequest& req);
  HttpResponse Reload(const HttpRequest& req);
  HttpResponse Metrics(const HttpRequest& req);

  notifiers::Router* router_;
  std::function<Status()> reload_;
  notifiers::Time started_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_AM_API_H_
