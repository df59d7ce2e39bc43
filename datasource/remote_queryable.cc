#include "datasource/remote_queryable.h"

#include <future>
#include <mutex>

#include "datasource/query_response.h"
#include "datasource/selector_fetch.h"

namespace tocsin::datasource {

using promql::SeriesSet;

namespace {

// The requests of one select, sent and not yet read; for an incremental
// range fetch, what the cache needs to merge the answer.
struct InFlightSelect {
  SelectPlan plan;
  std::vector<std::future<Result<HttpResponse>>> responses;
  RangeCache* range_cache = nullptr;
  std::string range_key;
  int64_t lo = 0, hi = 0, fetch_from = 0;
};

void Send(HttpClient* client, InFlightSelect* f) {
  const size_t max_url = client->config().max_get_url_length;
  for (const ApiQuery& q : f->plan.queries) {
    f->responses.push_back(client->Send(MakeApiRequest(q, max_url)));
  }
  for (const ApiQuery& q : f->plan.timestamp_queries) {
    f->responses.push_back(client->Send(MakeApiRequest(q, max_url)));
  }
}

// Plans and sends one select: a range selector read at one time (as rules
// read) goes through the range cache when there is one.
InFlightSelect Start(HttpClient* client, RangeCache* range_cache,
                     std::span<const promql::Matcher> matchers,
                     const promql::SelectHints& hints) {
  InFlightSelect f;
  if (range_cache != nullptr && hints.range > 0 &&
      hints.first_ref == hints.last_ref && !hints.sample_timestamps) {
    f.range_cache = range_cache;
    f.range_key = PrintSelector(matchers) + "[" +
                  std::to_string(hints.range) + "]";
    f.lo = hints.last_ref - hints.range;
    f.hi = hints.last_ref;
    f.fetch_from = range_cache->FetchFrom(f.range_key, f.lo, f.hi);
    f.plan = PlanRawSelect(matchers, f.fetch_from, f.hi);
  } else {
    f.plan = PlanSelect(matchers, hints);
  }
  Send(client, &f);
  return f;
}

InFlightSelect StartRaw(HttpClient* client, SelectPlan plan) {
  InFlightSelect f;
  f.plan = std::move(plan);
  Send(client, &f);
  return f;
}

// Waits for the answers, parses them and builds the series.
Result<SeriesSet> Finish(InFlightSelect& f) {
  std::vector<QueryData> answers;
  answers.reserve(f.responses.size());
  for (auto& future : f.responses) {
    Result<HttpResponse> response = future.get();
    if (!response.ok()) return response.status();
    auto data =
        ParseQueryResponse(response->status, response->reason, response->body);
    if (!data.ok()) return data.status();
    answers.push_back(std::move(data).value());
  }
  auto set = AssembleSelect(f.plan, std::move(answers));
  if (!set.ok() || f.range_cache == nullptr) return set;
  return f.range_cache->Merge(f.range_key, f.lo, f.hi, f.fetch_from, *set);
}

// Records the engine's selects and answers them with no series.
class RecordingQueryable : public promql::Queryable {
 public:
  Result<SeriesSet> Select(std::span<const promql::Matcher> matchers,
                           int64_t mint, int64_t maxt) override {
    return Select(matchers, mint, maxt, promql::SelectHints());
  }
  Result<SeriesSet> Select(std::span<const promql::Matcher> matchers,
                           int64_t mint, int64_t maxt,
                           const promql::SelectHints& hints) override {
    std::lock_guard<std::mutex> lock(mu_);
    selects_.push_back(SelectRequest{
        std::vector<promql::Matcher>(matchers.begin(), matchers.end()), mint,
        maxt, hints});
    return SeriesSet();
  }
  std::vector<SelectRequest> Take() { return std::move(selects_); }

 private:
  std::mutex mu_;
  std::vector<SelectRequest> selects_;
};

}  // namespace

Result<SeriesSet> RemoteQueryable::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt) {
  InFlightSelect f = StartRaw(client_, PlanRawSelect(matchers, mint, maxt));
  return Finish(f);
}

Result<SeriesSet> RemoteQueryable::Select(
    std::span<const promql::Matcher> matchers, int64_t mint, int64_t maxt,
    const promql::SelectHints& hints) {
  (void)mint;
  (void)maxt;
  if (cache_ == nullptr) {
    InFlightSelect f = Start(client_, range_cache_, matchers, hints);
    return Finish(f);
  }
  FetchCache::Claim claim = cache_->Lookup(FetchCache::Key(matchers, hints));
  if (claim.promise) {
    InFlightSelect f = Start(client_, range_cache_, matchers, hints);
    claim.promise->Set(Finish(f));
  }
  return claim.future.get();
}

Status RemoteQueryable::Prefetch(std::span<const SelectRequest> selects) {
  if (cache_ == nullptr) return Status::OK();
  struct Pending {
    InFlightSelect fetch;
    FetchCache::Promise promise;
  };
  std::vector<Pending> pending;
  for (const SelectRequest& s : selects) {
    FetchCache::Claim claim = cache_->Lookup(FetchCache::Key(s.matchers, s.hints));
    if (!claim.promise) continue;
    pending.push_back(
        Pending{Start(client_, range_cache_, s.matchers, s.hints),
                std::move(*claim.promise)});
  }
  Status first;
  for (Pending& p : pending) {
    Result<SeriesSet> r = Finish(p.fetch);
    if (!r.ok() && first.ok()) first = r.status();
    p.promise.Set(std::move(r));
  }
  return first;
}

std::vector<SelectRequest> CollectSelects(
    const promql::Engine& engine, std::span<const promql::Expr* const> exprs,
    int64_t t_ms) {
  RecordingQueryable recorder;
  for (const promql::Expr* e : exprs) {
    // Errors over no data do not matter: the selects are recorded.
    (void)engine.InstantExpr(recorder, *e, t_ms);
  }
  return recorder.Take();
}

}  // namespace tocsin::datasource
