#include "engine/am_api_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

#include "engine/go_json_syntax.h"
#include "engine/postable_alerts_decoder.h"
#include "notifiers/notification_data.h"
#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

namespace json = boost::json;
using notifiers::AppendGoJsonString;

constexpr const char* kAlertElementType =
    "struct { Annotations models.LabelSet "
    "\"json:\\\"annotations,omitempty\\\"\"; "
    "EndsAt strfmt.DateTime \"json:\\\"endsAt,omitempty\\\"\"; StartsAt "
    "strfmt.DateTime \"json:\\\"startsAt,omitempty\\\"\" }";
constexpr const char* kSilenceIdType =
    "struct { ID string \"json:\\\"id,omitempty\\\"\" }";

// Go's name for the JSON kind of `v` in unmarshal errors.
const char* Kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      return "object";
    case json::kind::array:
      return "array";
    case json::kind::string:
      return "string";
    case json::kind::bool_:
      return "bool";
    default:
      return "number";
  }
}

std::string Mismatch(const json::value& v, std::string_view where) {
  return "json: cannot unmarshal " + std::string(Kind(v)) + " into " +
         std::string(where);
}

// Parses the first JSON value of `body` as Go's decoder would; on a
// syntax error returns its text.
std::string ParseFirst(std::string_view body, json::value* out) {
  size_t end = 0;
  std::string err = CheckGoJsonSyntax(body, &end);
  if (!err.empty()) return err;
  json::parse_options opts;
  opts.max_depth = 10001;
  boost::system::error_code ec;
  json::storage_ptr sp;
  *out = json::parse(body.substr(0, end), ec, sp, opts);
  if (ec) return ec.message();
  return "";
}

// A strfmt.DateTime field; null leaves the zero time.
std::string DecodeTime(const json::value& v, notifiers::Time* out) {
  if (v.is_null()) return "";
  if (!v.is_string()) return Mismatch(v, "Go value of type string");
  std::string s(v.as_string());
  if (!notifiers::ParseRfc3339(s, out)) {
    return "parsing time " + promql::GoQuote(s) +
           " as \"2006-01-02 15:04:05\": cannot parse " + promql::GoQuote(s) +
           " as \"2006\"";
  }
  return "";
}

// A models.LabelSet field (map of strings); null leaves it unset.
std::string DecodeLabelSet(const json::value& v, std::string_view field,
                           std::vector<promql::Label>* out, bool* present) {
  if (v.is_null()) return "";
  std::string where = "Go struct field " + std::string(field);
  if (!v.is_object()) return Mismatch(v, where + " of type models.LabelSet");
  *present = true;
  for (const auto& kv : v.as_object()) {
    if (kv.value().is_null()) {
      out->emplace_back(std::string(kv.key()), "");
      continue;
    }
    if (!kv.value().is_string()) {
      return Mismatch(kv.value(), where + " of type string");
    }
    out->emplace_back(std::string(kv.key()),
                      std::string(kv.value().as_string()));
  }
  return "";
}

std::string DecodeAlert(const json::value& v, notifiers::Alert* a,
                        bool* has_labels) {
  if (!v.is_object())
    return Mismatch(v, "Go value of type " + std::string(kAlertElementType));
  const json::object& o = v.as_object();
  std::vector<promql::Label> labels;
  std::vector<promql::Label> annotations;
  bool annotations_present = false;
  std::string err;
  if (auto* f = o.if_contains("labels")) {
    err = DecodeLabelSet(*f, "Alert.labels", &labels, has_labels);
  }
  if (auto* f = o.if_contains("annotations"); f && err.empty()) {
    err =
        DecodeLabelSet(*f, ".annotations", &annotations, &annotations_present);
  }
  if (auto* f = o.if_contains("startsAt"); f && err.empty()) {
    err = DecodeTime(*f, &a->starts_at);
  }
  if (auto* f = o.if_contains("endsAt"); f && err.empty()) {
    err = DecodeTime(*f, &a->ends_at);
  }
  if (auto* f = o.if_contains("generatorURL"); f && err.empty()) {
    if (f->is_string()) {
      a->generator_url = std::string_view(f->as_string());
    } else if (!f->is_null()) {
      err =
          Mismatch(*f, "Go struct field Alert.generatorURL of type strfmt.URI");
    }
  }
  // Empty label values are dropped, as Alertmanager drops them.
  a->labels = promql::Labels::FromVector(std::move(labels));
  a->annotations = promql::StringPairs::FromUnsorted(std::move(annotations));
  return err;
}

