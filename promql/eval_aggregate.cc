// Aggregation operators: sum, avg, count, min, max, group, stddev, stdvar,
// topk, bottomk, count_values and quantile, by or without labels.

#include <algorithm>
#include <cmath>

#include "promql/functions/quantile.h"
#include "promql/go_format.h"
#include "promql/range_eval.h"

namespace tocsin::promql {
namespace {

struct RankedSample {
  Labels metric;
  double v = 0;
};

// Go's container/heap over `h` with the ordering `less`, so that topk and
// bottomk keep exactly the samples Prometheus keeps when values tie.
template <typename Less>
void HeapUp(std::vector<RankedSample>& h, size_t j, Less less) {
  while (j > 0) {
    size_t i = (j - 1) / 2;
    if (!less(h[j], h[i])) break;
    std::swap(h[i], h[j]);
    j = i;
  }
}

template <typename Less>
void HeapDown(std::vector<RankedSample>& h, size_t i, size_t n, Less less) {
  for (;;) {
    size_t j = 2 * i + 1;
    if (j >= n) break;
    if (j + 1 < n && less(h[j + 1], h[j])) ++j;
    if (!less(h[j], h[i])) break;
    std::swap(h[i], h[j]);
    i = j;
  }
}

template <typename Less>
void HeapPush(std::vector<RankedSample>& h, RankedSample s, Less less) {
  h.push_back(std::move(s));
  HeapUp(h, h.size() - 1, less);
}

template <typename Less>
void HeapPop(std::vector<RankedSample>& h, Less less) {
  size_t n = h.size() - 1;
  std::swap(h[0], h[n]);
  HeapDown(h, 0, n, less);
  h.pop_back();
}

// topk's heap keeps the smallest on top; NaN counts as smallest.
bool TopLess(const RankedSample& a, const RankedSample& b) {
  return std::isnan(a.v) || a.v < b.v;
}
// bottomk's heap keeps the largest on top; NaN counts as largest.
bool BottomLess(const RankedSample& a, const RankedSample& b) {
  return std::isnan(a.v) || a.v > b.v;
}

// Sorts the heap for output with `before` as Go's sort.Sort(sort.Reverse())
// does: insertion sort (stable) for short slices.
template <typename Less>
void SortForOutput(std::vector<RankedSample>& h, Less heap_less) {
  auto before = [&](const RankedSample& a, const RankedSample& b) {
    return heap_less(b, a);
  };
  if (h.size() <= 12) {
    for (size_t i = 1; i < h.size(); ++i) {
      for (size_t j = i; j > 0 && before(h[j], h[j - 1]); --j) {
        std::swap(h[j], h[j - 1]);
      }
    }
    return;
  }
  std::stable_sort(h.begin(), h.end(),
                   [&](const RankedSample& a, const RankedSample& b) {
                     if (std::isnan(a.v)) return false;
                     if (std::isnan(b.v)) return true;
                     return before(a, b);
                   });
}

struct Group {
  Labels labels;
  double value = 0;
  double mean = 0;
  int64_t count = 0;
  std::vector<RankedSample> heap;
  std::vector<double> values;  // quantile
};

// One aggregation node, applied step by step.
class Aggregator {
 public:
  Aggregator(const AggregateExpr& e, std::vector<std::string> grouping)
      : op_(e.op), without_(e.without), grouping_(std::move(grouping)) {}

  uint64_t GroupingKey(const Labels& l) const {
    if (without_) return l.HashWithoutLabels(grouping_);
    if (grouping_.empty()) return 0;
    return l.HashForLabels(grouping_);
  }

  void Aggregate(double param, const std::string& value_label,
                 const Vector& vec, const std::vector<uint64_t>& keys,
                 Vector* out);

 private:
  Labels GroupLabels(const Labels& metric,
                     const std::vector<std::string>& grouping) const;
  void Add(Group& g, const Sample& s, int64_t k) const;
  void Emit(Group& g, double q, Vector* out) const;

