#include "datasource/tls_context.h"

namespace tocsin::datasource {

namespace ssl = boost::asio::ssl;

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const TlsConfig& config) {
  if (config.cert_file.empty() != config.key_file.empty()) {
    return Status::InvalidArgument(
        config.cert_file.empty()
            ? "client key file \"" + config.key_file +
                  "\" specified without client cert file"
            : "client cert file \"" + config.cert_file +
                  "\" specified without client key file");
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1,
                   ec);
  if (!config.ca_file.empty()) {
    ctx->load_verify_file(config.ca_file, ec);
    if (ec) {
      return Status::InvalidArgument("unable to use specified CA cert " +
                                     config.ca_file + ": " + ec.message());
    }
  } else {
    ctx->set_default_verify_paths(ec);
  }
  if (!config.cert_file.empty()) {
    ctx->use_certificate_chain_file(config.cert_file, ec);
    if (ec) {
      return Status::InvalidArgument("unable to use specified client cert " +
                                     config.cert_file + ": " + ec.message());
    }
    ctx->use_private_key_file(config.key_file, ssl::context::pem, ec);
    if (ec) {
      return Status::InvalidArgument("unable to use specified client key " +
                                     config.key_file + ": " + ec.message());
    }
  }
  return ctx;
}

}  // namespace tocsin::datasource