// A required string or bool field of a silence: absent and null are
// "missing" (go-swagger's Required on a pointer).
std::string DecodeSilenceString(const json::object& o, const char* name,
                                const char* type, std::string* out,
                                bool* present) {
  const json::value* f = o.if_contains(name);
  if (f == nullptr || f->is_null()) return "";
  if (!f->is_string()) {
    return Mismatch(*f, std::string("Go struct field ") + type + "." + name +
                            " of type string");
  }
  *out = std::string(f->as_string());
  *present = true;
  return "";
}

std::string DecodeSilenceBool(const json::object& o, const char* name,
                              bool* out, bool* present) {
  const json::value* f = o.if_contains(name);
  if (f == nullptr || f->is_null()) return "";
  if (!f->is_bool()) {
    return Mismatch(
        *f, std::string("Go struct field Matcher.") + name + " of type bool");
  }
  *out = f->as_bool();
  *present = true;
  return "";
}

struct MatcherFields {
  bool is_regex = false, is_equal = true;
  bool has_regex = false, has_equal = false, has_name = false,
       has_value = false;
  std::string name, value;
};

std::string DecodeMatcher(const json::value& v, MatcherFields* m) {
  if (!v.is_object()) {
    return Mismatch(v,
                    "Go struct field Silence.matchers of type models.Matcher");
  }
  const json::object& o = v.as_object();
  std::string e = DecodeSilenceBool(o, "isEqual", &m->is_equal, &m->has_equal);
  if (e.empty())
    e = DecodeSilenceBool(o, "isRegex", &m->is_regex, &m->has_regex);
  if (e.empty()) {
    e = DecodeSilenceString(o, "name", "Matcher", &m->name, &m->has_name);
  }
  if (e.empty()) {
    e = DecodeSilenceString(o, "value", "Matcher", &m->value, &m->has_value);
  }
  return e;
}

notifiers::MatchType MatcherType(const MatcherFields& m) {
  using notifiers::MatchType;
  if (m.is_regex) {
    return m.is_equal ? MatchType::kRegexMatch : MatchType::kRegexNoMatch;
  }
  return m.is_equal ? MatchType::kEqual : MatchType::kNotEqual;
}

// go-swagger's validation of a decoded silence, in its field order.
std::optional<HttpResponse> ValidateSilenceFields(
    bool comment, bool created_by, bool ends, const json::value* matchers,
    const std::vector<MatcherFields>& ms, bool starts) {
  auto required = [](std::string field) {
    return SwaggerError(422, 602, field + " in body is required");
  };
  if (!comment) return required("comment");
  if (!created_by) return required("createdBy");
  if (!ends) return required("endsAt");
  if (matchers == nullptr || matchers->is_null()) return required("matchers");
  if (ms.empty()) {
    return SwaggerError(422, 612,
                        "matchers in body should have at least 1 items");
  }
  for (size_t i = 0; i < ms.size(); ++i) {
    std::string p = "matchers." + std::to_string(i) + ".";
    if (!ms[i].has_regex) return required(p + "isRegex");
    if (!ms[i].has_name) return required(p + "name");
    if (!ms[i].has_value) return required(p + "value");
  }
  if (!starts) return required("startsAt");
  return std::nullopt;
}

}  // namespace

HttpResponse JsonStringResponse(int status, std::string_view text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  AppendGoJsonString(&r.body, text);
  r.body += '\n';
  return r;
}

HttpResponse SwaggerError(int status, int code, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = "{\"code\":" + std::to_string(code) + ",\"message\":";
  AppendGoJsonString(&r.body, message);
  r.body += "}";
  return r;
}

HttpResponse JsonResponse(std::string body) {
  HttpResponse r;
  r.content_type = "application/json";
  r.body = std::move(body);
  r.body += '\n';
  return r;
}

