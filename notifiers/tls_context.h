// OpenSSL client contexts configured from a tls_config (Prometheus's
// common TLSConfig), shared by the HTTP client and the SMTP client: the CA
// file (or the system's roots), the client certificate and key,
// insecure_skip_verify and the TLS versions (TLS 1.2 at least unless
// min_version says otherwise).
//
// Pure configuration of a caller-owned context; thread-safe.

#ifndef TOCSIN_NOTIFIERS_TLS_CONTEXT_H_
#define TOCSIN_NOTIFIERS_TLS_CONTEXT_H_

#include <boost/asio/ssl/context.hpp>

#include "notifiers/config_types.h"
#include "promql/status.h"

namespace tocsin::notifiers {

// Applies `tls` to `ctx`. Unreadable files are kInvalidArgument
// ("unable to use specified CA cert /x.pem").
Status ConfigureTls(boost::asio::ssl::context& ctx, const TlsConfig& tls);

// Whether ConfigureTls accepts `tls` (its files exist and parse).
Status CheckTlsConfig(const TlsConfig& tls);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_TLS_CONTEXT_H_
