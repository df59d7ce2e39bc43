// The routing tree (Alertmanager's dispatch.Route): each node's matchers,
// `continue`, and its options inherited from the parent (receiver,
// group_by / `...`, group_wait 30s, group_interval 5m, repeat_interval 4h
// by default); mute and active time intervals are not inherited, as in
// Alertmanager 0.25.
//
// Match() walks the tree depth-first, left to right: a node matches when
// its matchers do; its matching children are collected in order, stopping
// after the first one without `continue`; a node none of whose children
// match is itself the result. Key() is Alertmanager's route key
// ("{}/{severity=\"critical\"}"), which is not unique between siblings
// with equal matchers.
//
// A Route tree is immutable after Build() and safe to share between
// threads.

#ifndef TOCSIN_NOTIFIERS_ROUTE_H_
#define TOCSIN_NOTIFIERS_ROUTE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "notifiers/config.h"
#include "notifiers/matcher.h"
#include "promql/labels.h"

namespace tocsin::notifiers {

struct RouteOpts {
  std::string receiver;
  std::vector<std::string> group_by;  // sorted, unique
  bool group_by_all = false;
  int64_t group_wait_ms = 30 * 1000;
  int64_t group_interval_ms = 5 * 60 * 1000;
  int64_t repeat_interval_ms = 4 * 60 * 60 * 1000;
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
};

class Route {
 public:
  // Builds the tree below `config` (the root route of a loaded config).
  static std::unique_ptr<Route> Build(const RouteConfig& config);

  const RouteOpts& opts() const { return opts_; }
  const Matchers& matchers() const { return matchers_; }
  bool continue_matching() const { return continue_; }
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  const Route* parent() const { return parent_; }
  // Depth-first position in the tree, 0 for the root; unique per tree.
  int index() const { return index_; }
  const std::string& Key() const { return key_; }

  // The routes an alert with `labels` is sent to, in tree order.
  std::vector<const Route*> Match(const promql::Labels& labels) const;
  // The same, appended to *out.
  void MatchTo(const promql::Labels& labels,
               std::vector<const Route*>* out) const;
  // Visits this node and its descendants depth-first.
  void Walk(const std::function<void(const Route&)>& visit) const;

  // The group labels of an alert on this route: its labels named in
  // group_by, or all of them with `...`.
  promql::Labels GroupLabels(const promql::Labels& alert_labels) const;
  // GroupLabels(alert_labels).Hash(), without building them: the key of
  // the route's aggregation group for the alert.
  uint64_t GroupFingerprint(const promql::Labels& alert_labels) const;

 private:
  Route() = default;
  static std::unique_ptr<Route> BuildNode(const RouteConfig& config,
                                          const Route* parent, int* next);
  void MatchInto(const promql::Labels& labels,
                 std::vector<const Route*>* out) const;

  const Route* parent_ = nullptr;
  RouteOpts opts_;
  Matchers matchers_;
  bool continue_ = false;
  std::vector<std::unique_ptr<Route>> routes_;
  int index_ = 0;
  std::string key_;
};

// model.LabelSet.String(): {a="1", b="2"} with Go-quoted values, the pairs
// sorted as formatted strings (as Alertmanager prints group labels).
std::string LabelSetString(const promql::Labels& labels);

// The aggregation group key: route key + ":" + group labels, e.g.
// {}/{severity="critical"}:{alertname="X"}.
std::string GroupKey(const Route& route, const promql::Labels& group_labels);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_ROUTE_H_
