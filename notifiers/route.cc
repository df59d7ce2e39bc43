#include "notifiers/route.h"

#include <algorithm>

#include "notifiers/alert.h"
#include "promql/go_format.h"

namespace tocsin::notifiers {

std::unique_ptr<Route> Route::Build(const RouteConfig& config) {
  int next = 0;
  return BuildNode(config, nullptr, &next);
}

std::unique_ptr<Route> Route::BuildNode(const RouteConfig& config,
                                        const Route* parent, int* next) {
  std::unique_ptr<Route> r(new Route());
  r->parent_ = parent;
  r->index_ = (*next)++;
  if (parent != nullptr) r->opts_ = parent->opts_;
  RouteOpts& o = r->opts_;
  if (!config.receiver.empty()) o.receiver = config.receiver;
  if (config.group_by_set) {
    o.group_by = config.group_by;
    std::sort(o.group_by.begin(), o.group_by.end());
    o.group_by_all = false;
  } else if (config.group_by_all) {
    o.group_by_all = true;
  }
  if (config.group_wait_ms) o.group_wait_ms = *config.group_wait_ms;
  if (config.group_interval_ms) o.group_interval_ms = *config.group_interval_ms;
  if (config.repeat_interval_ms) {
    o.repeat_interval_ms = *config.repeat_interval_ms;
  }
  o.mute_time_intervals = config.mute_time_intervals;
  o.active_time_intervals = config.active_time_intervals;
  r->matchers_ = config.matchers;
  r->continue_ = config.continue_;
  r->key_ = parent != nullptr ? parent->key_ + "/" : std::string();
  r->key_ += MatchersToString(r->matchers_);
  for (const RouteConfig& child : config.routes) {
    r->routes_.push_back(BuildNode(child, r.get(), next));
  }
  return r;
}

void Route::MatchInto(const promql::Labels& labels,
                      std::vector<const Route*>* out) const {
  size_t before = out->size();
  for (const auto& child : routes_) {
    if (!MatchesAll(child->matchers_, labels)) continue;
    child->MatchInto(labels, out);
    if (!child->continue_) break;
  }
  if (out->size() == before) out->push_back(this);
}

std::vector<const Route*> Route::Match(const promql::Labels& labels) const {
  std::vector<const Route*> out;
  MatchTo(labels, &out);
  return out;
}

void Route::MatchTo(const promql::Labels& labels,
                    std::vector<const Route*>* out) const {
  if (MatchesAll(matchers_, labels)) MatchInto(labels, out);
}

void Route::Walk(const std::function<void(const Route&)>& visit) const {
  visit(*this);
  for (const auto& child : routes_) child->Walk(visit);
}

promql::Labels Route::GroupLabels(const promql::Labels& alert_labels) const {
  if (opts_.group_by_all) return alert_labels;
  std::vector<promql::LabelView> kept;
  for (promql::LabelView l : alert_labels) {
    if (std::binary_search(opts_.group_by.begin(), opts_.group_by.end(),
                           l.name)) {
      kept.push_back(l);
    }
  }
  return promql::Labels::FromSorted(kept);
}

uint64_t Route::GroupFingerprint(const promql::Labels& alert_labels) const {
  if (opts_.group_by_all) return alert_labels.Hash();
  return alert_labels.HashForLabels(opts_.group_by);
}

std::string LabelSetString(const promql::Labels& labels) {
  std::vector<std::string> parts;
  parts.reserve(labels.size());
  for (promql::LabelView l : labels) {
    parts.push_back(std::string(l.name) + "=" + promql::GoQuote(l.value));
  }
  std::sort(parts.begin(), parts.end());
  std::string out = "{";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  out += '}';
  return out;
}

std::string GroupKey(const Route& route, const promql::Labels& group_labels) {
  return route.Key() + ":" + LabelSetString(group_labels);
}

}  // namespace tocsin::notifiers
