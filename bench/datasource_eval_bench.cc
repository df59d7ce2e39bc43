// Rule-group evaluations against a live Prometheus-compatible datasource,
// as the daemon will run them: per evaluation one FetchCache, every
// distinct selector of the group fetched once and concurrently (Prefetch of
// CollectSelects), then each rule evaluated from the cache.
//
// The server and the evaluation time come from the environment, so that a
// script (bench/datasource_prometheus.py) can start a Prometheus first:
//
//   TOCSIN_DATASOURCE_URL=http://127.0.0.1:9090   (required; else skipped)
//   TOCSIN_EVAL_TIME=1700003000                   (Unix seconds; default now)
//
// Each benchmark is one group (the seed's two groups written over the bench
// recording's metrics, tests/differential/gen_recording.py) or one of its
// rules alone; "steady/group/..." is a group in the daemon's steady state,
// its range selectors fetching only what the previous evaluation (one
// interval earlier) did not (datasource/range_cache.h). Counters per evaluation: bytes received from the datasource,
// requests sent, and series returned by the rules.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "datasource/fetch_cache.h"
#include "datasource/http_client.h"
#include "datasource/remote_queryable.h"
#include "promql/engine.h"
#include "promql/parser/parser.h"

namespace tocsin::datasource {
namespace {

struct Group {
  const char* name;
  int64_t interval_ms;
  std::vector<const char*> rules;
};

// The seed's sergas_critical and sergas_warning expressions with the bench
// recording's metric names.
const std::vector<Group>& Groups() {
  static const std::vector<Group> groups = {
      {"critical",
       30000,
       {R"(sum(rate(http_requests_total{code=~"5.."}[5m])) /
           sum(rate(http_requests_total[5m])) * 100 > 5)",
        R"(up{job="svc-1"} == 0)",
        R"(http_request_duration_seconds_sum /
           http_request_duration_seconds_count > 0.9)",
        R"(up == 1)"}},
      {"warning",
       60000,
       {R"(histogram_quantile(0.95,
             rate(http_request_duration_seconds_bucket[5m])) > 2)",
        R"(process_resident_memory_bytes / 1024 / 1024 / 1024 > 3)",
        R"(histogram_quantile(0.5,
             rate(http_request_duration_seconds_bucket[1h])) < 0.7)",
        R"((process_resident_memory_bytes{job="svc-1"} /
            process_resident_memory_bytes{job="svc-1"}) * 100 < 20)"}},
  };
  return groups;
}

struct Env {
  std::unique_ptr<HttpClient> client;
  int64_t t_ms = 0;
};

Env& Datasource() {
  static Env env = [] {
    Env e;
    const char* url = std::getenv("TOCSIN_DATASOURCE_URL");
    if (url == nullptr || *url == '\0') return e;
    DatasourceConfig c;
    c.url = url;
    auto client = HttpClient::Make(c);
    if (!client.ok()) {
      std::fprintf(stderr, "%s\n", client.status().message().c_str());
      return e;
    }
    e.client = std::move(client).value();
    const char* t = std::getenv("TOCSIN_EVAL_TIME");
    e.t_ms = t != nullptr
                 ? static_cast<int64_t>(std::atof(t) * 1000)
                 : std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
    return e;
  }();
  return env;
}

// One evaluation of `exprs` at `t_ms` as a group evaluates: every select
// fetched at once into a fresh FetchCache (through `range_cache` when set),
// then each rule. Returns the series the rules returned, or an error.
Result<double> EvaluateOnce(const promql::Engine& engine,
                            const std::vector<const promql::Expr*>& exprs,
                            HttpClient* client, RangeCache* range_cache,
                            int64_t t_ms) {
  FetchCache cache;
  RemoteQueryable q(client, &cache, range_cache);
  if (Status s = q.Prefetch(CollectSelects(engine, exprs, t_ms)); !s.ok()) {
    return s;
  }
  double series = 0;
  for (const promql::Expr* e : exprs) {
    auto r = engine.InstantExpr(q, *e, t_ms);
    if (!r.ok()) return r.status();
    if (const auto* v = std::get_if<promql::Vector>(&*r)) {
      series += static_cast<double>(v->size());
    }
  }
  if (range_cache != nullptr) range_cache->Sweep();
  return series;
}

