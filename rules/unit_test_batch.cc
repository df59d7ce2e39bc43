#include "rules/unit_test_batch.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "rules/alerting_rule.h"

namespace tocsin::rules {
namespace {

constexpr size_t kChunkSteps = 256;

// What evaluating an expression touches, as far as batching cares.
struct ExprFacts {
  std::vector<const promql::VectorSelector*> instant;  // instant selectors
  std::vector<const promql::MatrixSelector*> ranges;   // range selectors
  bool looks_ahead = false;  // `@` or a negative offset
  bool has_subquery = false;
  int vector_nodes = 0;  // nodes with an instant-vector value
  int other_nodes = 0;
};

void Collect(const promql::Expr& e, ExprFacts* f) {
  using promql::NodeKind;
  if (e.type() == promql::ValueType::kVector) {
    ++f->vector_nodes;
  } else {
    ++f->other_nodes;
  }
  switch (e.kind) {
    case NodeKind::kVectorSelector: {
      const auto& v = static_cast<const promql::VectorSelector&>(e);
      if (v.offset_ms < 0 || v.at_ms ||
          v.at_modifier != promql::AtModifier::kNone) {
        f->looks_ahead = true;
      }
      f->instant.push_back(&v);
      break;
    }
    case NodeKind::kMatrixSelector: {
      const auto& m = static_cast<const promql::MatrixSelector&>(e);
      const auto& v =
          static_cast<const promql::VectorSelector&>(*m.vector_selector);
      if (v.offset_ms < 0 || v.at_ms ||
          v.at_modifier != promql::AtModifier::kNone) {
        f->looks_ahead = true;
      }
      f->ranges.push_back(&m);
      break;
    }
    case NodeKind::kSubquery: {
      const auto& s = static_cast<const promql::SubqueryExpr&>(e);
      f->has_subquery = true;
      if (s.offset_ms < 0 || s.at_ms ||
          s.at_modifier != promql::AtModifier::kNone) {
        f->looks_ahead = true;
      }
      Collect(*s.expr, f);
      break;
    }
    case NodeKind::kParen:
      Collect(*static_cast<const promql::ParenExpr&>(e).expr, f);
      break;
    case NodeKind::kUnary:
      Collect(*static_cast<const promql::UnaryExpr&>(e).expr, f);
      break;
    case NodeKind::kBinary: {
      const auto& b = static_cast<const promql::BinaryExpr&>(e);
      Collect(*b.lhs, f);
      Collect(*b.rhs, f);
      break;
    }
    case NodeKind::kCall:
      for (const auto& a : static_cast<const promql::Call&>(e).args) {
        Collect(*a, f);
      }
      break;
    case NodeKind::kAggregate: {
      const auto& a = static_cast<const promql::AggregateExpr&>(e);
      Collect(*a.expr, f);
      if (a.param) Collect(*a.param, f);
      break;
    }
    case NodeKind::kNumberLiteral:
    case NodeKind::kStringLiteral:
      break;
  }
}

ExprFacts FactsOf(const promql::Expr& e) {
  ExprFacts f;
  Collect(e, &f);
  return f;
}

// The metric names a rule writes.
std::vector<std::string> WrittenNames(const Rule& r) {
  if (r.is_alerting()) return {"ALERTS", "ALERTS_FOR_STATE"};
  return {r.name()};
}

// Whether `sel` may select a series named `name` (only its __name__
// matchers are considered, so this over-approximates).
bool MayRead(const promql::VectorSelector& sel, const std::string& name) {
  for (const promql::Matcher& m : sel.matchers) {
    if (m.name() == promql::kMetricName && !m.Matches(name)) return false;
  }
  return true;
}

// The most samples of `t` that fall in any window [x - range, x].
int64_t MaxInWindow(std::span<const int64_t> t, int64_t range) {
  int64_t best = 0;
  size_t lo = 0;
  for (size_t hi = 0; hi < t.size(); ++hi) {
    while (t[lo] < t[hi] - range) ++lo;
    best = std::max<int64_t>(best, static_cast<int64_t>(hi - lo + 1));
  }
  return best;
}

class Batch {
 public:
  explicit Batch(const BatchInput& in) : in_(in) {
    promql::EngineOptions o = in.engine->options();
    o.max_samples = std::numeric_limits<int64_t>::max() / 4;
    range_engine_ = std::make_unique<promql::Engine>(o);
  }

