#include "engine/api_json.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <variant>

#include "go/unicode.h"

namespace tocsin::engine {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// ASCII bytes that go into a Go JSON string unescaped.
constexpr std::array<bool, 128> MakeSafeTable() {
  std::array<bool, 128> t{};
  for (int c = 0x20; c < 128; ++c) t[c] = true;
  t['"'] = t['\\'] = t['<'] = t['>'] = t['&'] = false;
  return t;
}
constexpr std::array<bool, 128> kSafe = MakeSafeTable();

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

void AppendUint(std::string* out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

bool AppendNonFinite(std::string* out, double v) {
  if (std::isnan(v)) {
    out->append("NaN");
    return true;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return true;
  }
  return false;
}

// Lays out shortest scientific digits ("-1.2345e-07" from to_chars) in
// Go's 'f' form.
void AppendScientificAsFixed(std::string* out, const char* begin,
                             const char* end) {
  const char* p = begin;
  if (*p == '-') out->push_back(*p++);
  char digits[24];
  int n = 0;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  int exp = 0;
  std::from_chars(p + 1 + (p[1] == '+'), end, exp);
  int point = exp + 1;  // value = 0.d1d2...dn * 10^point
  if (point <= 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-point), '0');
    out->append(digits, n);
  } else if (point >= n) {
    out->append(digits, n);
    out->append(static_cast<size_t>(point - n), '0');
  } else {
    out->append(digits, point);
    out->push_back('.');
    out->append(digits + point, n - point);
  }
}

void AppendSample(std::string* out, const promql::Labels& metric, int64_t t,
                  double v) {
  out->append("{\"metric\":");
  AppendLabelsJson(out, metric);
  out->append(",\"value\":[");
  AppendSampleTimestamp(out, t);
  out->push_back(',');
  AppendSampleValue(out, v);
  out->append("]}");
}

void AppendSeries(std::string* out, const promql::Series& series) {
  out->append("{\"metric\":");
  AppendLabelsJson(out, series.metric);
  if (!series.points.empty()) {
    out->append(",\"values\":[");
    bool first = true;
    for (const promql::Point& p : series.points) {
      if (!first) out->push_back(',');
      first = false;
      out->push_back('[');
      AppendSampleTimestamp(out, p.t);
      out->push_back(',');
      AppendSampleValue(out, p.v);
      out->push_back(']');
    }
    out->push_back(']');
  }
  out->push_back('}');
}

// A rough size of the body, so that it is written with few reallocations.
size_t EstimateSize(const promql::QueryValue& value) {
  constexpr size_t kPerSeries = 160, kPerPoint = 32;
  if (const auto* v = std::get_if<promql::Vector>(&value)) {
    return 64 + v->size() * (kPerSeries + kPerPoint);
  }
  if (const auto* m = std::get_if<promql::Matrix>(&value)) {
    size_t size = 64;
    for (const promql::Series& s : *m) {
      size += kPerSeries + s.points.size() * kPerPoint;
    }
    return size;
  }
  if (const auto* s = std::get_if<promql::String>(&value)) {
    return 96 + s->s.size() * 2;
  }
  return 96;
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t start = 0;
  size_t i = 0;
  auto flush = [&] { out->append(s.data() + start, i - start); };
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (kSafe[c]) {
        ++i;
        continue;
      }
      flush();
      switch (c) {
        case '"':
        case '\\':
          out->push_back('\\');
          out->push_back(static_cast<char>(c));
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
      }
      start = ++i;
      continue;
    }
    go::DecodedRune d = go::DecodeRune(s, i);
    const int32_t rune = d.rune;
    const int n = d.size;
    if (rune == go::kRuneError && n == 1) {
      flush();
      out->append("\\ufffd");
      start = ++i;
    } else if (rune == 0x2028 || rune == 0x2029) {
      flush();
      out->append(rune == 0x2028 ? "\\u2028" : "\\u2029");
      i += n;
      start = i;
    } else {
      i += n;
    }
  }
  flush();
  out->push_back('"');
}

void AppendLabelsJson(std::string* out, const promql::Labels& labels) {
  out->push_back('{');
  bool first = true;
  for (promql::LabelView l : labels) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(out, l.name);
    out->push_back(':');
    AppendJsonString(out, l.value);
  }
  out->push_back('}');
}

