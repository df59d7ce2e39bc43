// MemoryStorage and series-file benchmarks: loading a recording, memory per
// sample after Seal(), and Select with equality and regex matchers.
//
// The recording mimics a fixed-interval scrape: `series` series of
// node-exporter-like gauges and counters (a tenth of them constant), one
// sample every 15s.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <string>

#include "promql/memory_storage.h"
#include "promql/series_file.h"

namespace tocsin::promql {
namespace {

std::string Recording(int series, int samples) {
  std::string out;
  out.reserve(static_cast<size_t>(series) * samples * 64);
  for (int k = 0; k < samples; ++k) {
    std::string ts = std::to_string(1'700'000'000 + k * 15);
    for (int i = 0; i < series; ++i) {
      out += "node_metric_";
      out += std::to_string(i % 50);
      out += "{instance=\"host-";
      out += std::to_string(i / 50);
      out += ":9100\",job=\"node\"} ";
      out += i % 10 == 0 ? "1" : std::to_string(k * (i % 7) + i);
      out += ' ';
      out += ts;
      out += '\n';
    }
  }
  out += "# EOF\n";
  return out;
}

size_t HeapBytes() { return mallinfo2().uordblks; }

void BM_LoadRecording(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const int samples = static_cast<int>(state.range(1));
  std::string text = Recording(series, samples);
  double bytes_per_sample = 0;
  for (auto _ : state) {
    size_t before = HeapBytes();
    MemoryStorage storage;
    Status st = LoadSeriesText(text, "bench.om", &storage);
    if (!st.ok()) state.SkipWithError(st.message().c_str());
    storage.Seal();
    bytes_per_sample = static_cast<double>(HeapBytes() - before) /
                       (static_cast<double>(series) * samples);
    benchmark::DoNotOptimize(storage.NumSamples());
  }
  state.counters["bytes_per_sample"] = bytes_per_sample;
  state.SetItemsProcessed(state.iterations() * series * samples);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_LoadRecording)
    ->Args({1000, 240})
    ->Args({10000, 240})
    ->Args({1000, 5760})
    ->Unit(benchmark::kMillisecond);

Matcher Make(MatchType type, std::string name, std::string value) {
  return std::move(Matcher::Make(type, std::move(name), std::move(value)))
      .value();
}

void BM_Select(benchmark::State& state) {
  static MemoryStorage* storage = [] {
    auto* s = new MemoryStorage;
    (void)LoadSeriesText(Recording(10000, 20), "bench.om", s);
    s->Seal();
    return s;
  }();
  std::vector<Matcher> matchers;
  switch (state.range(0)) {
    case 0:  // one metric, 200 series
      matchers = {Make(MatchType::kEqual, "__name__", "node_metric_7")};
      break;
    case 1:  // one series
      matchers = {Make(MatchType::kEqual, "__name__", "node_metric_7"),
                  Make(MatchType::kEqual, "instance", "host-3:9100")};
      break;
    case 2:  // regex over instances, 20 of 200 instances
      matchers = {Make(MatchType::kEqual, "__name__", "node_metric_7"),
                  Make(MatchType::kRegexMatch, "instance", "host-1[0-9]:.*")};
      break;
    case 3:  // every series of a job
      matchers = {Make(MatchType::kEqual, "job", "node")};
      break;
  }
  size_t n = 0;
  for (auto _ : state) {
    auto set = storage->Select(matchers, 0, INT64_MAX);
    n = set->series.size();
    benchmark::DoNotOptimize(set);
  }
  state.counters["series"] = static_cast<double>(n);
}
BENCHMARK(BM_Select)->DenseRange(0, 3);

}  // namespace
}  // namespace tocsin::promql

BENCHMARK_MAIN();
