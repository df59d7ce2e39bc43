#include "engine/rule_data_source.h"

#include <algorithm>

namespace tocsin::engine {

RuleDataSource::RuleDataSource(const RuleDataShared* shared) : shared_(shared) {
  layered_ = std::make_unique<LayeredQueryable>(
      shared_->recording, shared_->outputs, shared_->local_names());
  if (shared_->client != nullptr) {
    range_cache_ = std::make_unique<datasource::RangeCache>(
        shared_->range_cache_overlap_ms);
  }
}

Status RuleDataSource::Begin(std::span<const promql::Expr* const> exprs,
                             int64_t t_ms) {
  std::shared_ptr<const LocalNames> names = shared_->local_names();
  if (shared_->client == nullptr) {
    *layered_ =
        LayeredQueryable(shared_->recording, shared_->outputs, std::move(names));
    return Status::OK();
  }
  cache_ = std::make_unique<datasource::FetchCache>();
  remote_ = std::make_unique<datasource::RemoteQueryable>(
      shared_->client, cache_.get(), range_cache_.get());
  std::vector<datasource::SelectRequest> selects =
      datasource::CollectSelects(*shared_->engine, exprs, t_ms);
  std::erase_if(selects, [&](const datasource::SelectRequest& s) {
    return LayerFor(s.matchers, *names) == Layer::kLocal;
  });
  *layered_ = LayeredQueryable(remote_.get(), shared_->outputs, names);
  return remote_->Prefetch(selects);
}

void RuleDataSource::End() {
  if (shared_->client == nullptr) return;
  range_cache_->Sweep();
  // Keep a valid (empty) layer until the next Begin.
  cache_ = std::make_unique<datasource::FetchCache>();
  remote_ = std::make_unique<datasource::RemoteQueryable>(shared_->client,
                                                          cache_.get());
  layered_->SetBase(remote_.get());
}

}  // namespace tocsin::engine
