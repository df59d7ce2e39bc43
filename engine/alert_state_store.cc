#include "engine/alert_state_store.h"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "go/strconv.h"
#include "notifiers/durable_log.h"
#include "promql/xxhash64.h"
#include "rules/alerting_rule.h"

namespace tocsin::engine {
namespace {

namespace json = boost::json;

constexpr int kFormatVersion = 1;

std::string RuleKey(const std::string& name, const std::string& labels,
                    const std::string& query) {
  return name + '\xff' + labels + '\xff' + query;
}

json::object EncodeAlert(const rules::Alert& a) {
  json::object labels;
  for (promql::LabelView l : a.labels) labels[l.name] = l.value;
  json::array annotations;
  for (promql::LabelView l : a.annotations) {
    annotations.push_back(
        json::array{json::string(l.name), json::string(l.value)});
  }
  json::object o;
  o["state"] = rules::AlertStateName(a.state);
  o["labels"] = std::move(labels);
  o["annotations"] = std::move(annotations);
  // As text: NaN and infinities have no JSON number.
  o["value"] = go::FormatFloat(a.value, 'g', -1);
  o["active_at"] = a.active_at;
  o["fired_at"] = a.fired_at;
  o["resolved_at"] = a.resolved_at;
  o["last_sent_at"] = a.last_sent_at;
  o["valid_until"] = a.valid_until;
  o["keep_firing_since"] = a.keep_firing_since;
  return o;
}

Result<rules::Alert> DecodeAlert(const json::value& v) {
  const json::object& o = v.as_object();
  rules::Alert a;
  const std::string_view state = o.at("state").as_string();
  if (state == "pending") {
    a.state = rules::AlertState::kPending;
  } else if (state == "firing") {
    a.state = rules::AlertState::kFiring;
  } else if (state == "inactive") {
    a.state = rules::AlertState::kInactive;
  } else {
    return Status::InvalidArgument("unknown alert state \"" +
                                   std::string(state) + "\"");
  }
  std::vector<promql::Label> labels;
  for (const auto& kv : o.at("labels").as_object()) {
    labels.push_back(
        {std::string(kv.key()), std::string(kv.value().as_string())});
  }
  a.labels = promql::Labels::FromVector(std::move(labels));
  for (const json::value& e : o.at("annotations").as_array()) {
    const json::array& pair = e.as_array();
    a.annotations.push_back({std::string(pair.at(0).as_string()),
                             std::string(pair.at(1).as_string())});
  }
  auto value = go::ParseFloat(o.at("value").as_string());
  if (!value.ok()) return value.status();
  a.value = *value;
  a.active_at = o.at("active_at").to_number<int64_t>();
  a.fired_at = o.at("fired_at").to_number<int64_t>();
  a.resolved_at = o.at("resolved_at").to_number<int64_t>();
  a.last_sent_at = o.at("last_sent_at").to_number<int64_t>();
  a.valid_until = o.at("valid_until").to_number<int64_t>();
  a.keep_firing_since = o.at("keep_firing_since").to_number<int64_t>();
  return a;
}

}  // namespace

GroupState CaptureGroupState(const rules::Group& group, int64_t ts_ms) {
  GroupState state;
  state.file = group.file();
  state.name = group.name();
  state.evaluated_at_ms = ts_ms;
  for (const auto& rule : group.rules()) {
    if (!rule->is_alerting()) continue;
    const auto& ar = static_cast<const rules::AlertingRule&>(*rule);
    GroupState::RuleState rs;
    rs.name = rule->name();
    rs.labels = rule->labels().ToString();
    rs.query = rule->query();
    rs.alerts = ar.CurrentAlerts();
    state.rules.push_back(std::move(rs));
  }
  return state;
}

size_t RestoreGroupState(const GroupState& state, rules::Group* group) {
  std::map<std::string, std::vector<const GroupState::RuleState*>> saved;
  for (const auto& rs : state.rules) {
    saved[RuleKey(rs.name, rs.labels, rs.query)].push_back(&rs);
  }
  std::map<std::string, size_t> used;
  size_t restored = 0;
  for (const auto& rule : group->rules()) {
    if (!rule->is_alerting()) continue;
    const std::string key =
        RuleKey(rule->name(), rule->labels().ToString(), rule->query());
    auto it = saved.find(key);
    if (it == saved.end() || used[key] >= it->second.size()) continue;
    const GroupState::RuleState* rs = it->second[used[key]++];
    static_cast<rules::AlertingRule&>(*rule).RestoreAlerts(rs->alerts);
    restored += rs->alerts.size();
  }
  return restored;
}

std::string EncodeGroupState(const GroupState& state) {
  json::array rules;
  for (const auto& rs : state.rules) {
    json::array alerts;
    for (const rules::Alert& a : rs.alerts) alerts.push_back(EncodeAlert(a));
    json::object r;
    r["name"] = rs.name;
    r["labels"] = rs.labels;
    r["query"] = rs.query;
    r["alerts"] = std::move(alerts);
    rules.push_back(std::move(r));
  }
  json::object o;
  o["version"] = kFormatVersion;
  o["file"] = state.file;
  o["name"] = state.name;
  o["evaluated_at"] = state.evaluated_at_ms;
  o["rules"] = std::move(rules);
  return json::serialize(o);
}

Result<GroupState> DecodeGroupState(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("invalid state file: " + ec.message());
  try {
    const json::object& o = v.as_object();
    if (o.at("version").to_number<int>() != kFormatVersion) {
      return Status::InvalidArgument("unsupported state file version");
    }
    GroupState state;
    state.file = std::string(o.at("file").as_string());
    state.name = std::string(o.at("name").as_string());
    state.evaluated_at_ms = o.at("evaluated_at").to_number<int64_t>();
    for (const json::value& rv : o.at("rules").as_array()) {
      const json::object& r = rv.as_object();
      GroupState::RuleState rs;
      rs.name = std::string(r.at("name").as_string());
      rs.labels = std::string(r.at("labels").as_string());
      rs.query = std::string(r.at("query").as_string());
      for (const json::value& av : r.at("alerts").as_array()) {
        auto alert = DecodeAlert(av);
        if (!alert.ok()) return alert.status();
        rs.alerts.push_back(std::move(alert).value());
      }
      state.rules.push_back(std::move(rs));
    }
    return state;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("invalid state file: ") +
                                   e.what());
  }
}