std::optional<HttpResponse> DecodePostableAlerts(
    std::string_view body, std::vector<notifiers::Alert>* out) {
  if (DecodeCommonPostableAlerts(body, out)) return std::nullopt;
  return DecodePostableAlertsDocument(body, out);
}

std::optional<HttpResponse> DecodePostableAlertsDocument(
    std::string_view body, std::vector<notifiers::Alert>* out) {
  auto parse_error = [](const std::string& e) {
    return SwaggerError(400, 400,
                        "parsing alerts body from \"\" failed, because " + e);
  };
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return SwaggerError(422, 602, "alerts in body is required");
  }
  json::value doc;
  if (std::string e = ParseFirst(body, &doc); !e.empty()) {
    return parse_error(e);
  }
  if (doc.is_null())
    return SwaggerError(422, 602, "alerts in body is required");
  if (!doc.is_array()) {
    return parse_error(Mismatch(doc, "Go value of type models.PostableAlerts"));
  }
  const json::array& arr = doc.as_array();
  std::vector<notifiers::Alert> alerts(arr.size());
  std::vector<bool> has_labels(arr.size());
  for (size_t i = 0; i < arr.size(); ++i) {
    if (arr[i].is_null()) continue;
    bool present = false;
    std::string e = DecodeAlert(arr[i], &alerts[i], &present);
    if (!e.empty()) return parse_error(e);
    has_labels[i] = present;
  }
  for (size_t i = 0; i < arr.size(); ++i) {
    if (!has_labels[i]) {
      return SwaggerError(422, 602,
                          std::to_string(i) + ".labels in body is required");
    }
  }
  *out = std::move(alerts);
  return std::nullopt;
}

std::optional<HttpResponse> DecodePostableSilence(std::string_view body,
                                                  notifiers::Silence* out) {
  auto parse_error = [](const std::string& e) {
    return SwaggerError(400, 400,
                        "parsing silence body from \"\" failed, because " + e);
  };
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return SwaggerError(422, 602, "silence in body is required");
  }
  json::value doc;
  if (std::string e = ParseFirst(body, &doc); !e.empty()) {
    return parse_error(e);
  }
  if (doc.is_null())
    return SwaggerError(422, 602, "silence in body is required");
  if (!doc.is_object()) {
    return parse_error(
        Mismatch(doc, "Go value of type " + std::string(kSilenceIdType)));
  }
  const json::object& o = doc.as_object();
  notifiers::Silence s;
  bool has_id = false, comment = false, created_by = false;
  std::string e =
      DecodeSilenceString(o, "id", "PostableSilence", &s.id, &has_id);
  if (e.empty()) {
    e = DecodeSilenceString(o, "comment", "Silence", &s.comment, &comment);
  }
  if (e.empty()) {
    e = DecodeSilenceString(o, "createdBy", "Silence", &s.created_by,
                            &created_by);
  }
  const json::value* starts = o.if_contains("startsAt");
  const json::value* ends = o.if_contains("endsAt");
  if (e.empty() && starts) e = DecodeTime(*starts, &s.starts_at);
  if (e.empty() && ends) e = DecodeTime(*ends, &s.ends_at);
  const json::value* matchers = o.if_contains("matchers");
  std::vector<MatcherFields> ms;
  if (e.empty() && matchers && !matchers->is_null()) {
    if (!matchers->is_array()) {
      e = Mismatch(*matchers,
                   "Go struct field Silence.matchers of type models.Matchers");
    } else {
      for (const json::value& m : matchers->as_array()) {
        ms.emplace_back();
        if (e.empty()) e = DecodeMatcher(m, &ms.back());
      }
    }
  }
  if (!e.empty()) return parse_error(e);
  if (auto err =
          ValidateSilenceFields(comment, created_by, ends && !ends->is_null(),
                                matchers, ms, starts && !starts->is_null())) {
    return err;
  }
  for (const MatcherFields& m : ms) {
    s.matchers.push_back({MatcherType(m), m.name, m.value});
  }
  *out = std::move(s);
  return std::nullopt;
}

