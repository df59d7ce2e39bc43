#include "notifiers/tls_context.h"

#include <openssl/ssl.h>

namespace tocsin::notifiers {

namespace ssl = boost::asio::ssl;

Status ConfigureTls(ssl::context& ctx, const TlsConfig& tls) {
  boost::system::error_code ec;
  if (tls.insecure_skip_verify) {
    ctx.set_verify_mode(ssl::verify_none);
  } else {
    ctx.set_verify_mode(ssl::verify_peer);
    if (!tls.ca_file.empty()) {
      ctx.load_verify_file(tls.ca_file, ec);
      if (ec) {
        return Status::InvalidArgument("unable to use specified CA cert " +
                                       tls.ca_file);
      }
    } else {
      ctx.set_default_verify_paths(ec);
    }
  }
  if (!tls.cert_file.empty() || !tls.key_file.empty()) {
    ctx.use_certificate_chain_file(tls.cert_file, ec);
    if (!ec) ctx.use_private_key_file(tls.key_file, ssl::context::pem, ec);
    if (ec) {
      return Status::InvalidArgument("unable to use specified client cert (" +
                                     tls.cert_file + ") & key (" +
                                     tls.key_file + "): " + ec.message());
    }
  }
  auto version = [](const std::string& v) -> int {
    if (v == "TLS10") return TLS1_VERSION;
    if (v == "TLS11") return TLS1_1_VERSION;
    if (v == "TLS13") return TLS1_3_VERSION;
    return TLS1_2_VERSION;
  };
  SSL_CTX_set_min_proto_version(
      ctx.native_handle(),
      version(tls.min_version.empty() ? "TLS12" : tls.min_version));
  if (!tls.max_version.empty()) {
    SSL_CTX_set_max_proto_version(ctx.native_handle(),
                                  version(tls.max_version));
  }
  return Status::OK();
}

Status CheckTlsConfig(const TlsConfig& tls) {
  ssl::context ctx(ssl::context::tls_client);
  return ConfigureTls(ctx, tls);
}

}  // namespace tocsin::notifiers
