// The JSON of Alertmanager's API v2 as `tocsin router` speaks it: decoding
// of posted alerts and silences with the errors Alertmanager 0.25 answers
// (its go-swagger layer: 400 {"code":400,"message":"parsing alerts body
// from \"\" failed, because ..."} for bodies that are not the right JSON,
// 422 {"code":602,"message":"0.labels in body is required"} for missing
// fields), and encoding of alerts, silences and groups with Alertmanager's
// field order, millisecond timestamps, HTML-escaped strings and the
// trailing newline of Go's json.Encoder.
//
// Pure functions; thread-safe.

#ifndef TOCSIN_ENGINE_AM_API_JSON_H_
#define TOCSIN_ENGINE_AM_API_JSON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/http_request.h"
#include "notifiers/alert.h"
#include "notifiers/marker.h"
#include "notifiers/silences.h"

namespace tocsin::engine {

// Decodes a POST /api/v2/alerts body into `out`. On error returns the
// response to send (nothing of the body is to be stored then). Bodies of
// the common shape take the single-pass decoder
// (postable_alerts_decoder.h); all others the general one below.
std::optional<HttpResponse> DecodePostableAlerts(
    std::string_view body, std::vector<notifiers::Alert>* out);
// The general decoder: parses the body into a JSON document first, and
// answers every malformed body with Alertmanager's error. Exposed so that
// tests can hold the single-pass decoder against it.
std::optional<HttpResponse> DecodePostableAlertsDocument(
    std::string_view body, std::vector<notifiers::Alert>* out);

// Decodes a POST /api/v2/silences body. The silence's matchers keep the
// posted order; its times are as posted.
std::optional<HttpResponse> DecodePostableSilence(std::string_view body,
                                                  notifiers::Silence* out);

// A response whose body is a JSON string (Alertmanager's error payloads).
HttpResponse JsonStringResponse(int status, std::string_view text);
// go-swagger's error body: {"code":code,"message":message}.
HttpResponse SwaggerError(int status, int code, std::string_view message);
// A 200 response with a JSON body (a newline is appended).
HttpResponse JsonResponse(std::string body);

// strfmt.DateTime's JSON form: "2006-01-02T15:04:05.000Z" in UTC.
std::string FormatApiTime(notifiers::Time t);

// One GettableAlert object.
void AppendGettableAlert(std::string* out, const notifiers::Alert& alert,
                         const notifiers::AlertStatus& status,
                         const std::vector<std::string>& receivers);
// One GettableSilence object, its state judged at `now`.
void AppendGettableSilence(std::string* out, const notifiers::Silence& s,
                           notifiers::Time now);
// A label set as a JSON object, keys sorted.
void AppendLabelSet(std::string* out, const promql::Labels& labels);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_AM_API_JSON_H_
