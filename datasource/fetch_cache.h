// FetchCache: the selects of one rule-group evaluation, fetched once.
//
// Rules of a group are evaluated at the same time, and often share
// selectors (`up{job="api"}` in three alerts). A RemoteQueryable given a
// FetchCache answers every Select with the same key (the selector and its
// SelectHints) from one fetch: the first caller fetches, later and
// concurrent callers wait for that fetch and get a copy of its result,
// errors included (so a datasource outage costs one timeout per selector,
// not one per rule). The caller controls the lifetime: create one cache
// per group evaluation and drop it afterwards; nothing is evicted before.
//
// Thread-safe: any number of threads may use one cache at once.

#ifndef TOCSIN_DATASOURCE_FETCH_CACHE_H_
#define TOCSIN_DATASOURCE_FETCH_CACHE_H_

#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

#include "promql/matcher.h"
#include "promql/queryable.h"
#include "promql/status.h"

namespace tocsin::datasource {

class FetchCache {
 public:
  using Future = std::shared_future<Result<promql::SeriesSet>>;

  // Fulfils a claimed entry; if destroyed unfulfilled (an exception), the
  // entry fails with kInternal so that waiters never hang.
  class Promise {
   public:
    Promise() = default;
    explicit Promise(std::promise<Result<promql::SeriesSet>> p)
        : promise_(std::move(p)), armed_(true) {}
    Promise(Promise&& other) noexcept
        : promise_(std::move(other.promise_)),
          armed_(std::exchange(other.armed_, false)) {}
    Promise& operator=(Promise&&) = delete;
    ~Promise();
    void Set(Result<promql::SeriesSet> result);

   private:
    std::promise<Result<promql::SeriesSet>> promise_;
    bool armed_ = false;
  };

  struct Claim {
    Future future;
    // Set when this caller must fetch and fulfil the entry.
    std::optional<Promise> promise;
  };

  // The entry for `key`; inserts a pending one (returned with its
  // promise) when there is none.
  Claim Lookup(const std::string& key);

  // The cache key of a select.
  static std::string Key(std::span<const promql::Matcher> matchers,
                         const promql::SelectHints& hints);

  size_t size() const;
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, Future> entries_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_FETCH_CACHE_H_
