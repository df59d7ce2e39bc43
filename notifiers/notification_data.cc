#include "notifiers/notification_data.h"

#include <algorithm>
#include <cstdio>

#include "notifiers/clock.h"

namespace tocsin::notifiers {
namespace {

// The length of the valid UTF-8 sequence at s[i], or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (b(k) & 0xC0) == 0x80;
  };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF && cont(1)) return 2;
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    if (c == 0xE0 && b(1) < 0xA0) return 0;
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) > 0x8F) return 0;
    return 4;
  }
  return 0;
}

KeyValues FromPairs(const promql::StringPairs& pairs) {
  KeyValues out;
  out.reserve(pairs.size());
  for (promql::LabelView p : pairs) out.emplace_back(p.name, p.value);
  return out;
}

void AppendObject(std::string* out, const KeyValues& kv) {
  // Go writes map keys sorted.
  std::vector<const std::pair<std::string, std::string>*> sorted;
  for (const auto& p : kv) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->first < b->first; });
  *out += '{';
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) *out += ',';
    AppendGoJsonString(out, sorted[i]->first);
    *out += ':';
    AppendGoJsonString(out, sorted[i]->second);
  }
  *out += '}';
}

// Keeps the pairs of `common` that `other` has with the same value.
void Intersect(KeyValues& common, const KeyValues& other) {
  std::erase_if(common, [&](const auto& p) {
    auto it = std::find_if(other.begin(), other.end(),
                           [&](const auto& q) { return q.first == p.first; });
    // A missing key compares as the empty value, as Go's map lookup does.
    std::string_view v = it == other.end() ? std::string_view() : it->second;
    return v != p.second;
  });
}

}  // namespace

void AppendGoJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  *out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          *out += "\\\"";
          break;
        case '\\':
          *out += "\\\\";
          break;
        case '\n':
          *out += "\\n";
          break;
        case '\r':
          *out += "\\r";
          break;
        case '\t':
          *out += "\\t";
          break;
        case '<':
        case '>':
        case '&':
          *out += "\\u00";
          *out += kHex[c >> 4];
          *out += kHex[c & 0xF];
          break;
        default:
          if (c < 0x20) {
            *out += "\\u00";
            *out += kHex[c >> 4];
            *out += kHex[c & 0xF];
          } else {
            *out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t n = Utf8Length(s, i);
    if (n == 0) {
      *out += "\\ufffd";
      ++i;
      continue;
    }
    if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      *out +=
          static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
    } else {
      out->append(s.substr(i, n));
    }
    i += n;
  }
  *out += '"';
}

std::string QuoteMeta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) !=
        std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

NotificationData BuildNotificationData(std::string_view receiver,
                                       const promql::Labels& group_labels,
                                       const std::vector<AlertPtr>& alerts,
                                       std::string_view external_url,
                                       Time now) {
  NotificationData d;
  d.receiver = QuoteMeta(receiver);
  d.external_url = std::string(external_url);
  d.group_labels = FromPairs(group_labels);
  bool firing = false;
  for (const AlertPtr& a : alerts) {
    NotificationAlert na;
    bool resolved = a->ResolvedAt(now);
    firing = firing || !resolved;
    na.status = resolved ? "resolved" : "firing";
    na.labels = FromPairs(a->labels);
    na.annotations = FromPairs(a->annotations);
    na.starts_at = a->starts_at;
    na.ends_at = resolved ? a->ends_at : kZeroTime;
    na.generator_url = a->generator_url;
    na.fingerprint = FingerprintString(a->fingerprint);
    d.alerts.push_back(std::move(na));
  }
  d.status = firing ? "firing" : "resolved";
  if (!d.alerts.empty()) {
    d.common_labels = d.alerts[0].labels;
    d.common_annotations = d.alerts[0].annotations;
    for (size_t i = 1; i < d.alerts.size(); ++i) {
      if (d.common_labels.empty() && d.common_annotations.empty()) break;
      Intersect(d.common_labels, d.alerts[i].labels);
      Intersect(d.common_annotations, d.alerts[i].annotations);
    }
  }
  return d;
}

std::string WebhookMessageJson(const NotificationData& d,
                               std::string_view group_key,
                               uint64_t truncated_alerts) {
  std::string out;
  out.reserve(512 + d.alerts.size() * 256);
  out += "{\"receiver\":";
  AppendGoJsonString(&out, d.receiver);
  out += ",\"status\":";
  AppendGoJsonString(&out, d.status);
  out += ",\"alerts\":[";
  for (size_t i = 0; i < d.alerts.size(); ++i) {
    const NotificationAlert& a = d.alerts[i];
    if (i > 0) out += ',';
    out += "{\"status\":";
    AppendGoJsonString(&out, a.status);
    out += ",\"labels\":";
    AppendObject(&out, a.labels);
    out += ",\"annotations\":";
    AppendObject(&out, a.annotations);
    out += ",\"startsAt\":\"" + FormatRfc3339(a.starts_at) + "\"";
    out += ",\"endsAt\":\"" + FormatRfc3339(a.ends_at) + "\"";
    out += ",\"generatorURL\":";
    AppendGoJsonString(&out, a.generator_url);
    out += ",\"fingerprint\":";
    AppendGoJsonString(&out, a.fingerprint);
    out += '}';
  }
  out += "],\"groupLabels\":";
  AppendObject(&out, d.group_labels);
  out += ",\"commonLabels\":";
  AppendObject(&out, d.common_labels);
  out += ",\"commonAnnotations\":";
  AppendObject(&out, d.common_annotations);
  out += ",\"externalURL\":";
  AppendGoJsonString(&out, d.external_url);
  out += ",\"version\":\"4\",\"groupKey\":";
  AppendGoJsonString(&out, group_key);
  out += ",\"truncatedAlerts\":" + std::to_string(truncated_alerts) + "}\n";
  return out;
}

}  // namespace tocsin::notifiers
