// Decoding of Prometheus's common HTTP client settings (http_config,
// tls_config, basic_auth, authorization, oauth2) with their validation.

#include <algorithm>
#include <cctype>

#include "notifiers/config_receivers.h"

namespace tocsin::notifiers {
namespace {

void DecodeTlsVersion(YamlDecoder& d, const YAML::Node& node,
                      std::string* out) {
  std::string s;
  if (!d.String(node, &s)) return;
  if (s != "TLS10" && s != "TLS11" && s != "TLS12" && s != "TLS13") {
    d.Fail(node, "unknown TLS version: " + s);
    return;
  }
  *out = s;
}

void DecodeBasicAuth(YamlDecoder& d, const YAML::Node& node, BasicAuth* out) {
  d.Struct(node, "config.plain", {"username", "password", "password_file"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.String(v, &out->username);
                 break;
               case 1:
                 DecodeSecret(d, v, &out->password);
                 break;
               case 2:
                 d.String(v, &out->password_file);
                 break;
             }
           });
}

void DecodeAuthorization(YamlDecoder& d, const YAML::Node& node,
                         Authorization* out) {
  d.Struct(node, "config.Authorization",
           {"type", "credentials", "credentials_file"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.String(v, &out->type);
                 break;
               case 1:
                 DecodeSecret(d, v, &out->credentials);
                 break;
               case 2:
                 d.String(v, &out->credentials_file);
                 break;
             }
           });
}

void DecodeOAuth2(YamlDecoder& d, const YAML::Node& node, OAuth2* out) {
  d.Struct(node, "config.OAuth2",
           {"client_id", "client_secret", "client_secret_file", "scopes",
            "token_url", "endpoint_params", "proxy_url", "tls_config"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.String(v, &out->client_id);
                 break;
               case 1:
                 DecodeSecret(d, v, &out->client_secret);
                 break;
               case 2:
                 d.String(v, &out->client_secret_file);
                 break;
               case 3:
                 d.StringList(v, &out->scopes);
                 break;
               case 4:
                 d.String(v, &out->token_url);
                 break;
               case 5: {
                 std::vector<YamlStringEntry> entries;
                 if (d.StringMap(v, &entries)) {
                   for (auto& e : entries) {
                     out->endpoint_params.emplace_back(e.key, e.value);
                   }
                 }
                 break;
               }
               case 6: {
                 std::string s;
                 if (!d.String(v, &s)) break;
                 auto u = ParseAnyUrl(s);
                 if (!u.ok()) {
                   d.Fail(v, u.status().message());
                   break;
                 }
                 out->proxy_url = s;
                 break;
               }
               case 7:
                 DecodeTlsConfig(d, v, &out->tls_config);
                 break;
             }
           });
}

// commoncfg.HTTPClientConfig.Validate; folds bearer_token(_file) into
// authorization. Returns the error message, or "".
std::string ValidateHttpConfig(HttpConfig& c, const Secret& bearer_token,
                               const std::string& bearer_token_file) {
  bool bearer = !bearer_token.empty() || !bearer_token_file.empty();
  if (!bearer_token.empty() && !bearer_token_file.empty()) {
    return "at most one of bearer_token & bearer_token_file must be "
           "configured";
  }
  if ((c.basic_auth || c.oauth2) && bearer) {
    return "at most one of basic_auth, oauth2, bearer_token & "
           "bearer_token_file must be configured";
  }
  if (c.basic_auth && !c.basic_auth->password.empty() &&
      !c.basic_auth->password_file.empty()) {
    return "at most one of basic_auth password & password_file must be "
           "configured";
  }
  if (c.authorization) {
    if (bearer) {
      return "authorization is not compatible with bearer_token & "
             "bearer_token_file";
    }
    if (!c.authorization->credentials.empty() &&
        !c.authorization->credentials_file.empty()) {
      return "at most one of authorization credentials & credentials_file "
             "must be configured";
    }
    std::string& type = c.authorization->type;
    auto not_space = [](unsigned char ch) { return !std::isspace(ch); };
    type.erase(type.begin(), std::find_if(type.begin(), type.end(), not_space));
    type.erase(std::find_if(type.rbegin(), type.rend(), not_space).base(),
               type.end());
    if (type.empty()) type = "Bearer";
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    if (lower == "basic") {
      return R"(authorization type cannot be set to "basic", use "basic_auth" instead)";
    }
    if (c.basic_auth || c.oauth2) {
      return "at most one of basic_auth, oauth2 & authorization must be "
             "configured";
    }
  } else if (bearer) {
    Authorization a;
    a.type = "Bearer";
    a.credentials = bearer_token;
    a.credentials_file = bearer_token_file;
    c.authorization = std::move(a);
  }
  if (c.oauth2) {
    if (c.basic_auth) {
      return "at most one of basic_auth, oauth2 & authorization must be "
             "configured";
    }
    if (c.oauth2->client_id.empty())
      return "oauth2 client_id must be configured";
    if (c.oauth2->client_secret.empty() &&
        c.oauth2->client_secret_file.empty()) {
      return "either oauth2 client_secret or client_secret_file must be "
             "configured";
    }
    if (c.oauth2->token_url.empty())
      return "oauth2 token_url must be configured";
    if (!c.oauth2->client_secret.empty() &&
        !c.oauth2->client_secret_file.empty()) {
      return "at most one of oauth2 client_secret & client_secret_file must "
             "be configured";
    }
  }
  return "";
}

}  // namespace

