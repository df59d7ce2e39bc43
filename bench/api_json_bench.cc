// Benchmarks of the query API's hot path: JSON encoding of query results
// and whole request handling (parameters, evaluation, encoding) without the
// network.

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "engine/api_json.h"
#include "engine/query_api.h"
#include "engine/storage_backend.h"
#include "promql/memory_storage.h"

namespace tocsin::engine {
namespace {

promql::Labels SeriesLabels(int i) {
  return promql::Labels{
      {"__name__", "http_requests_total"},
      {"instance", "host-" + std::to_string(i % 50) + ":9100"},
      {"job", "node"},
      {"code", std::to_string(200 + i % 5)},
      {"handler", "/api/v" + std::to_string(i)}};
}

void BM_EncodeMatrix(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const int points = static_cast<int>(state.range(1));
  promql::Matrix m;
  for (int i = 0; i < series; ++i) {
    promql::Series s{SeriesLabels(i), {}};
    for (int j = 0; j < points; ++j) {
      s.points.push_back({1700000000000 + j * 15000, j * 1.5 + i / 7.0});
    }
    m.push_back(std::move(s));
  }
  promql::QueryValue value(std::move(m));
  size_t bytes = 0;
  for (auto _ : state) {
    std::string body = EncodeQueryResponse(value);
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * series * points);
}
BENCHMARK(BM_EncodeMatrix)
    ->Args({10, 1000})
    ->Args({1000, 10})
    ->Args({100, 100});

void BM_EncodeVector(benchmark::State& state) {
  promql::Vector v;
  for (int i = 0; i < state.range(0); ++i) {
    v.push_back({SeriesLabels(i), 1700000000123, std::sqrt(i + 0.5)});
  }
  promql::QueryValue value(std::move(v));
  for (auto _ : state) {
    std::string body = EncodeQueryResponse(value);
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodeVector)->Arg(1)->Arg(100)->Arg(10000);

// A whole /api/v1/query request through the router, as the server runs it.
void BM_QueryRequest(benchmark::State& state) {
  promql::MemoryStorage storage;
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < 120; ++j) {
      (void)storage.Append(SeriesLabels(i), 1700000000000 + j * 15000,
                           j * (i + 1.0));
    }
  }
  storage.Seal();
  StorageBackend backend(&storage, promql::EngineOptions{});
  QueryApi api(&backend);
  Router router;
  api.Register(&router);
  for (auto _ : state) {
    HttpRequest request;
    request.method = "GET";
    request.target =
        "/api/v1/query?query=sum+by+(code)+(rate(http_requests_total%5B5m%5D))"
        "&time=1700001785";
    ParseRequestParams(&request);
    HttpResponse response = router.Serve(&request);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_QueryRequest);

}  // namespace
}  // namespace tocsin::engine

BENCHMARK_MAIN();
