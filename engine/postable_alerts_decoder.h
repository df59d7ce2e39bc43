// A single-pass decoder for the bodies Prometheus (and most other clients)
// post to POST /api/v2/alerts: a JSON array of alert objects whose fields
// are among labels and annotations (objects of strings), startsAt and
// endsAt (RFC 3339 strings) and generatorURL (a string), labels always
// present. For such a body it produces exactly the alerts the general
// decoder (DecodePostableAlerts, am_api_json.h) produces, without building
// a JSON document first.
//
// It gives up -- returns false and leaves *out untouched -- on anything
// else: another field or value type, null, a duplicate key, a lone UTF-16
// surrogate escape, invalid UTF-8, a time that does not parse, an alert
// without labels, content after the array, or a syntax error. The general
// decoder then answers the body with Alertmanager's errors.
//
// Pure function; thread-safe.

#ifndef TOCSIN_ENGINE_POSTABLE_ALERTS_DECODER_H_
#define TOCSIN_ENGINE_POSTABLE_ALERTS_DECODER_H_

#include <string_view>
#include <vector>

#include "notifiers/alert.h"

namespace tocsin::engine {

[[nodiscard]] bool DecodeCommonPostableAlerts(
    std::string_view body, std::vector<notifiers::Alert>* out);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_POSTABLE_ALERTS_DECODER_H_