  BatchResult Run() {
    for (size_t pos = 0; pos < in_.order.size(); ++pos) RunRule(pos);
    BatchResult out;
    out.error_step = error_step_;
    if (error_step_) {
      std::sort(errors_.begin(), errors_.end(),
                [](const auto& a, const auto& b) {
                  return std::get<1>(a) < std::get<1>(b);
                });
      for (auto& [step, pos, msg] : errors_) {
        if (step == *error_step_) out.errors.push_back(std::move(msg));
      }
    }
    out.alerts = std::move(alerts_);
    return out;
  }

 private:
  int64_t Ts(size_t step) const {
    return static_cast<int64_t>(step) * in_.eval_interval_ms;
  }

  // Whether a range query over the rule's expression is safe: it only
  // looks back, and no instant evaluation of it could hold more samples
  // than the engine's limit.
  bool CanUseRange(const Rule& r) {
    promql::ValueType type = r.expr().type();
    if (type != promql::ValueType::kVector &&
        type != promql::ValueType::kScalar) {
      return false;
    }
    ExprFacts f = FactsOf(r.expr());
    if (f.looks_ahead || f.has_subquery) return false;
    in_.storage->SetVisibleUntil(Ts(in_.num_steps - 1));
    int64_t total_series = 0;
    int64_t bound = 0;
    for (const auto* v : f.instant) {
      auto set = in_.storage->Select(v->matchers,
                                     std::numeric_limits<int64_t>::min() / 4,
                                     std::numeric_limits<int64_t>::max() / 4);
      if (!set.ok()) return false;
      total_series += static_cast<int64_t>(set->series.size());
      bound += static_cast<int64_t>(set->series.size());
    }
    for (const auto* m : f.ranges) {
      const auto& v =
          static_cast<const promql::VectorSelector&>(*m->vector_selector);
      auto set = in_.storage->Select(v.matchers,
                                     std::numeric_limits<int64_t>::min() / 4,
                                     std::numeric_limits<int64_t>::max() / 4);
      if (!set.ok()) return false;
      int64_t window = 0;
      for (const auto& s : set->series) {
        window = std::max(window, WindowCount(s.t, m->range_ms));
      }
      total_series += static_cast<int64_t>(set->series.size());
      bound += static_cast<int64_t>(set->series.size()) + window;
    }
    bound += f.vector_nodes * (total_series + 1) + f.other_nodes;
    return bound <= in_.engine->options().max_samples;
  }

  int64_t WindowCount(std::span<const int64_t> t, int64_t range) {
    auto key = std::make_tuple(t.data(), t.size(), range);
    auto it = window_cache_.find(key);
    if (it != window_cache_.end()) return it->second;
    int64_t n = MaxInWindow(t, range);
    window_cache_.emplace(key, n);
    return n;
  }

  // Range-evaluates steps [first, last] into per_step; false on failure.
  bool RangeChunk(const Rule& r, size_t first, size_t last,
                  std::vector<promql::Vector>* per_step) {
    in_.storage->SetVisibleUntil(Ts(last));
    auto res = range_engine_->RangeExpr(*in_.storage, r.expr(), Ts(first),
                                        Ts(last), in_.eval_interval_ms);
    if (!res.ok()) return false;
    auto* m = std::get_if<promql::Matrix>(&*res);
    if (m == nullptr) return false;
    per_step->assign(last - first + 1, promql::Vector());
    for (promql::Series& s : *m) {
      for (const promql::Point& p : s.points) {
        size_t k = static_cast<size_t>(p.t / in_.eval_interval_ms) - first;
        (*per_step)[k].push_back(promql::Sample{s.metric, p.t, p.v});
      }
    }
    return true;
  }

