#include "engine/daemon_backend.h"

namespace tocsin::engine {

std::shared_ptr<promql::Queryable> DaemonBackend::OpenQueryable() {
  struct Layers {
    std::shared_ptr<promql::Queryable> base;
    LayeredQueryable layered;
  };
  std::shared_ptr<promql::Queryable> base = inner_->OpenQueryable();
  promql::Queryable* raw = base.get();
  auto layers = std::make_shared<Layers>(
      Layers{std::move(base), LayeredQueryable(raw, outputs_, local_names_())});
  return std::shared_ptr<promql::Queryable>(layers, &layers->layered);
}

}  // namespace tocsin::engine