// With `interval_ms` > 0, the steady state of the daemon: each timed
// evaluation at t follows an untimed one at t - interval that filled the
// group's range cache, so range selectors fetch only the new samples.
void BM_EvaluateGroup(benchmark::State& state, std::vector<std::string> rules,
                      int64_t interval_ms) {
  Env& env = Datasource();
  if (!env.client) {
    state.SkipWithError("TOCSIN_DATASOURCE_URL is not set");
    return;
  }
  promql::Engine engine;
  std::vector<promql::ExprPtr> parsed;
  std::vector<const promql::Expr*> exprs;
  for (const std::string& text : rules) {
    auto e = promql::ParseExpr(text);
    if (!e.ok()) {
      state.SkipWithError(e.status().message().c_str());
      return;
    }
    parsed.push_back(std::move(e).value());
    exprs.push_back(parsed.back().get());
  }
  const HttpClientStats& stats = env.client->stats();
  uint64_t bytes = 0;
  uint64_t requests = 0;
  double series = 0;
  for (auto _ : state) {
    std::unique_ptr<RangeCache> range_cache;
    if (interval_ms > 0) {
      state.PauseTiming();
      range_cache = std::make_unique<RangeCache>(30000);  // the default overlap
      auto warm = EvaluateOnce(engine, exprs, env.client.get(),
                               range_cache.get(), env.t_ms - interval_ms);
      state.ResumeTiming();
      if (!warm.ok()) {
        state.SkipWithError(warm.status().message().c_str());
        return;
      }
    }
    const uint64_t bytes0 = stats.bytes_received;
    const uint64_t requests0 = stats.requests;
    auto r = EvaluateOnce(engine, exprs, env.client.get(), range_cache.get(),
                          env.t_ms);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    bytes += stats.bytes_received - bytes0;
    requests += stats.requests - requests0;
    series += *r;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["bytes/eval"] = static_cast<double>(bytes) / n;
  state.counters["requests/eval"] = static_cast<double>(requests) / n;
  state.counters["result_series/eval"] = series / n;
}

// Registers one benchmark per group and per rule; with `print`, also
// writes "name<TAB>expression" lines (newlines as \n) for the script that
// asks Prometheus to evaluate the same rules.
void RegisterAll(bool print) {
  auto show = [print](const std::string& name, const std::string& expr) {
    if (!print) return;
    std::string line = name + "\t";
    for (char c : expr)
      line += c == '\n' ? std::string("\\n") : std::string(1, c);
    std::printf("%s\n", line.c_str());
  };
  for (const Group& g : Groups()) {
    for (const char* r : g.rules) show(std::string("group/") + g.name, r);
    for (size_t i = 0; i < g.rules.size(); ++i) {
      show(std::string("rule/") + g.name + "/" + std::to_string(i), g.rules[i]);
    }
    std::vector<std::string> all(g.rules.begin(), g.rules.end());
    benchmark::RegisterBenchmark((std::string("group/") + g.name).c_str(),
                                 BM_EvaluateGroup, all, int64_t{0})
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(
        (std::string("steady/group/") + g.name).c_str(), BM_EvaluateGroup,
        all, g.interval_ms)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    for (size_t i = 0; i < g.rules.size(); ++i) {
      benchmark::RegisterBenchmark(
          (std::string("rule/") + g.name + "/" + std::to_string(i)).c_str(),
          BM_EvaluateGroup, std::vector<std::string>{g.rules[i]}, int64_t{0})
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
}

}  // namespace
}  // namespace tocsin::datasource

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--print_rules") {
    tocsin::datasource::RegisterAll(true);
    return 0;
  }
  tocsin::datasource::RegisterAll(false);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
