// Request authentication for the datasource: the Authorization header that
// basic_auth or authorization (config.h) asks for.
//
// Secrets given as files are read on every call, so that a rotated token
// takes effect without a restart; trailing newlines and spaces are
// trimmed, as Prometheus does. Pure functions apart from reading those
// files; thread-safe.

#ifndef TOCSIN_DATASOURCE_AUTH_H_
#define TOCSIN_DATASOURCE_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

// Checks the auth settings as Prometheus's config validation does: at most
// one of basic_auth and authorization, at most one of a secret and its
// file, no authorization type "Basic". Fails with kInvalidArgument.
Status ValidateAuth(const DatasourceConfig& config);

// The value of the Authorization header ("Basic dXNlcjpwYXNz",
// "Bearer token"), or nullopt when none is configured. Fails with
// kInvalidArgument when a secret file cannot be read ("unable to read
// password file /x: No such file or directory").
Result<std::optional<std::string>> AuthorizationHeader(
    const DatasourceConfig& config);

// Standard base64 with padding.
std::string Base64Encode(std::string_view data);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_AUTH_H_
