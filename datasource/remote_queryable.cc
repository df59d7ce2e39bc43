#include "datasource/remote_queryable.h"

#include <algorithm>
#include <future>
#include <optional>
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

namespace {

// Whether the answer to `wide` contains the answer to `narrow`: both are
// read at the same reference time the same way, every matcher of `wide` is
// one of `narrow`'s, and a range selector's window is at least as long.
bool Covers(const SelectRequest& wide, const SelectRequest& narrow) {
  const promql::SelectHints& w = wide.hints;
  const promql::SelectHints& n = narrow.hints;
  if (w.first_ref != w.last_ref || n.first_ref != n.last_ref ||
      w.last_ref != n.last_ref || w.sample_timestamps || n.sample_timestamps ||
      (w.range > 0) != (n.range > 0) || w.range < n.range ||
      (w.range == 0 && w.lookback != n.lookback)) {
    return false;
  }
  for (const promql::Matcher& m : wide.matchers) {
    if (std::find(narrow.matchers.begin(), narrow.matchers.end(), m) ==
        narrow.matchers.end()) {
      return false;
    }
  }
  return true;
}

// `narrow`'s answer cut from `wide`'s: the series matching narrow's
// matchers, and for range selectors the samples in its (shorter) window.
Result<SeriesSet> Derive(const Result<SeriesSet>& wide,
                         const SelectRequest& narrow) {
  if (!wide.ok()) return wide.status();
  SeriesSet out;
  out.owner = wide->owner;
  const int64_t lo = narrow.hints.last_ref - narrow.hints.range;
  for (const promql::SeriesRef& s : wide->series) {
    if (!std::all_of(narrow.matchers.begin(), narrow.matchers.end(),
                     [&](const promql::Matcher& m) { return m.Matches(s.labels); })) {
      continue;
    }
    promql::SeriesRef ref = s;
    if (narrow.hints.range > 0) {
      // [lo, hi] with both ends included, as Prometheus 2.42 reads ranges.
      auto b = std::lower_bound(s.t.begin(), s.t.end(), lo);
      const size_t from = static_cast<size_t>(b - s.t.begin());
      ref.t = s.t.subspan(from);
      ref.v = s.v.subspan(from);
      if (ref.t.empty()) continue;
    }
    out.series.push_back(std::move(ref));
  }
  return out;
}

}  // namespace

Status RemoteQueryable::Prefetch(std::span<const SelectRequest> selects) {
  if (cache_ == nullptr) return Status::OK();
  struct Pending {
    const SelectRequest* select;
    FetchCache::Promise promise;
    InFlightSelect fetch;
    int covered_by = -1;  // index into `pending` of the select that covers it
  };
  std::vector<Pending> pending;
  for (const SelectRequest& s : selects) {
    FetchCache::Claim claim = cache_->Lookup(FetchCache::Key(s.matchers, s.hints));
    if (!claim.promise) continue;
    pending.push_back(Pending{&s, std::move(*claim.promise), {}, -1});
  }
  // A select whose answer another one holds is cut from it, not fetched:
  // `up{job="a"}` from `up`, `x[5m]` from `x[1h]` read at the same time.
  for (size_t i = 0; i < pending.size(); ++i) {
    for (size_t j = 0; j < pending.size(); ++j) {
      if (i == j || pending[j].covered_by >= 0) continue;
      // Of two selects that cover each other only the first is fetched.
      if (Covers(*pending[j].select, *pending[i].select) &&
          !(j > i && Covers(*pending[i].select, *pending[j].select))) {
        pending[i].covered_by = static_cast<int>(j);
        break;
      }
    }
  }
  // Covering is transitive: point every covered select at a fetched one.
  for (Pending& p : pending) {
    for (size_t hops = 0; p.covered_by >= 0 && hops < pending.size(); ++hops) {
      const int next = pending[static_cast<size_t>(p.covered_by)].covered_by;
      if (next < 0) break;
      p.covered_by = next;
    }
  }
  for (Pending& p : pending) {
    if (p.covered_by < 0) {
      p.fetch = Start(client_, range_cache_, p.select->matchers, p.select->hints);
    }
  }
  Status first;
  std::vector<std::optional<Result<SeriesSet>>> results(pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].covered_by >= 0) continue;
    results[i] = Finish(pending[i].fetch);
    if (!results[i]->ok() && first.ok()) first = results[i]->status();
  }
  // Derived answers first: they read the fetched ones, which move next.
  for (Pending& p : pending) {
    if (p.covered_by < 0) continue;
    p.promise.Set(
        Derive(*results[static_cast<size_t>(p.covered_by)], *p.select));
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].covered_by < 0) {
      pending[i].promise.Set(std::move(*results[i]));
    }
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
