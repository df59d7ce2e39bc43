// Benchmarks of the remote datasource's hot path: parsing query-API
// answers (simdjson into columns) and assembling them into the series the
// engine reads, for the shapes rule evaluation fetches: instant vectors of
// many series, range-query matrices, and raw range-selector matrices.

#include <benchmark/benchmark.h>

#include <string>

#include "datasource/query_response.h"
#include "datasource/selector_fetch.h"
#include "engine/api_json.h"
#include "promql/parser/parser.h"

namespace tocsin::datasource {
namespace {

promql::Labels SeriesLabels(int i) {
  return promql::Labels{
      {"__name__", "http_requests_total"},
      {"instance", "host-" + std::to_string(i % 50) + ":9100"},
      {"job", "node"},
      {"code", std::to_string(200 + i % 5)},
      {"handler", "/api/v" + std::to_string(i)}};
}

// The body Prometheus would send: `series` series of `points` samples.
std::string Body(int series, int points) {
  if (points == 0) {
    promql::Vector v;
    for (int i = 0; i < series; ++i) {
      v.push_back({SeriesLabels(i), 1700000000000, i * 1.5});
    }
    return engine::EncodeQueryResponse(promql::QueryValue(std::move(v)));
  }
  promql::Matrix m;
  for (int i = 0; i < series; ++i) {
    promql::Series s{SeriesLabels(i), {}};
    for (int j = 0; j < points; ++j) {
      s.points.push_back({1700000000000 + j * 15000, j * 1.5 + i / 7.0});
    }
    m.push_back(std::move(s));
  }
  return engine::EncodeQueryResponse(promql::QueryValue(std::move(m)));
}

// Args: series, points per series (0: an instant vector).
void BM_ParseQueryResponse(benchmark::State& state) {
  const std::string body = Body(int(state.range(0)), int(state.range(1)));
  std::string copy;
  copy.reserve(body.size() + 64);
  for (auto _ : state) {
    copy.assign(body);
    auto r = ParseQueryResponse(200, "OK", copy);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(body.size()));
  state.counters["series/s"] =
      benchmark::Counter(double(state.iterations()) * double(state.range(0)),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseQueryResponse)
    ->Args({10000, 0})
    ->Args({100000, 0})
    ->Args({1000, 20})
    ->Args({1000, 240})
    ->Unit(benchmark::kMillisecond);

// A range query's answer for an instant selector over 240 steps, with
// staleness markers inserted where series disappear.
void BM_AssembleRangeSelect(benchmark::State& state) {
  const int series = int(state.range(0));
  const std::string body = Body(series, 240);
  auto matchers = promql::ParseMetricSelector("http_requests_total");
  promql::SelectHints h;
  h.first_ref = 1700000000000;
  h.step = 15000;
  h.last_ref = h.first_ref + 239 * h.step;
  h.lookback = 300000;
  SelectPlan plan = PlanSelect(*matchers, h);
  for (auto _ : state) {
    state.PauseTiming();
    std::string copy = body;
    std::vector<QueryData> answers;
    answers.push_back(*ParseQueryResponse(200, "OK", copy));
    state.ResumeTiming();
    auto set = AssembleSelect(plan, std::move(answers));
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_AssembleRangeSelect)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tocsin::datasource

BENCHMARK_MAIN();
