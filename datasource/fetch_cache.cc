#include "datasource/fetch_cache.h"

#include "datasource/selector_fetch.h"

namespace tocsin::datasource {

FetchCache::Promise::~Promise() {
  if (armed_) {
    promise_.set_value(Status::Error("datasource fetch did not complete"));
  }
}

void FetchCache::Promise::Set(Result<promql::SeriesSet> result) {
  if (!armed_) return;
  armed_ = false;
  promise_.set_value(std::move(result));
}

FetchCache::Claim FetchCache::Lookup(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    ++hits_;
    return Claim{it->second, std::nullopt};
  }
  ++misses_;
  std::promise<Result<promql::SeriesSet>> p;
  Future f = p.get_future().share();
  entries_.emplace(key, f);
  return Claim{std::move(f), Promise(std::move(p))};
}

std::string FetchCache::Key(std::span<const promql::Matcher> matchers,
                            const promql::SelectHints& hints) {
  std::string key = PrintSelector(matchers);
  for (int64_t n : {hints.first_ref, hints.last_ref, hints.step, hints.range,
                    hints.lookback}) {
    key += '|';
    key += std::to_string(n);
  }
  key += hints.sample_timestamps ? "|ts" : "";
  return key;
}

size_t FetchCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

uint64_t FetchCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

uint64_t FetchCache::misses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return misses_;
}

}  // namespace tocsin::datasource
