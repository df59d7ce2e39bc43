#include "datasource/remote_write_config.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "datasource/auth.h"
#include "datasource/endpoint.h"
#include "datasource/yaml_reader.h"
#include "promql/xxhash64.h"

namespace tocsin::datasource {
namespace {

const std::string kWhere = "remote_write";

// Prometheus's fields that tocsin accepts and ignores, and those it rejects.
constexpr std::string_view kIgnoredKeys[] = {
    "metadata_config", "send_exemplars", "send_native_histograms",
    "follow_redirects", "enable_http2"};
constexpr std::string_view kUnsupportedKeys[] = {
    "write_relabel_configs", "sigv4", "oauth2", "azuread", "proxy_url"};

// Headers remote write sets itself (Prometheus's reservedHeaders).
constexpr std::string_view kReservedHeaders[] = {
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status ReadQueue(const YamlReader& r, const YAML::Node& n,
                 RemoteWriteQueueConfig* q) {
  return r.Map(
      n, kWhere + ".queue_config",
      {{"capacity",
        [&](auto& v) { return r.Int(v, "capacity", 1, &q->capacity); }},
       {"max_shards",
        [&](auto& v) { return r.Int(v, "max_shards", 1, &q->max_shards); }},
       {"min_shards",
        [&](auto& v) { return r.Int(v, "min_shards", 1, &q->min_shards); }},
       {"max_samples_per_send",
        [&](auto& v) {
          return r.Int(v, "max_samples_per_send", 1, &q->max_samples_per_send);
        }},
       {"batch_send_deadline",
        [&](auto& v) {
          return r.Duration(v, "batch_send_deadline", &q->batch_send_deadline);
        }},
       {"min_backoff",
        [&](auto& v) { return r.Duration(v, "min_backoff", &q->min_backoff); }},
       {"max_backoff",
        [&](auto& v) { return r.Duration(v, "max_backoff", &q->max_backoff); }},
       {"retry_on_http_429", [&](auto& v) {
          return r.Bool(v, "retry_on_http_429", &q->retry_on_http_429);
        }}});
}

Status CheckHeaders(const YamlReader& r, const YAML::Node& entry,
                    const DatasourceConfig& http) {
  for (const auto& [name, value] : http.headers) {
    const std::string lower = Lower(name);
    const YAML::Node where = entry["headers"];
    if (lower == "authorization") {
      return r.Error(where,
                     "authorization header must be changed via the "
                     "basic_auth or authorization parameter");
    }
    if (std::find(std::begin(kReservedHeaders), std::end(kReservedHeaders),
                  lower) != std::end(kReservedHeaders)) {
      return r.Error(where,
                     name + " is a reserved header. It must not be changed");
    }
  }
  return Status::OK();
}

Result<RemoteWriteConfig> ReadEntry(const YamlReader& r, const YAML::Node& n) {
  RemoteWriteConfig c;
  c.http.timeout = std::chrono::seconds(30);
  c.http.max_retries = 0;
  YAML::Node url_node;
  std::vector<std::string_view> skipped(std::begin(kHttpClientKeys),
                                        std::end(kHttpClientKeys));
  skipped.insert(skipped.end(), std::begin(kIgnoredKeys),
                 std::end(kIgnoredKeys));
  if (!n.IsMap()) return r.Error(n, kWhere + " entries must be maps");
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (std::find(std::begin(kUnsupportedKeys), std::end(kUnsupportedKeys),
                  key) != std::end(kUnsupportedKeys)) {
      return r.Error(kv.first, kWhere + "." + key + " is not supported");
    }
  }
  Status s = r.Map(
      n, kWhere,
      {{"url",
        [&](auto& v) {
          url_node = v;
          return r.String(v, "url", &c.http.url);
        }},
       {"name", [&](auto& v) { return r.String(v, "name", &c.name); }},
       {"remote_timeout",
        [&](auto& v) {
          return r.Duration(v, "remote_timeout", &c.http.timeout);
        }},
       {"queue_config", [&](auto& v) { return ReadQueue(r, v, &c.queue); }}},
      skipped);
  if (!s.ok()) return s;
  if (Status h = ReadHttpClientSettings(r, n, kWhere, &c.http); !h.ok()) {
    return h;
  }
  if (c.http.url.empty()) return r.Error(n, "url for remote_write is empty");
  if (auto e = ParseEndpoint(c.http.url, "remote_write"); !e.ok()) {
    return r.Error(url_node, e.status().message());
  }
  if (Status a = ValidateAuth(c.http); !a.ok()) {
    return r.Error(n, a.message());
  }
  if (Status h = CheckHeaders(r, n, c.http); !h.ok()) return h;
  if (c.http.timeout.count() <= 0) {
    return r.Error(n["remote_timeout"], "remote_timeout must be positive");
  }
  if (c.name.empty()) {
    char hex[17];
    std::snprintf(
        hex, sizeof hex, "%016llx",
        static_cast<unsigned long long>(promql::XXHash64(c.http.url)));
    c.name = std::string(hex, 6);
  }
  c.http.max_connections = c.queue.max_shards;
  return c;
}

}  // namespace

Result<std::vector<RemoteWriteConfig>> ParseRemoteWriteConfigs(
    const YAML::Node& node, std::string_view file) {
  YamlReader r(file);
  std::vector<RemoteWriteConfig> out;
  try {
    if (!node || node.IsNull()) return out;
    if (!node.IsSequence()) return r.Error(node, "remote_write must be a list");
    std::set<std::string> names;
    for (const YAML::Node& entry : node) {
      auto c = ReadEntry(r, entry);
      if (!c.ok()) return c.status();
      if (names.insert(c->name).second) {
        out.push_back(std::move(c).value());
        continue;
      }
      if (!entry["name"]) {
        return r.Error(entry,
                       "duplicate remote write configs are not allowed, "
                       "found duplicate for URL: " +
                           c->http.url);
      }
      return r.Error(entry["name"],
                     "found multiple remote write configs with job name \"" +
                         c->name + "\"");
    }
  } catch (const YAML::Exception& e) {
    return r.Error(node, e.what());
  }
  return out;
}

Result<std::vector<RemoteWriteConfig>> ParseRemoteWriteConfigsText(
    std::string_view text, std::string_view file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(
        std::string(file) + ":" + std::to_string(e.mark.line + 1) + ":" +
        std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return ParseRemoteWriteConfigs(root, file);
}

}  // namespace tocsin::datasource
