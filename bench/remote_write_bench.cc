// Benchmarks of the remote-write path: encoding a batch (protobuf by hand,
// then snappy) for batches of one sample per series (rule evaluations) and
// of many samples per series, and the cost of Append to rule evaluation.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "datasource/remote_write.h"
#include "datasource/remote_write_encoding.h"

namespace tocsin::datasource {
namespace {

promql::Labels SeriesLabels(int i) {
  return promql::Labels{
      {"__name__", "job:http_requests:rate5m"},
      {"instance", "host-" + std::to_string(i % 50) + ":9100"},
      {"job", "node"},
      {"code", std::to_string(200 + i % 5)},
      {"handler", "/api/v" + std::to_string(i)}};
}

// `samples` samples over `series` series, round robin.
std::vector<WriteSample> Batch(int samples, int series) {
  std::vector<promql::Labels> labels;
  for (int i = 0; i < series; ++i) labels.push_back(SeriesLabels(i));
  std::vector<WriteSample> out;
  for (int i = 0; i < samples; ++i) {
    out.push_back(
        {labels[i % series], 1700000000000 + 15000 * (i / series), i * 0.37});
  }
  return out;
}

void BM_EncodeBatch(benchmark::State& state) {
  const auto batch =
      Batch(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  size_t bytes = 0;
  for (auto _ : state) {
    std::string body = SnappyCompress(EncodeWriteRequest(batch));
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EncodeBatch)
    ->Args({500, 500})
    ->Args({2000, 2000})
    ->Args({2000, 100})
    ->Args({2000, 10});

// Append of a rule group's output (`range(0)` samples) under one lock, into
// a writer whose batches never leave (nothing listens on its port).
void BM_AppendGroup(benchmark::State& state) {
  RemoteWriteConfig c;
  c.http.url = "http://127.0.0.1:1/api/v1/write";
  c.queue.capacity = 1 << 20;
  c.queue.max_samples_per_send = 1 << 20;
  c.queue.batch_send_deadline = std::chrono::hours(1);
  auto w = RemoteWriter::Make(c);
  const auto group =
      Batch(static_cast<int>(state.range(0)), static_cast<int>(state.range(0)));
  for (auto _ : state) (*w)->Append(std::span<const WriteSample>(group));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  (*w)->Stop(std::chrono::milliseconds(0));
}
BENCHMARK(BM_AppendGroup)->Arg(1)->Arg(100)->Arg(2000);

}  // namespace
}  // namespace tocsin::datasource

BENCHMARK_MAIN();
