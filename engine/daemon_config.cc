#include "engine/daemon_config.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "datasource/config_yaml.h"
#include "engine/api_params.h"
#include "go/filepath.h"
#include "go/strconv.h"
#include "notifiers/yaml_decoder.h"
#include "rules/rule_file.h"

namespace tocsin::engine {
namespace {

using notifiers::PosOf;
using notifiers::YamlDecoder;

// The keys of the datasource block that are tocsin's, not the HTTP
// client's.
constexpr std::array<std::string_view, 3> kTocsinKeys = {
    "series_files", "replay", "range_cache_overlap"};

// `path` against the directory of the config file, as Prometheus resolves
// rule_files and other paths.
std::string Resolve(const std::string& config_file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  std::filesystem::path dir = std::filesystem::path(config_file).parent_path();
  return (dir / path).lexically_normal().string();
}

class ConfigReader {
 public:
  ConfigReader(std::string file, DaemonConfig* out)
      : d_(file), file_(std::move(file)), out_(out) {}

  Status Read(const YAML::Node& root) {
    d_.Struct(root, "tocsin.config",
              {"global", "datasource", "rule_files", "alerting",
               "remote_write"},
              [&](size_t i, const YAML::Node&, const YAML::Node& v) {
                switch (i) {
                  case 0: Global(v); break;
                  case 1: datasource_ = v; break;
                  case 2: RuleFiles(v); break;
                  case 3: Alerting(v); break;
                  default: remote_write_ = v; break;
                }
              });
    if (!d_.ok()) return d_.ToStatus();
    if (Status s = Datasource(datasource_, root); !s.ok()) return s;
    if (remote_write_ && !remote_write_.IsNull()) {
      auto rw = datasource::ParseRemoteWriteConfigs(remote_write_, file_);
      if (!rw.ok()) return rw.status();
      out_->remote_write = std::move(rw).value();
    }
    return Status::OK();
  }

 private:
  void Global(const YAML::Node& n) {
    d_.Struct(n, "tocsin.global",
              {"evaluation_interval", "external_labels", "query_offset"},
              [&](size_t i, const YAML::Node&, const YAML::Node& v) {
                switch (i) {
                  case 0: Interval(v); break;
                  case 1: ExternalLabels(v); break;
                  case 2: d_.Duration(v, &out_->query_offset_ms); break;
                }
              });
  }

  void Interval(const YAML::Node& v) {
    int64_t ms = 0;
    if (!d_.Duration(v, &ms)) return;
    if (ms <= 0) {
      d_.Fail(v, "evaluation_interval must be greater than 0");
      return;
    }
    out_->evaluation_interval_ms = ms;
  }

  void ExternalLabels(const YAML::Node& v) {
    std::vector<notifiers::YamlStringEntry> entries;
    if (!d_.StringMap(v, &entries)) return;
    std::vector<promql::Label> labels;
    for (auto& e : entries) {
      if (!rules::IsValidLabelName(e.key)) {
        d_.Fail(e.key_pos, "\"" + e.key + "\" is not a valid label name");
        return;
      }
      if (!rules::IsValidLabelValue(e.value)) {
        d_.Fail(e.value_pos, "\"" + e.value + "\" is not a valid label value");
        return;
      }
      if (e.value.empty()) continue;  // an empty value is no label
      labels.push_back({std::move(e.key), std::move(e.value)});
    }
    out_->external_labels = promql::Labels::FromVector(std::move(labels));
  }

  void RuleFiles(const YAML::Node& v) {
    std::vector<std::string> patterns;
    if (!d_.StringList(v, &patterns)) return;
    std::set<std::string> files;
    for (const std::string& p : patterns) {
      auto matches = go::Glob(Resolve(file_, p));
      if (!matches.ok()) {
        d_.Fail(v, "invalid rule file path \"" + p + "\": " +
                       matches.status().message());
        return;
      }
      files.insert(matches->begin(), matches->end());
    }
    out_->rule_file_patterns = std::move(patterns);
    out_->rule_files.assign(files.begin(), files.end());
  }

  void Alerting(const YAML::Node& n) {
    d_.Struct(n, "tocsin.alerting", {"alertmanager_config", "alertmanagers"},
              [&](size_t i, const YAML::Node&, const YAML::Node& v) {
                if (i == 0) {
                  std::string path;
                  if (d_.String(v, &path)) {
                    out_->alertmanager_config =
                        path.empty() ? "" : Resolve(file_, path);
                  }
                  return;
                }
                d_.Sequence(v, "[]tocsin.alertmanager",
                            [&](const YAML::Node& e) { Alertmanager(e); });
              });
  }

