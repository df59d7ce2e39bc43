// Micro benchmarks of the PromQL engine: parsing, and instant and range
// evaluation of the expressions alerting rules use most, over synthetic
// recordings of 1k, 10k and 100k series.
//
// The recording: counters `http_requests_total{job, instance, code}` and
// histogram buckets `http_request_duration_seconds_bucket{job, instance,
// le}` scraped every 15s for an hour, plus a gauge `up{job, instance}`.
// Series counts are the counter series; buckets and gauges come on top.

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "promql/engine.h"
#include "promql/memory_storage.h"
#include "promql/parser/parser.h"

namespace tocsin::promql {
namespace {

constexpr int64_t kScrapeMs = 15'000;
constexpr int64_t kSamples = 240;  // one hour
constexpr int64_t kEndMs = kScrapeMs * (kSamples - 1);
constexpr int kCodes = 5;
constexpr int kInstancesPerJob = 50;

// Builds (once per size) a storage with `series` counter series.
MemoryStorage& Recording(int series) {
  static std::map<int, std::unique_ptr<MemoryStorage>> cache;
  auto& slot = cache[series];
  if (slot) return *slot;
  slot = std::make_unique<MemoryStorage>();
  const char* codes[kCodes] = {"200", "201", "404", "500", "503"};
  const char* les[] = {"0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
  int instances = series / kCodes;
  for (int i = 0; i < instances; ++i) {
    std::string job = "job" + std::to_string(i / kInstancesPerJob);
    std::string instance = "host-" + std::to_string(i) + ":9100";
    for (int c = 0; c < kCodes; ++c) {
      Labels l{{"__name__", "http_requests_total"},
               {"job", job},
               {"instance", instance},
               {"code", codes[c]}};
      for (int64_t s = 0; s < kSamples; ++s) {
        (void)slot->Append(l, s * kScrapeMs,
                           static_cast<double>(s * (i % 7 + c + 1)));
      }
    }
    Labels up{{"__name__", "up"}, {"job", job}, {"instance", instance}};
    if (i % 10 == 0) {
      for (size_t b = 0; b < std::size(les); ++b) {
        Labels l{{"__name__", "http_request_duration_seconds_bucket"},
                 {"job", job},
                 {"instance", instance},
                 {"le", les[b]}};
        for (int64_t s = 0; s < kSamples; ++s) {
          (void)slot->Append(l, s * kScrapeMs,
                             static_cast<double>(s * (b + 1) * 3));
        }
      }
    }
    for (int64_t s = 0; s < kSamples; ++s) {
      (void)slot->Append(up, s * kScrapeMs, (s + i) % 50 == 0 ? 0 : 1);
    }
  }
  slot->Seal();
  // The first read builds the storage's label order; keep it out of the
  // timings.
  (void)slot->LabelNames();
  auto all = Matcher::Make(MatchType::kRegexMatch, "__name__", ".+");
  (void)slot->Select(std::span<const Matcher>(&*all, 1), 0, kEndMs);
  return *slot;
}

const char* const kExpressions[] = {
    "rate(http_requests_total[5m])",
    "sum by (job) (rate(http_requests_total[5m]))",
    "histogram_quantile(0.9, sum by (job, le) "
    "(rate(http_request_duration_seconds_bucket[5m])))",
    "topk(10, rate(http_requests_total[5m]))",
    "rate(http_requests_total[5m]) / on (job, instance) group_left up",
    "max_over_time(sum by (job) (rate(http_requests_total[5m]))[30m:1m])",
};

void BM_Parse(benchmark::State& state) {
  const char* query = kExpressions[state.range(0)];
  for (auto _ : state) {
    auto expr = ParseExpr(query);
    benchmark::DoNotOptimize(expr);
  }
  state.SetLabel(query);
}
BENCHMARK(BM_Parse)->DenseRange(0, std::size(kExpressions) - 1);

void BM_Instant(benchmark::State& state) {
  const char* query = kExpressions[state.range(0)];
  MemoryStorage& storage = Recording(static_cast<int>(state.range(1)));
  Engine engine;
  auto expr = ParseExpr(query);
  for (auto _ : state) {
    auto result = engine.InstantExpr(storage, **expr, kEndMs);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(query);
}
BENCHMARK(BM_Instant)
    ->ArgsProduct({benchmark::CreateDenseRange(0, std::size(kExpressions) - 1,
                                               1),
                   {1000, 10000, 100000}})
    ->Unit(benchmark::kMillisecond);

// A dashboard-style range query: the last 30 minutes at a 1m step.
void BM_Range(benchmark::State& state) {
  const char* query = kExpressions[state.range(0)];
  MemoryStorage& storage = Recording(static_cast<int>(state.range(1)));
  Engine engine;
  auto expr = ParseExpr(query);
  for (auto _ : state) {
    auto result = engine.RangeExpr(storage, **expr, kEndMs - 30 * 60'000,
                                   kEndMs, 60'000);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(query);
}
BENCHMARK(BM_Range)
    ->ArgsProduct({benchmark::CreateDenseRange(0, std::size(kExpressions) - 1,
                                               1),
                   {1000, 10000}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tocsin::promql

BENCHMARK_MAIN();