void AppendSampleTimestamp(std::string* out, int64_t t_ms) {
  uint64_t t = static_cast<uint64_t>(t_ms);
  if (t_ms < 0) {
    out->push_back('-');
    t = ~t + 1;  // magnitude, also for INT64_MIN
  }
  AppendUint(out, t / 1000);
  unsigned fraction = static_cast<unsigned>(t % 1000);
  if (fraction != 0) {
    char buf[4] = {'.', static_cast<char>('0' + fraction / 100),
                   static_cast<char>('0' + fraction / 10 % 10),
                   static_cast<char>('0' + fraction % 10)};
    out->append(buf, 4);
  }
}

void AppendFloatF(std::string* out, double v) {
  if (AppendNonFinite(out, v)) return;
  if (v >= -1e15 && v <= 1e15 && v == std::trunc(v)) {
    if (v == 0 && std::signbit(v)) {
      out->append("-0");
    } else {
      AppendInt(out, static_cast<int64_t>(v));
    }
    return;
  }
  char buf[40];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  AppendScientificAsFixed(out, buf, end);
}

void AppendJsonFloat(std::string* out, double v) {
  const double abs = std::fabs(v);
  if (abs == 0 || (abs >= 1e-6 && abs < 1e21) || !std::isfinite(v)) {
    AppendFloatF(out, v);
    return;
  }
  char buf[40];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(end - buf));
  const size_t n = text.size();
  if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' &&
      text[n - 2] == '0') {
    out->append(text.substr(0, n - 2));
    out->push_back(text[n - 1]);
    return;
  }
  out->append(text);
}

void AppendSampleValue(std::string* out, double v) {
  out->push_back('"');
  double abs = std::fabs(v);
  if (abs != 0 && (abs < 1e-6 || abs >= 1e21) && std::isfinite(v)) {
    char buf[40];
    auto [end, ec] =
        std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
    out->append(buf, end);
  } else {
    AppendFloatF(out, v);
  }
  out->push_back('"');
}

std::string EncodeQueryResponse(const promql::QueryValue& value) {
  std::string out;
  out.reserve(EstimateSize(value));
  out.append("{\"status\":\"success\",\"data\":{\"resultType\":");
  if (const auto* vector = std::get_if<promql::Vector>(&value)) {
    out.append("\"vector\",\"result\":[");
    for (size_t i = 0; i < vector->size(); ++i) {
      if (i) out.push_back(',');
      const promql::Sample& s = (*vector)[i];
      AppendSample(&out, s.metric, s.t, s.v);
    }
    out.push_back(']');
  } else if (const auto* matrix = std::get_if<promql::Matrix>(&value)) {
    out.append("\"matrix\",\"result\":[");
    for (size_t i = 0; i < matrix->size(); ++i) {
      if (i) out.push_back(',');
      AppendSeries(&out, (*matrix)[i]);
    }
    out.push_back(']');
  } else if (const auto* scalar = std::get_if<promql::Scalar>(&value)) {
    out.append("\"scalar\",\"result\":[");
    AppendFloatF(&out, static_cast<double>(scalar->t) / 1000);
    out.append(",\"");
    AppendFloatF(&out, scalar->v);
    out.append("\"]");
  } else {
    const auto& str = std::get<promql::String>(value);
    out.append("\"string\",\"result\":[");
    AppendFloatF(&out, static_cast<double>(str.t) / 1000);
    out.push_back(',');
    AppendJsonString(&out, str.s);
    out.push_back(']');
  }
  out.append("}}");
  return out;
}

std::string EncodeErrorResponse(std::string_view error_type,
                                std::string_view message) {
  std::string out;
  out.reserve(64 + message.size() + message.size() / 4);
  out.append("{\"status\":\"error\",\"errorType\":");
  AppendJsonString(&out, error_type);
  out.append(",\"error\":");
  AppendJsonString(&out, message);
  out.push_back('}');
  return out;
}

std::string EncodeStringsResponse(const std::vector<std::string>& values) {
  size_t size = 40;
  for (const std::string& v : values) size += v.size() + 3;
  std::string out;
  out.reserve(size + size / 8);
  out.append("{\"status\":\"success\",\"data\":[");
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(&out, values[i]);
  }
  out.append("]}");
  return out;
}

std::string EncodeLabelSetsResponse(const std::vector<promql::Labels>& sets) {
  std::string out;
  out.reserve(40 + sets.size() * 128);
  out.append("{\"status\":\"success\",\"data\":[");
  for (size_t i = 0; i < sets.size(); ++i) {
    if (i) out.push_back(',');
    AppendLabelsJson(&out, sets[i]);
  }
  out.append("]}");
  return out;
}

}  // namespace tocsin::engine
