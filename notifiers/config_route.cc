// Decoding of `route:` trees and `inhibit_rules:` entries.

#include "notifiers/config_route.h"

#include <set>

#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

// match_re: config.MatchRegexps, a map whose type is named "plain". Each
// value compiles as it is decoded; names and null values are checked once
// the map is read, as MatchRegexps.UnmarshalYAML does.
void DecodeMatchRe(YamlDecoder& d, const YAML::Node& v,
                   std::vector<YamlStringEntry>* out) {
  if (v.IsNull()) return;
  if (!v.IsMap()) {
    d.TypeError(v, "config.plain");
    return;
  }
  size_t errors = d.error_count();
  std::vector<YamlStringEntry> entries;
  std::vector<bool> null_value;
  std::set<std::string> seen;
  for (auto it = v.begin(); it != v.end() && !d.aborted(); ++it) {
    YamlStringEntry e;
    if (!d.String(it->first, &e.key)) continue;
    e.key_pos = PosOf(it->first);
    e.value_pos = PosOf(it->second);
    if (!seen.insert(e.key).second) {
      d.TypeErrorAt(e.key_pos,
                    "key " + promql::GoQuote(e.key) + " already set in map");
      continue;
    }
    bool is_null = it->second.IsNull();
    if (!is_null) {
      if (!d.String(it->second, &e.value)) continue;
      Status compiled = CheckGoRegexp("^(?:" + e.value + ")$");
      if (!compiled.ok()) {
        d.Fail(e.value_pos, compiled.message());
        return;
      }
    }
    entries.push_back(std::move(e));
    null_value.push_back(is_null);
  }
  if (d.aborted() || d.error_count() != errors) return;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!ValidLabelName(entries[i].key)) {
      d.Fail(entries[i].key_pos,
             "invalid label name " + promql::GoQuote(entries[i].key));
      return;
    }
    if (null_value[i]) {
      d.Fail(entries[i].value_pos,
             "invalid regexp value for " + promql::GoQuote(entries[i].key));
      return;
    }
  }
  *out = std::move(entries);
}

// Label names of a match / source_match / target_match map.
bool CheckNames(YamlDecoder& d, const std::vector<YamlStringEntry>& entries) {
  for (const YamlStringEntry& e : entries) {
    if (!ValidLabelName(e.key)) {
      d.Fail(e.key_pos, "invalid label name " + promql::GoQuote(e.key));
      return false;
    }
  }
  return true;
}

bool AddMatchers(YamlDecoder& d, const std::vector<YamlStringEntry>& entries,
                 MatchType type, Matchers* out) {
  for (const YamlStringEntry& e : entries) {
    auto m = Matcher::Make(type, e.key, e.value);
    if (!m.ok()) {
      d.Fail(e.value_pos, m.status().message());
      return false;
    }
    out->push_back(std::move(m).value());
  }
  return true;
}

}  // namespace

void DecodeMatchers(YamlDecoder& d, const YAML::Node& node, Matchers* out) {
  std::vector<std::string> lines;
  std::vector<YamlPos> positions;
  bool ok = d.Sequence(node, "[]string", [&](const YAML::Node& e) {
    std::string s;
    if (d.String(e, &s)) {
      lines.push_back(std::move(s));
      positions.push_back(PosOf(e));
    }
  });
  if (!ok) return;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto ms = ParseMatchers(lines[i]);
    if (!ms.ok()) {
      d.Fail(positions[i], ms.status().message());
      return;
    }
    for (Matcher& m : *ms) out->push_back(std::move(m));
  }
  SortMatchers(*out);
}

