// Decoders for the routing parts of the Alertmanager config: route trees,
// inhibition rules and `matchers:` lists, with the checks Alertmanager's
// Route, InhibitRule and Matchers UnmarshalYAML methods make. Used by the
// config loader; not thread-safe (they share a YamlDecoder).

#ifndef TOCSIN_NOTIFIERS_CONFIG_ROUTE_H_
#define TOCSIN_NOTIFIERS_CONFIG_ROUTE_H_

#include "notifiers/config.h"
#include "notifiers/yaml_decoder.h"

namespace tocsin::notifiers {

void DecodeRoute(YamlDecoder& d, const YAML::Node& node, RouteConfig* out);
void DecodeInhibitRule(YamlDecoder& d, const YAML::Node& node,
                       InhibitRuleConfig* out);
// A `matchers:` list: every string is a matcher list of its own; the
// result is sorted in Alertmanager's matcher order.
void DecodeMatchers(YamlDecoder& d, const YAML::Node& node, Matchers* out);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_CONFIG_ROUTE_H_