std::string FormatApiTime(notifiers::Time t) {
  int64_t ms = notifiers::UnixMillis(t);
  if (notifiers::IsZero(t)) ms = 0;
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string base =
      notifiers::IsZero(t)
          ? std::string("0001-01-01T00:00:00Z")
          : notifiers::FormatRfc3339(notifiers::FromUnixSeconds(secs));
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03d",
                static_cast<int>(ms - secs * 1000));
  base.insert(base.size() - 1, frac);
  return base;
}

void AppendLabelSet(std::string* out, const promql::Labels& labels) {
  out->push_back('{');
  bool first = true;
  for (const auto& l : labels) {
    if (!first) out->push_back(',');
    first = false;
    AppendGoJsonString(out, l.name);
    out->push_back(':');
    AppendGoJsonString(out, l.value);
  }
  out->push_back('}');
}

namespace {

void AppendStrings(std::string* out, const std::vector<std::string>& v) {
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendGoJsonString(out, v[i]);
  }
  out->push_back(']');
}

}  // namespace

void AppendGettableAlert(std::string* out, const notifiers::Alert& a,
                         const notifiers::AlertStatus& status,
                         const std::vector<std::string>& receivers) {
  *out += "{\"annotations\":{";
  for (size_t i = 0; i < a.annotations.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendGoJsonString(out, a.annotations[i].name);
    out->push_back(':');
    AppendGoJsonString(out, a.annotations[i].value);
  }
  *out += "},\"endsAt\":\"" + FormatApiTime(a.ends_at) +
          "\",\"fingerprint\":\"" +
          notifiers::FingerprintString(a.fingerprint) + "\",\"receivers\":[";
  for (size_t i = 0; i < receivers.size(); ++i) {
    if (i > 0) out->push_back(',');
    *out += "{\"name\":";
    AppendGoJsonString(out, receivers[i]);
    out->push_back('}');
  }
  *out += "],\"startsAt\":\"" + FormatApiTime(a.starts_at) +
          "\",\"status\":{\"inhibitedBy\":";
  AppendStrings(out, status.inhibited_by);
  *out += ",\"silencedBy\":";
  AppendStrings(out, status.silenced_by);
  *out += ",\"state\":\"" +
          std::string(notifiers::AlertStateName(status.state)) +
          "\"},\"updatedAt\":\"" + FormatApiTime(a.updated_at) + "\"";
  if (!a.generator_url.empty()) {
    *out += ",\"generatorURL\":";
    AppendGoJsonString(out, a.generator_url);
  }
  *out += ",\"labels\":";
  AppendLabelSet(out, a.labels);
  out->push_back('}');
}

void AppendGettableSilence(std::string* out, const notifiers::Silence& s,
                           notifiers::Time now) {
  using notifiers::MatchType;
  *out += "{\"id\":";
  AppendGoJsonString(out, s.id);
  *out += ",\"status\":{\"state\":\"" +
          std::string(
              notifiers::SilenceStateName(notifiers::SilenceStateAt(s, now))) +
          "\"},\"updatedAt\":\"" + FormatApiTime(s.updated_at) +
          "\",\"comment\":";
  AppendGoJsonString(out, s.comment);
  *out += ",\"createdBy\":";
  AppendGoJsonString(out, s.created_by);
  *out += ",\"endsAt\":\"" + FormatApiTime(s.ends_at) + "\",\"matchers\":[";
  for (size_t i = 0; i < s.matchers.size(); ++i) {
    const notifiers::SilenceMatcher& m = s.matchers[i];
    if (i > 0) out->push_back(',');
    bool equal =
        m.type == MatchType::kEqual || m.type == MatchType::kRegexMatch;
    bool regex =
        m.type == MatchType::kRegexMatch || m.type == MatchType::kRegexNoMatch;
    *out += std::string("{\"isEqual\":") + (equal ? "true" : "false") +
            ",\"isRegex\":" + (regex ? "true" : "false") + ",\"name\":";
    AppendGoJsonString(out, m.name);
    *out += ",\"value\":";
    AppendGoJsonString(out, m.pattern);
    out->push_back('}');
  }
  *out += "],\"startsAt\":\"" + FormatApiTime(s.starts_at) + "\"}";
}

}  // namespace tocsin::engine