void DecodeRoute(YamlDecoder& d, const YAML::Node& node, RouteConfig* r) {
  r->pos = PosOf(node);
  size_t errors = d.error_count();
  std::vector<YamlStringEntry> match, match_re;
  Matchers new_style;
  std::vector<std::string> group_by;
  YamlPos group_by_pos;
  YAML::Node group_interval_node, repeat_interval_node;
  d.Struct(node, "config.plain",
           {"receiver", "group_by", "match", "match_re", "matchers",
            "mute_time_intervals", "active_time_intervals", "continue",
            "routes", "group_wait", "group_interval", "repeat_interval"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 r->receiver_pos = PosOf(v);
                 d.String(v, &r->receiver);
                 break;
               case 1:
                 group_by_pos = PosOf(v);
                 d.StringList(v, &group_by);
                 break;
               case 2:
                 d.StringMap(v, &match);
                 break;
               case 3:
                 DecodeMatchRe(d, v, &match_re);
                 break;
               case 4:
                 DecodeMatchers(d, v, &new_style);
                 break;
               case 5:
               case 6: {
                 auto& list =
                     i == 5 ? r->mute_time_intervals : r->active_time_intervals;
                 auto& pos = i == 5 ? r->mute_pos : r->active_pos;
                 d.Sequence(v, "[]string", [&](const YAML::Node& e) {
                   std::string s;
                   if (d.String(e, &s)) {
                     list.push_back(std::move(s));
                     pos.push_back(PosOf(e));
                   }
                 });
                 break;
               }
               case 7:
                 d.Bool(v, &r->continue_);
                 break;
               case 8:
                 d.Sequence(v, "[]*config.Route", [&](const YAML::Node& e) {
                   RouteConfig child;
                   DecodeRoute(d, e, &child);
                   r->routes.push_back(std::move(child));
                 });
                 break;
               case 9:
               case 10:
               case 11: {
                 if (v.IsNull()) break;
                 int64_t ms = 0;
                 if (!d.Duration(v, &ms)) break;
                 if (i == 9) r->group_wait_ms = ms;
                 if (i == 10) {
                   r->group_interval_ms = ms;
                   group_interval_node = v;
                 }
                 if (i == 11) {
                   r->repeat_interval_ms = ms;
                   repeat_interval_node = v;
                 }
                 break;
               }
             }
           });
  if (d.aborted() || d.error_count() != errors) return;
  if (!CheckNames(d, match)) return;
  for (const std::string& l : group_by) {
    if (l == "...") {
      r->group_by_all = true;
    } else if (!ValidLabelName(l)) {
      d.Fail(group_by_pos,
             "invalid label name " + promql::GoQuote(l) + " in group_by list");
      return;
    } else {
      r->group_by.push_back(l);
    }
  }
  if (!r->group_by.empty() && r->group_by_all) {
    d.Fail(group_by_pos,
           "cannot have wildcard group_by (`...`) and other other labels at "
           "the same time");
    return;
  }
  std::set<std::string> seen;
  for (const std::string& l : r->group_by) {
    if (!seen.insert(l).second) {
      d.Fail(group_by_pos,
             "duplicated label " + promql::GoQuote(l) + " in group_by");
      return;
    }
  }
  r->group_by_set = !r->group_by.empty();
  if (r->group_interval_ms && *r->group_interval_ms == 0) {
    d.Fail(group_interval_node, "group_interval cannot be zero");
    return;
  }
  if (r->repeat_interval_ms && *r->repeat_interval_ms == 0) {
    d.Fail(repeat_interval_node, "repeat_interval cannot be zero");
    return;
  }
  r->has_matchers = !match.empty() || !match_re.empty() || !new_style.empty();
  Matchers all;
  if (!AddMatchers(d, match, MatchType::kEqual, &all) ||
      !AddMatchers(d, match_re, MatchType::kRegexMatch, &all)) {
    return;
  }
  for (Matcher& m : new_style) all.push_back(std::move(m));
  SortMatchers(all);
  r->matchers = std::move(all);
}

void DecodeInhibitRule(YamlDecoder& d, const YAML::Node& node,
                       InhibitRuleConfig* r) {
  r->pos = PosOf(node);
  size_t errors = d.error_count();
  std::vector<YamlStringEntry> source_match, source_match_re, target_match,
      target_match_re;
  Matchers source_new, target_new;
  d.Struct(node, "config.plain",
           {"source_match", "source_match_re", "source_matchers",
            "target_match", "target_match_re", "target_matchers", "equal"},
           [&](size_t i, const YAML::Node&, const YAML::Node& v) {
             switch (i) {
               case 0:
                 d.StringMap(v, &source_match);
                 break;
               case 1:
                 DecodeMatchRe(d, v, &source_match_re);
                 break;
               case 2:
                 DecodeMatchers(d, v, &source_new);
                 break;
               case 3:
                 d.StringMap(v, &target_match);
                 break;
               case 4:
                 DecodeMatchRe(d, v, &target_match_re);
                 break;
               case 5:
                 DecodeMatchers(d, v, &target_new);
                 break;
               case 6:
                 d.Sequence(v, "model.LabelNames", [&](const YAML::Node& e) {
                   std::string s;
                   if (!d.String(e, &s)) return;
                   if (!ValidLabelName(s)) {
                     d.Fail(e,
                            promql::GoQuote(s) + " is not a valid label name");
                     return;
                   }
                   r->equal.push_back(std::move(s));
                 });
                 break;
             }
           });
  if (d.aborted() || d.error_count() != errors) return;
  if (!CheckNames(d, source_match) || !CheckNames(d, target_match)) return;
  if (!AddMatchers(d, source_match, MatchType::kEqual, &r->source_matchers) ||
      !AddMatchers(d, source_match_re, MatchType::kRegexMatch,
                   &r->source_matchers) ||
      !AddMatchers(d, target_match, MatchType::kEqual, &r->target_matchers) ||
      !AddMatchers(d, target_match_re, MatchType::kRegexMatch,
                   &r->target_matchers)) {
    return;
  }
  for (Matcher& m : source_new) r->source_matchers.push_back(std::move(m));
  for (Matcher& m : target_new) r->target_matchers.push_back(std::move(m));
}

}  // namespace tocsin::notifiers
