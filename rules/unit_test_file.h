// Unit-test files for rules, in promtool 2.42's format:
//
//   rule_files: [alerts.yml, "rules/*.yml"]   globs, relative to this file
//   evaluation_interval: 1m                   default 1m
//   group_eval_order: [g1, g2]                 optional
//   tests:
//     - name: <string>
//       interval: 1m                           the input series' step
//       input_series:
//         - series: 'up{job="a"}'
//           values: '1 1 0x10 _ stale 1+2x3'   expanding notation
//       input_series_files: [recording.om]     tocsin: recorded series
//       external_labels: {region: eu}
//       external_url: http://example/
//       alert_rule_test:
//         - eval_time: 5m
//           alertname: X
//           exp_alerts:
//             - exp_labels: {severity: page}
//               exp_annotations: {summary: "..."}
//       promql_expr_test:
//         - expr: sum(up)
//           eval_time: 5m
//           exp_samples:
//             - labels: '{job="a"}'
//               value: 1
//
// The file is decoded as promtool decodes it (yaml.v2, strict: unknown
// fields and repeated keys are errors, with yaml.v2's messages), except
// that `input_series_files` is accepted. Parsing is reentrant.

#ifndef TOCSIN_RULES_UNIT_TEST_FILE_H_
#define TOCSIN_RULES_UNIT_TEST_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"
#include "rules/yaml_decode.h"

namespace tocsin::rules {

struct InputSeries {
  std::string series;
  std::string values;
  YamlPos pos;
};

struct ExpectedAlert {
  std::vector<YamlMapEntry> labels;
  std::vector<YamlMapEntry> annotations;
};

struct AlertTestCase {
  int64_t eval_time_ms = 0;
  std::string alertname;
  std::vector<ExpectedAlert> exp_alerts;
};

struct ExpectedSample {
  std::string labels;
  double value = 0;
};

struct PromqlTestCase {
  std::string expr;
  int64_t eval_time_ms = 0;
  std::vector<ExpectedSample> exp_samples;
};

struct TestGroup {
  std::string name;
  int64_t interval_ms = 0;
  std::vector<InputSeries> input_series;
  std::vector<std::string> input_series_files;  // as written
  std::vector<YamlMapEntry> external_labels;
  std::string external_url;
  std::vector<AlertTestCase> alert_rule_tests;
  std::vector<PromqlTestCase> promql_expr_tests;
};

struct UnitTestFile {
  std::vector<std::string> rule_files;  // as written
  int64_t evaluation_interval_ms = 0;   // 0: not given (1m)
  std::vector<std::string> group_eval_order;
  std::vector<TestGroup> tests;
};

// Decodes `text`. The error is the one promtool prints for the file
// ("yaml: unmarshal errors:\n  line 3: field foo not found in type
// main.unitTestFile", or a duration error).
Result<UnitTestFile> ParseUnitTestFile(std::string_view text);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_UNIT_TEST_FILE_H_
