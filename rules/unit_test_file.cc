#include "rules/unit_test_file.h"

namespace tocsin::rules {
namespace {

class Decoder {
 public:
  Decoder() : d_(YamlDialect::kV2Strict) {}

  Result<UnitTestFile> Decode(const YAML::Node& root) {
    UnitTestFile f;
    d_.Struct(
        root, "main.unitTestFile",
        {"rule_files", "evaluation_interval", "group_eval_order", "tests"},
        [&](size_t field, const YAML::Node& v) {
          switch (field) {
            case 0:
              d_.StringList(v, &f.rule_files);
              break;
            case 1:
              d_.Duration(v, &f.evaluation_interval_ms);
              break;
            case 2:
              d_.StringList(v, &f.group_eval_order);
              break;
            case 3:
              d_.Sequence(v, "[]main.testGroup", [&](const YAML::Node& g) {
                f.tests.emplace_back();
                DecodeGroup(g, &f.tests.back());
              });
              break;
          }
        });
    if (!d_.ok()) return Status::InvalidArgument(d_.Error());
    return f;
  }

 private:
  void DecodeGroup(const YAML::Node& node, TestGroup* g) {
    d_.Struct(
        node, "main.testGroup",
        {"interval", "input_series", "alert_rule_test", "promql_expr_test",
         "external_labels", "external_url", "name", "input_series_files"},
        [&](size_t field, const YAML::Node& v) {
          switch (field) {
            case 0:
              d_.Duration(v, &g->interval_ms);
              break;
            case 1:
              d_.Sequence(v, "[]main.series", [&](const YAML::Node& s) {
                g->input_series.emplace_back();
                DecodeSeries(s, &g->input_series.back());
              });
              break;
            case 2:
              d_.Sequence(v, "[]main.alertTestCase", [&](const YAML::Node& a) {
                g->alert_rule_tests.emplace_back();
                DecodeAlertTest(a, &g->alert_rule_tests.back());
              });
              break;
            case 3:
              d_.Sequence(v, "[]main.promqlTestCase", [&](const YAML::Node& p) {
                g->promql_expr_tests.emplace_back();
                DecodePromqlTest(p, &g->promql_expr_tests.back());
              });
              break;
            case 4:
              d_.StringMap(v, &g->external_labels);
              break;
            case 5:
              d_.String(v, &g->external_url);
              break;
            case 6:
              d_.String(v, &g->name);
              break;
            case 7:
              d_.StringList(v, &g->input_series_files);
              break;
          }
        });
  }

  void DecodeSeries(const YAML::Node& node, InputSeries* s) {
    s->pos = PosOf(node);
    d_.Struct(node, "main.series", {"series", "values"},
              [&](size_t field, const YAML::Node& v) {
                d_.String(v, field == 0 ? &s->series : &s->values);
              });
  }

  void DecodeAlertTest(const YAML::Node& node, AlertTestCase* t) {
    d_.Struct(
        node, "main.alertTestCase", {"eval_time", "alertname", "exp_alerts"},
        [&](size_t field, const YAML::Node& v) {
          switch (field) {
            case 0:
              d_.Duration(v, &t->eval_time_ms);
              break;
            case 1:
              d_.String(v, &t->alertname);
              break;
            case 2:
              d_.Sequence(v, "[]main.alert", [&](const YAML::Node& a) {
                t->exp_alerts.emplace_back();
                ExpectedAlert* e = &t->exp_alerts.back();
                d_.Struct(a, "main.alert", {"exp_labels", "exp_annotations"},
                          [&](size_t f, const YAML::Node& m) {
                            d_.StringMap(m,
                                         f == 0 ? &e->labels : &e->annotations);
                          });
              });
              break;
          }
        });
  }

  void DecodePromqlTest(const YAML::Node& node, PromqlTestCase* t) {
    d_.Struct(node, "main.promqlTestCase", {"expr", "eval_time", "exp_samples"},
              [&](size_t field, const YAML::Node& v) {
                switch (field) {
                  case 0:
                    d_.String(v, &t->expr);
                    break;
                  case 1:
                    d_.Duration(v, &t->eval_time_ms);
                    break;
                  case 2:
                    d_.Sequence(v, "[]main.sample", [&](const YAML::Node& s) {
                      t->exp_samples.emplace_back();
                      ExpectedSample* e = &t->exp_samples.back();
                      d_.Struct(s, "main.sample", {"labels", "value"},
                                [&](size_t f, const YAML::Node& x) {
                                  if (f == 0) {
                                    d_.String(x, &e->labels);
                                  } else {
                                    d_.Float(x, &e->value);
                                  }
                                });
                    });
                    break;
                }
              });
  }

  YamlDecoder d_;
};

}  // namespace

Result<UnitTestFile> ParseUnitTestFile(std::string_view text) {
  auto root = ParseYaml(text);
  if (!root.ok()) return root.status();
  return Decoder().Decode(*root);
}

}  // namespace tocsin::rules