  const AggregateOp op_;
  const bool without_;
  const std::vector<std::string> grouping_;  // sorted
  U64Map<uint32_t> index_;
  std::vector<Group> groups_;
};

Labels Aggregator::GroupLabels(const Labels& metric,
                               const std::vector<std::string>& grouping) const {
  if (without_) {
    std::vector<std::string> drop = grouping;
    drop.emplace_back(kMetricName);
    return metric.Drop(drop);
  }
  if (grouping.empty()) return Labels();
  return metric.Keep(grouping);
}

void Aggregator::Aggregate(double param, const std::string& value_label,
                           const Vector& vec, const std::vector<uint64_t>& keys,
                           Vector* out) {
  int64_t k = 0;
  if (op_ == AggregateOp::kTopK || op_ == AggregateOp::kBottomK) {
    // The largest float64 below 2^63, and -2^63.
    if (!(param <= 9223372036854774784.0 && param >= -9223372036854775808.0)) {
      throw EvalError("Scalar value " + FormatFloatG(param) +
                      " overflows int64");
    }
    k = static_cast<int64_t>(param);
    if (k < 1) return;
  }
  const bool count_values = op_ == AggregateOp::kCountValues;
  std::vector<std::string> grouping = grouping_;
  if (count_values) {
    if (!IsValidLabelName(value_label)) {
      throw EvalError("invalid label name " + GoQuote(value_label));
    }
    if (!without_) {
      grouping.push_back(value_label);
      std::sort(grouping.begin(), grouping.end());
    }
  }

  index_.Clear(vec.size());
  groups_.clear();
  for (size_t i = 0; i < vec.size(); ++i) {
    Sample s = vec[i];
    uint64_t key = keys[i];
    if (count_values) {
      s.metric =
          LabelsBuilder(s.metric).Set(value_label, FormatFloatF(s.v)).Build();
      key = without_ ? s.metric.HashWithoutLabels(grouping)
                     : s.metric.HashForLabels(grouping);
    }
    auto [index, inserted] =
        index_.Insert(key, static_cast<uint32_t>(groups_.size()));
    if (!inserted) {
      Add(groups_[*index], s, k);
      continue;
    }
    Group& g = groups_.emplace_back();
    g.labels = GroupLabels(s.metric, grouping);
    g.value = s.v;
    g.mean = s.v;
    g.count = 1;
    switch (op_) {
      case AggregateOp::kStddev:
      case AggregateOp::kStdvar:
        g.value = 0;
        break;
      case AggregateOp::kTopK:
      case AggregateOp::kBottomK:
        g.heap.push_back({vec[i].metric, s.v});
        break;
      case AggregateOp::kQuantile:
        g.values.push_back(s.v);
        break;
      case AggregateOp::kGroup:
        g.value = 1;
        break;
      default:
        break;
    }
  }
  for (Group& g : groups_) Emit(g, param, out);
}

void Aggregator::Add(Group& g, const Sample& s, int64_t k) const {
  switch (op_) {
    case AggregateOp::kSum:
      g.value += s.v;
      break;
    case AggregateOp::kAvg:
      ++g.count;
      if (std::isinf(g.mean)) {
        // An infinite mean stays as it is unless a NaN or an infinity of
        // the other sign arrives.
        if (std::isinf(s.v) && (g.mean > 0) == (s.v > 0)) break;
        if (!std::isinf(s.v) && !std::isnan(s.v)) break;
      }
      g.mean += s.v / static_cast<double>(g.count) -
                g.mean / static_cast<double>(g.count);
      break;
    case AggregateOp::kGroup:
      break;
    case AggregateOp::kMax:
      if (g.value < s.v || std::isnan(g.value)) g.value = s.v;
      break;
    case AggregateOp::kMin:
      if (g.value > s.v || std::isnan(g.value)) g.value = s.v;
      break;
    case AggregateOp::kCount:
    case AggregateOp::kCountValues:
      ++g.count;
      break;
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar: {
      ++g.count;
      double delta = s.v - g.mean;
      g.mean += delta / static_cast<double>(g.count);
      g.value += delta * (s.v - g.mean);
      break;
    }
    case AggregateOp::kTopK:
    case AggregateOp::kBottomK: {
      auto less = op_ == AggregateOp::kTopK ? TopLess : BottomLess;
      const double top = g.heap[0].v;
      bool better = op_ == AggregateOp::kTopK ? top < s.v : top > s.v;
      if (static_cast<int64_t>(g.heap.size()) < k || better ||
          std::isnan(top)) {
        if (static_cast<int64_t>(g.heap.size()) == k) {
          if (k == 1) {
            g.heap[0] = {s.metric, s.v};
            break;
          }
          HeapPop(g.heap, less);
        }
        HeapPush(g.heap, {s.metric, s.v}, less);
      }
      break;
    }
    case AggregateOp::kQuantile:
      g.values.push_back(s.v);
      break;
  }
}

void Aggregator::Emit(Group& g, double q, Vector* out) const {
  double value = g.value;
  switch (op_) {
    case AggregateOp::kAvg:
      value = g.mean;
      break;
    case AggregateOp::kCount:
    case AggregateOp::kCountValues:
      value = static_cast<double>(g.count);
      break;
    case AggregateOp::kStdvar:
      value = g.value / static_cast<double>(g.count);
      break;
    case AggregateOp::kStddev:
      value = std::sqrt(g.value / static_cast<double>(g.count));
      break;
    case AggregateOp::kTopK:
    case AggregateOp::kBottomK:
      if (g.heap.size() > 1) {
        SortForOutput(g.heap, op_ == AggregateOp::kTopK ? TopLess : BottomLess);
      }
      for (RankedSample& s : g.heap) {
        out->push_back(Sample{std::move(s.metric), 0, s.v});
      }
      return;
    case AggregateOp::kQuantile:
      value = Quantile(q, &g.values);
      break;
    default:
      break;
  }
  out->push_back(Sample{std::move(g.labels), 0, value});
}

}  // namespace

EvalMatrix Evaluator::EvalAggregate(const AggregateExpr& e) {
  std::vector<std::string> grouping = e.grouping;
  std::sort(grouping.begin(), grouping.end());
  Aggregator aggregator(e, std::move(grouping));
  auto key = [&aggregator](const Labels& l) {
    return aggregator.GroupingKey(l);
  };

  const Expr* param = e.param ? UnwrapParens(e.param.get()) : nullptr;
  if (param != nullptr && param->kind == NodeKind::kStringLiteral) {
    const std::string& label = static_cast<const StringLiteral*>(param)->value;
    const Expr* exprs[] = {e.expr.get()};
    return RangeEval(exprs, key, [&](int64_t, StepArgs& a, Vector* out) {
      aggregator.Aggregate(0, label, a.vectors[0], a.keys[0], out);
    });
  }
  const Expr* exprs[] = {e.param.get(), e.expr.get()};
  static const std::string kNoLabel;
  return RangeEval(exprs, key, [&](int64_t, StepArgs& a, Vector* out) {
    double p = 0;
    if (e.param && !a.vectors[0].empty()) p = a.vectors[0][0].v;
    aggregator.Aggregate(p, kNoLabel, a.vectors[1], a.keys[1], out);
  });
}

}  // namespace tocsin::promql