  void Alertmanager(const YAML::Node& n) {
    if (n.IsMap() && !n["url"]) {
      d_.Fail(n, "alertmanager url must be set");
      return;
    }
    auto c = datasource::ParseDatasourceConfig(n, file_);
    if (!c.ok()) {
      d_.Fail(n, StripFile(c.status().message()));
      return;
    }
    if (c->url.empty()) {
      d_.Fail(n, "alertmanager url must be set");
      return;
    }
    // Prometheus's default: alertmanager timeout 10s.
    if (!n["timeout"]) c->timeout = std::chrono::seconds(10);
    out_->alertmanagers.push_back(std::move(c).value());
  }

  // The datasource block: the HTTP client's settings, or series files
  // with their replay settings, not both.
  Status Datasource(const YAML::Node& n, const YAML::Node& root) {
    if (!n || n.IsNull()) {
      return Error(root, "datasource must be set (url or series_files)");
    }
    if (n.IsMap() && !n["url"] && !n["series_files"]) {
      return Error(n, "datasource: url or series_files must be set");
    }
    auto c = datasource::ParseDatasourceConfig(n, file_, kTocsinKeys);
    if (!c.ok()) return c.status();
    out_->datasource = std::move(c).value();
    if (const YAML::Node files = n["series_files"]) {
      std::vector<std::string> patterns;
      if (!d_.StringList(files, &patterns)) return d_.ToStatus();
      for (const std::string& p : patterns) {
        auto matches = go::Glob(Resolve(file_, p));
        if (!matches.ok() || matches->empty()) {
          return Error(files, "series file \"" + p + "\" does not exist");
        }
        for (auto& m : *matches) out_->series_files.push_back(std::move(m));
      }
    }
    if (const YAML::Node overlap = n["range_cache_overlap"]) {
      if (!d_.Duration(overlap, &out_->range_cache_overlap_ms)) {
        return d_.ToStatus();
      }
    }
    if (const YAML::Node replay = n["replay"]) {
      if (Status s = Replay(replay); !s.ok()) return s;
    }
    const bool has_url = !out_->datasource.url.empty();
    const bool has_files = !out_->series_files.empty();
    if (has_url == has_files) {
      return Error(n, has_url ? "datasource: url and series_files are "
                                "mutually exclusive"
                              : "datasource: url or series_files must be set");
    }
    if (has_url && n["replay"]) {
      return Error(n["replay"], "datasource: replay needs series_files");
    }
    return Status::OK();
  }

  Status Replay(const YAML::Node& n) {
    std::string speed, start;
    d_.Struct(n, "tocsin.replay", {"speed", "start"},
              [&](size_t i, const YAML::Node&, const YAML::Node& v) {
                d_.String(v, i == 0 ? &speed : &start);
              });
    if (!d_.ok()) return d_.ToStatus();
    if (!speed.empty()) {
      auto v = go::ParseFloat(speed);
      if (!v.ok() || !(*v > 0) || *v > 1e6) {
        return Error(n["speed"], "replay speed must be a number in (0, 1e6]");
      }
      out_->replay.speed = *v;
    }
    if (!start.empty()) {
      auto t = ParseApiTime(start);
      if (!t.ok()) return Error(n["start"], t.status().message());
      out_->replay.start_ms = t->ToMillis();
    }
    return Status::OK();
  }

  Status Error(const YAML::Node& n, const std::string& msg) const {
    return Status::InvalidArgument(d_.At(PosOf(n), msg));
  }

  // ParseDatasourceConfig's messages start with the file name; the
  // decoder adds it again.
  std::string StripFile(const std::string& msg) const {
    if (msg.rfind(file_ + ":", 0) != 0) return msg;
    std::string rest = msg.substr(file_.size() + 1);
    // Drop "L:C: " too: the decoder places the message at the node.
    size_t colon = rest.find(": ");
    return colon == std::string::npos ? rest : rest.substr(colon + 2);
  }

  YamlDecoder d_;
  std::string file_;
  DaemonConfig* out_;
  YAML::Node datasource_;
  YAML::Node remote_write_;
};

}  // namespace

Result<DaemonConfig> ParseDaemonConfig(std::string_view text,
                                       const std::string& file) {
  auto root = notifiers::ParseYamlDocument(text, file);
  if (!root.ok()) return root.status();
  DaemonConfig config;
  config.file = file;
  try {
    ConfigReader reader(file, &config);
    if (Status s = reader.Read(*root); !s.ok()) return s;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file + ": " + e.what());
  }
  return config;
}

Result<DaemonConfig> LoadDaemonConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("open " + path + ": no such file or directory");
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseDaemonConfig(buf.str(), path);
}

bool LooksLikeDaemonConfig(std::string_view text) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) return false;
    return root["datasource"] || root["rule_files"] || root["alerting"] ||
           root["remote_write"];
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace tocsin::engine