void DecodeSecret(YamlDecoder& d, const YAML::Node& node, Secret* out) {
  std::string s;
  if (d.String(node, &s)) *out = Secret(std::move(s));
}

void DecodeHttpUrl(YamlDecoder& d, const YAML::Node& node, Url* out) {
  std::string s;
  if (!d.String(node, &s)) return;
  auto u = ParseHttpUrl(s);
  if (!u.ok()) {
    d.Fail(node, u.status().message());
    return;
  }
  *out = std::move(u).value();
}

void DecodeTlsConfig(YamlDecoder& d, const YAML::Node& node, TlsConfig* out) {
  d.Struct(node, "config.plain",
           {"ca_file", "cert_file", "key_file", "server_name",
            "insecure_skip_verify", "min_version", "max_version"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.String(v, &out->ca_file);
                 break;
               case 1:
                 d.String(v, &out->cert_file);
                 break;
               case 2:
                 d.String(v, &out->key_file);
                 break;
               case 3:
                 d.String(v, &out->server_name);
                 break;
               case 4:
                 d.Bool(v, &out->insecure_skip_verify);
                 break;
               case 5:
                 DecodeTlsVersion(d, v, &out->min_version);
                 break;
               case 6:
                 DecodeTlsVersion(d, v, &out->max_version);
                 break;
             }
           });
}

void DecodeHttpConfig(YamlDecoder& d, const YAML::Node& node, HttpConfig* out) {
  *out = HttpConfig();
  Secret bearer_token;
  std::string bearer_token_file;
  size_t errors = d.error_count();
  d.Struct(node, "config.plain",
           {"basic_auth", "authorization", "oauth2", "bearer_token",
            "bearer_token_file", "proxy_url", "tls_config", "follow_redirects",
            "enable_http2"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 if (!v.IsNull()) {
                   out->basic_auth.emplace();
                   DecodeBasicAuth(d, v, &*out->basic_auth);
                 }
                 break;
               case 1:
                 if (!v.IsNull()) {
                   out->authorization.emplace();
                   DecodeAuthorization(d, v, &*out->authorization);
                 }
                 break;
               case 2:
                 if (!v.IsNull()) {
                   out->oauth2.emplace();
                   DecodeOAuth2(d, v, &*out->oauth2);
                 }
                 break;
               case 3:
                 DecodeSecret(d, v, &bearer_token);
                 break;
               case 4:
                 d.String(v, &bearer_token_file);
                 break;
               case 5: {
                 std::string s;
                 if (!d.String(v, &s)) break;
                 auto u = ParseAnyUrl(s);
                 if (!u.ok()) {
                   d.Fail(v, u.status().message());
                   break;
                 }
                 out->proxy_url = s;
                 break;
               }
               case 6:
                 DecodeTlsConfig(d, v, &out->tls_config);
                 break;
               case 7:
                 d.Bool(v, &out->follow_redirects);
                 break;
               case 8:
                 d.Bool(v, &out->enable_http2);
                 break;
             }
           });
  if (d.aborted() || d.error_count() != errors) return;
  std::string err = ValidateHttpConfig(*out, bearer_token, bearer_token_file);
  if (!err.empty()) d.Fail(node, err);
}

}  // namespace tocsin::notifiers
