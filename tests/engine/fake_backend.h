// A test-only QueryBackend: records the calls it gets and answers with
// canned results, so the query API and the server can be tested without
// the PromQL engine.

#ifndef TOCSIN_TESTS_ENGINE_FAKE_BACKEND_H_
#define TOCSIN_TESTS_ENGINE_FAKE_BACKEND_H_

#include <mutex>
#include <string>
#include <vector>

#include "engine/query_backend.h"

namespace tocsin::engine {

class FakeBackend : public QueryBackend {
 public:
  struct Call {
    std::string kind;  // "instant", "range", "series", "names", "values"
    std::string query;
    int64_t a = 0, b = 0, c = 0;  // t | start, end, step | mint, maxt
    std::optional<std::chrono::milliseconds> timeout;
    std::vector<MatcherSet> sets;
  };

  Result<promql::QueryValue> InstantQuery(
      std::string_view query, int64_t t_ms,
      std::optional<std::chrono::milliseconds> timeout) override {
    Record({"instant", std::string(query), t_ms, 0, 0, timeout, {}});
    return query_result;
  }
  Result<promql::QueryValue> RangeQuery(
      std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
      std::optional<std::chrono::milliseconds> timeout) override {
    Record(
        {"range", std::string(query), start_ms, end_ms, step_ms, timeout, {}});
    return query_result;
  }
  Result<std::vector<promql::Labels>> Series(std::span<const MatcherSet> sets,
                                             int64_t mint,
                                             int64_t maxt) override {
    Record({"series", "", mint, maxt, 0, {}, {sets.begin(), sets.end()}});
    return series_result;
  }
  Result<std::vector<std::string>> LabelNames(std::span<const MatcherSet> sets,
                                              int64_t mint,
                                              int64_t maxt) override {
    Record({"names", "", mint, maxt, 0, {}, {sets.begin(), sets.end()}});
    return strings_result;
  }
  Result<std::vector<std::string>> LabelValues(std::string_view name,
                                               std::span<const MatcherSet> sets,
                                               int64_t mint,
                                               int64_t maxt) override {
    Record({"values",
            std::string(name),
            mint,
            maxt,
            0,
            {},
            {sets.begin(), sets.end()}});
    return strings_result;
  }

  std::vector<Call> calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

  // What the next calls answer.
  Result<promql::QueryValue> query_result =
      promql::QueryValue(promql::Vector{});
  Result<std::vector<promql::Labels>> series_result =
      std::vector<promql::Labels>{};
  Result<std::vector<std::string>> strings_result = std::vector<std::string>{};

 private:
  void Record(Call call) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(std::move(call));
  }
  std::mutex mu_;
  std::vector<Call> calls_;
};

}  // namespace tocsin::engine

#endif  // TOCSIN_TESTS_ENGINE_FAKE_BACKEND_H_
