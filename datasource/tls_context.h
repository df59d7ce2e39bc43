// The OpenSSL context of a datasource client, built from its tls_config.
// Internal to the HTTP client (includes Boost.Asio's SSL support).

#ifndef TOCSIN_DATASOURCE_TLS_CONTEXT_H_
#define TOCSIN_DATASOURCE_TLS_CONTEXT_H_

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "datasource/config.h"
#include "promql/status.h"

namespace tocsin::datasource {

// A client context that offers TLS 1.2 and newer, trusts ca_file (or the
// system's CAs) and presents cert_file/key_file when both are set. Peer
// verification is set per connection. Fails with kInvalidArgument naming
// the file that could not be used.
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsContext(
    const TlsConfig& config);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_TLS_CONTEXT_H_