std::string AlertStateStore::PathFor(const std::string& file,
                                     const std::string& name) const {
  char hex[17];
  std::snprintf(
      hex, sizeof(hex), "%016llx",
      static_cast<unsigned long long>(promql::XXHash64(file + '\xff' + name)));
  return (std::filesystem::path(dir_) / (std::string(hex) + ".json")).string();
}

Status AlertStateStore::Open() {
  if (dir_.empty()) return Status::OK();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Status::IOError("create " + dir_ + ": " + ec.message());
  return Status::OK();
}

Status AlertStateStore::Save(const GroupState& state) {
  if (dir_.empty()) return Status::OK();
  return notifiers::WriteFileAtomically(PathFor(state.file, state.name),
                                        EncodeGroupState(state));
}

Result<std::optional<GroupState>> AlertStateStore::Load(
    const std::string& file, const std::string& name) const {
  if (dir_.empty()) return std::optional<GroupState>();
  const std::string path = PathFor(file, name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::optional<GroupState>();
  std::stringstream buf;
  buf << in.rdbuf();
  auto state = DecodeGroupState(buf.str());
  if (!state.ok()) {
    return Status::InvalidArgument(path + ": " + state.status().message());
  }
  // A hash collision or a renamed group: not this group's state.
  if (state->file != file || state->name != name) {
    return std::optional<GroupState>();
  }
  return std::optional<GroupState>(std::move(state).value());
}

void AlertStateStore::RemoveAllBut(
    const std::vector<std::pair<std::string, std::string>>& keep) const {
  if (dir_.empty()) return;
  std::set<std::string> paths;
  for (const auto& [file, name] : keep) paths.insert(PathFor(file, name));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string p = entry.path().string();
    if (entry.path().extension() == ".json" && !paths.count(p)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace tocsin::engine