  void RunRule(size_t pos) {
    const OrderedRule& o = in_.order[pos];
    Group& g = *o.group;
    Rule& rule = *g.rules()[o.index];
    const bool use_range = in_.eval_interval_ms > 0 && CanUseRange(rule);
    const bool alerting = rule.is_alerting();
    size_t limit = error_step_ ? *error_step_ + 1 : in_.num_steps;
    std::vector<promql::Vector> per_step;
    size_t chunk_first = 0;
    bool have_chunk = false;
    for (size_t k = 0; k < limit; ++k) {
      if (use_range && (k == 0 || k - chunk_first >= kChunkSteps)) {
        chunk_first = k;
        size_t last = std::min(limit, k + kChunkSteps) - 1;
        have_chunk = RangeChunk(rule, k, last, &per_step);
      }
      in_.storage->SetVisibleUntil(Ts(k));
      EvalContext ctx = g.Context(Ts(k));
      QueryFunc precomputed;
      if (use_range && have_chunk) {
        precomputed = [&per_step, k, chunk_first](const promql::Expr&,
                                                  int64_t) {
          return Result<promql::Vector>(std::move(per_step[k - chunk_first]));
        };
        ctx.query = &precomputed;
      }
      g.EvalRule(o.index, ctx);
      if (!rule.last_error().ok()) {
        errors_.emplace_back(k, pos,
                             "    rule: " + rule.name() +
                                 ", time: " + GoDurationString(Ts(k)) +
                                 ", err: " + rule.last_error().message());
        if (!error_step_ || k < *error_step_) error_step_ = k;
        limit = std::min(limit, k + 1);
        continue;
      }
      if (alerting) Snapshot(k, static_cast<const AlertingRule&>(rule));
    }
  }

  void Snapshot(size_t k, const AlertingRule& r) {
    auto want = in_.snapshots.find(k);
    if (want == in_.snapshots.end() || !want->second.count(r.name())) return;
    auto& list = alerts_[k][r.name()];
    r.ForEachAlert([&](const Alert& a) {
      if (a.resolved_at != kZeroTime || a.state != AlertState::kFiring) return;
      list.push_back(
          {LabelList(a.labels.begin(), a.labels.end()), a.annotations});
    });
  }

  struct KeyHash {
    size_t operator()(
        const std::tuple<const int64_t*, size_t, int64_t>& k) const {
      return std::hash<const void*>()(std::get<0>(k)) ^
             (std::get<1>(k) * 31 + static_cast<size_t>(std::get<2>(k)));
    }
  };

  const BatchInput& in_;
  std::unique_ptr<promql::Engine> range_engine_;
  std::optional<size_t> error_step_;
  std::vector<std::tuple<size_t, size_t, std::string>> errors_;
  std::map<size_t, std::map<std::string, std::vector<LabelsAndAnnotations>>>
      alerts_;
  std::unordered_map<std::tuple<const int64_t*, size_t, int64_t>, int64_t,
                     KeyHash>
      window_cache_;
};

}  // namespace

bool BatchableRules(const std::vector<OrderedRule>& order) {
  for (size_t i = 0; i < order.size(); ++i) {
    const Rule& r = order[i].rule();
    if (r.is_alerting() &&
        static_cast<const AlertingRule&>(r).TemplatesMayQuery()) {
      return false;
    }
    ExprFacts f = FactsOf(r.expr());
    std::vector<const promql::VectorSelector*> selectors = f.instant;
    for (const auto* m : f.ranges) {
      selectors.push_back(
          static_cast<const promql::VectorSelector*>(m->vector_selector.get()));
    }
    for (size_t j = i; j < order.size(); ++j) {
      for (const std::string& name : WrittenNames(order[j].rule())) {
        for (const auto* sel : selectors) {
          if (MayRead(*sel, name)) return false;
        }
      }
    }
  }
  return true;
}

BatchResult RunBatch(const BatchInput& input) { return Batch(input).Run(); }

}  // namespace tocsin::rules
