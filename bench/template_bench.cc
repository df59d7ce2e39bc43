// Template expansion costs: an alerting rule's annotations expanded per
// alert (the rules hot path), parsing, and an Alertmanager notification.

#include <benchmark/benchmark.h>

#include "template/alertmanager.h"
#include "template/prometheus.h"

namespace tocsin::tmpl {
namespace {

const char* const kAnnotations[] = {
    "{{ $labels.instance }} is down",
    "{{ $labels.instance }} load is {{ $value | humanize }} "
    "({{ printf \"%.2f\" $value }})",
    "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}",
    "plain text without actions",
};

void BM_RuleTemplateExpand(benchmark::State& state) {
  RuleTemplate t =
      RuleTemplate::Parse("HighLoad", kAnnotations[state.range(0)]);
  Value data = AlertTemplateData(promql::Labels{{"instance", "host-1:9100"},
                                                {"job", "node"},
                                                {"severity", "warning"}},
                                 promql::Labels{{"cluster", "eu-1"}},
                                 "http://prom:9090", 12345.678);
  PrometheusContext ctx;
  for (auto _ : state) {
    std::string out = t.Expand(data, ctx);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_RuleTemplateExpand)->DenseRange(0, 3);

void BM_RuleTemplateParse(benchmark::State& state) {
  for (auto _ : state) {
    RuleTemplate t = RuleTemplate::Parse("HighLoad", kAnnotations[1]);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_RuleTemplateParse);

void BM_AlertmanagerSubject(benchmark::State& state) {
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create(
      {"{{ define \"__subject\" }}[{{ .Status | toUpper }}{{ if eq .Status "
       "\"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ "
       ".GroupLabels.SortedPairs.Values | join \" \" }} {{ if gt (len "
       ".CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove "
       ".GroupLabels.Names }}{{ .Values | join \" \" }}{{ end }}){{ end "
       "}}{{ end }}"},
      {});
  std::vector<AmAlert> alerts;
  for (int i = 0; i < state.range(0); ++i) {
    AmAlert a;
    a.status = "firing";
    a.labels = {{"alertname", "HighLoad"},
                {"instance", "host-" + std::to_string(i)},
                {"job", "node"}};
    alerts.push_back(std::move(a));
  }
  Value data = AmDataValue(
      MakeAmData("team", {{"alertname", "HighLoad"}}, alerts, "http://am"));
  for (auto _ : state) {
    Result<std::string> out = t->ExecuteNamed("__subject", data);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_AlertmanagerSubject)->Arg(1)->Arg(100);

}  // namespace
}  // namespace tocsin::tmpl

BENCHMARK_MAIN();
