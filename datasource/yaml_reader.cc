#include "datasource/yaml_reader.h"

#include <algorithm>

#include "promql/parser/parser.h"

namespace tocsin::datasource {

Status YamlReader::Error(const YAML::Node& n, const std::string& msg) const {
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return Status::InvalidArgument(file_ + ": " + msg);
  return Status::InvalidArgument(file_ + ":" + std::to_string(m.line + 1) +
                                 ":" + std::to_string(m.column + 1) + ": " +
                                 msg);
}

Status YamlReader::String(const YAML::Node& n, const std::string& what,
                          std::string* out) const {
  if (n.IsNull()) {
    out->clear();
    return Status::OK();
  }
  if (!n.IsScalar()) return Error(n, what + " must be a string");
  *out = n.Scalar();
  return Status::OK();
}

Status YamlReader::Bool(const YAML::Node& n, const std::string& what,
                        bool* out) const {
  const std::string& s = n.IsScalar() ? n.Scalar() : std::string();
  if (s == "true" || s == "false") {
    *out = s == "true";
    return Status::OK();
  }
  return Error(n, what + " must be true or false");
}

Status YamlReader::Int(const YAML::Node& n, const std::string& what, int min,
                       int* out) const {
  if (n.IsScalar()) {
    try {
      size_t used = 0;
      long v = std::stol(n.Scalar(), &used);
      if (used == n.Scalar().size() && v >= min && v <= 1 << 20) {
        *out = static_cast<int>(v);
        return Status::OK();
      }
    } catch (const std::exception&) {
    }
  }
  return Error(n, what + " must be an integer >= " + std::to_string(min));
}

Status YamlReader::Duration(const YAML::Node& n, const std::string& what,
                            std::chrono::milliseconds* out) const {
  if (!n.IsScalar()) return Error(n, what + " must be a duration");
  auto ms = promql::ParseDuration(n.Scalar());
  if (!ms.ok()) {
    return Error(n, "invalid " + what + " \"" + n.Scalar() +
                        "\": " + ms.status().message());
  }
  *out = std::chrono::milliseconds(*ms);
  return Status::OK();
}

Status YamlReader::Map(const YAML::Node& n, const std::string& where,
                       std::initializer_list<Entry> fields,
                       std::span<const std::string_view> other_keys) const {
  if (n.IsNull()) return Status::OK();
  if (!n.IsMap()) return Error(n, where + " must be a map");
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const Entry& e) { return key == e.name; });
    if (it == fields.end()) {
      if (std::find(other_keys.begin(), other_keys.end(), key) !=
          other_keys.end()) {
        continue;
      }
      return Error(kv.first, "field " + key + " not found in " + where);
    }
    if (Status s = it->read(kv.second); !s.ok()) return s;
  }
  return Status::OK();
}

namespace {

Status ReadTls(const YamlReader& r, const YAML::Node& n,
               const std::string& where, TlsConfig* t) {
  return r.Map(
      n, where + ".tls_config",
      {{"ca_file",
        [&](auto& v) { return r.String(v, "ca_file", &t->ca_file); }},
       {"cert_file",
        [&](auto& v) { return r.String(v, "cert_file", &t->cert_file); }},
       {"key_file",
        [&](auto& v) { return r.String(v, "key_file", &t->key_file); }},
       {"server_name",
        [&](auto& v) { return r.String(v, "server_name", &t->server_name); }},
       {"insecure_skip_verify", [&](auto& v) {
          return r.Bool(v, "insecure_skip_verify", &t->insecure_skip_verify);
        }}});
}

Status ReadAuth(const YamlReader& r, const YAML::Node& root,
                const std::string& where, DatasourceConfig* c) {
  if (const YAML::Node b = root["basic_auth"]) {
    c->has_basic_auth = true;
    BasicAuth* a = &c->basic_auth;
    Status s =
        r.Map(b, where + ".basic_auth",
              {{"username",
                [&](auto& v) { return r.String(v, "username", &a->username); }},
               {"password",
                [&](auto& v) { return r.String(v, "password", &a->password); }},
               {"password_file", [&](auto& v) {
                  return r.String(v, "password_file", &a->password_file);
                }}});
    if (!s.ok()) return s;
  }
  if (const YAML::Node z = root["authorization"]) {
    c->has_authorization = true;
    Authorization* a = &c->authorization;
    Status s = r.Map(
        z, where + ".authorization",
        {{"type", [&](auto& v) { return r.String(v, "type", &a->type); }},
         {"credentials",
          [&](auto& v) { return r.String(v, "credentials", &a->credentials); }},
         {"credentials_file", [&](auto& v) {
            return r.String(v, "credentials_file", &a->credentials_file);
          }}});
    if (!s.ok()) return s;
  }
  const YAML::Node token = root["bearer_token"];
  const YAML::Node token_file = root["bearer_token_file"];
  if (token || token_file) {
    if (c->has_authorization) {
      return r.Error(token ? token : token_file,
                     "at most one of bearer_token, bearer_token_file and "
                     "authorization must be configured");
    }
    c->has_authorization = true;
    if (token) {
      if (Status s =
              r.String(token, "bearer_token", &c->authorization.credentials);
          !s.ok()) {
        return s;
      }
    }
    if (token_file) {
      if (Status s = r.String(token_file, "bearer_token_file",
                              &c->authorization.credentials_file);
          !s.ok()) {
        return s;
      }
    }
  }
  return Status::OK();
}

Status ReadHeaders(const YamlReader& r, const YAML::Node& n,
                   const std::string& where, DatasourceConfig* c) {
  if (!n.IsMap()) return r.Error(n, where + ".headers must be a map");
  for (const auto& kv : n) {
    if (!kv.second.IsScalar()) {
      return r.Error(kv.second, "header " + kv.first.Scalar() +
                                    " must have a string value");
    }
    c->headers.emplace_back(kv.first.Scalar(), kv.second.Scalar());
  }
  return Status::OK();
}

}  // namespace

Status ReadHttpClientSettings(const YamlReader& r, const YAML::Node& node,
                              const std::string& where,
                              DatasourceConfig* config) {
  if (!node.IsMap()) return Status::OK();
  if (const YAML::Node t = node["tls_config"]) {
    if (Status s = ReadTls(r, t, where, &config->tls_config); !s.ok()) {
      return s;
    }
  }
  if (const YAML::Node h = node["headers"]) {
    if (Status s = ReadHeaders(r, h, where, config); !s.ok()) return s;
  }
  return ReadAuth(r, node, where, config);
}

}  // namespace tocsin::datasource
