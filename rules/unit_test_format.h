// The text promtool 2.42's rule unit tests print, reproduced so that people
// recognize tocsin's failures: Go duration strings, Prometheus label sets,
// lists of alerts and samples. Pure functions, thread-safe.

#ifndef TOCSIN_RULES_UNIT_TEST_FORMAT_H_
#define TOCSIN_RULES_UNIT_TEST_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"

namespace tocsin::rules {

// Go's time.Duration.String() for a whole number of milliseconds: "0s",
// "500ms", "1.5s", "1m0s", "2h30m0s", "-1m0s".
std::string GoDurationString(int64_t ms);

// strconv.FormatFloat(v, 'E', -1, 64): "2E+00", "1.5E-07", "NaN", "+Inf".
std::string FormatFloatE(double v);

// A label list that, unlike promql::Labels, keeps empty values (expected
// labels and annotations of unit tests can have them). Sorted by name.
using LabelList = std::vector<promql::Label>;

// labels.Labels.String(): {a="b", c="d"}.
std::string LabelListString(const LabelList& labels);
// labels.Compare: by name, then value, pair by pair, then by length.
int CompareLabelLists(const LabelList& a, const LabelList& b);

// One alert as unit tests compare it.
struct LabelsAndAnnotations {
  LabelList labels;
  LabelList annotations;
  friend bool operator==(const LabelsAndAnnotations&,
                         const LabelsAndAnnotations&) = default;
};
// Sorts by labels, then annotations.
void SortAlerts(std::vector<LabelsAndAnnotations>* alerts);
// promtool's rendering of an alert list: "[]" or
// "[\n0:\n  Labels:{...}\n  Annotations:{...},\n1:...\n]".
std::string AlertListString(const std::vector<LabelsAndAnnotations>& alerts);

// Prefixes every line but the first with `indent` (promtool's indentLines).
std::string IndentLines(std::string_view lines, std::string_view indent);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_UNIT_TEST_FORMAT_H_
