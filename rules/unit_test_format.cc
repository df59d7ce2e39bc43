#include "rules/unit_test_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "promql/go_format.h"

namespace tocsin::rules {

std::string GoDurationString(int64_t ms) {
  if (ms == 0) return "0s";
  std::string sign = ms < 0 ? "-" : "";
  uint64_t u =
      ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  if (u < 1000) return sign + std::to_string(u) + "ms";
  std::string out = sign;
  uint64_t h = u / 3600000;
  uint64_t m = (u / 60000) % 60;
  uint64_t s = (u / 1000) % 60;
  uint64_t frac = u % 1000;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  out += std::to_string(s);
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 3 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  out += "s";
  return out;
}

std::string FormatFloatE(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  for (char& c : s) {
    if (c == 'e') c = 'E';
  }
  return s;
}

std::string LabelListString(const LabelList& labels) {
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += labels[i].name;
    out += '=';
    out += promql::GoQuote(labels[i].value);
  }
  out += '}';
  return out;
}

int CompareLabelLists(const LabelList& a, const LabelList& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (a[i].name != b[i].name) return a[i].name < b[i].name ? -1 : 1;
    if (a[i].value != b[i].value) return a[i].value < b[i].value ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

void SortAlerts(std::vector<LabelsAndAnnotations>* alerts) {
  std::stable_sort(
      alerts->begin(), alerts->end(),
      [](const LabelsAndAnnotations& a, const LabelsAndAnnotations& b) {
        int d = CompareLabelLists(a.labels, b.labels);
        if (d != 0) return d < 0;
        return CompareLabelLists(a.annotations, b.annotations) < 0;
      });
}

std::string IndentLines(std::string_view lines, std::string_view indent) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t nl = lines.find('\n', start);
    if (!first) out += indent;
    first = false;
    if (nl == std::string_view::npos) {
      out += lines.substr(start);
      break;
    }
    out += lines.substr(start, nl - start);
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string AlertListString(const std::vector<LabelsAndAnnotations>& alerts) {
  if (alerts.empty()) return "[]";
  std::string out = "[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    std::string one = "\nLabels:" + LabelListString(alerts[i].labels) +
                      "\nAnnotations:" + LabelListString(alerts[i].annotations);
    out += std::to_string(i) + ":" + IndentLines(one, "  ");
  }
  out += "\n]";
  return out;
}

}  // namespace tocsin::rules
