// Binary operators: arithmetic, comparisons (with and without `bool`),
// set operators, and vector matching with on / ignoring / group_x.

#include <cmath>

#include "promql/functions/go_math.h"
#include "promql/functions/go_trig.h"
#include "promql/range_eval.h"

namespace tocsin::promql {
namespace {

// Arithmetic drops the metric name; comparisons and atan2 keep it.
bool ShouldDropMetricName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod:
    case BinaryOp::kPow:
      return true;
    default:
      return false;
  }
}

// The value of `l op r` and whether a comparison holds (always true for
// arithmetic). Comparisons yield the left value. ^, % and atan2 use Go's
// math so that results match Prometheus to the last bit.
double ApplyOp(BinaryOp op, double l, double r, bool* keep) {
  *keep = true;
  switch (op) {
    case BinaryOp::kAdd:
      return l + r;
    case BinaryOp::kSub:
      return l - r;
    case BinaryOp::kMul:
      return l * r;
    case BinaryOp::kDiv:
      return l / r;
    case BinaryOp::kMod:
      return GoMod(l, r);
    case BinaryOp::kPow:
      return GoPow(l, r);
    case BinaryOp::kAtan2:
      return GoAtan2(l, r);
    case BinaryOp::kEql:
      *keep = l == r;
      return l;
    case BinaryOp::kNeq:
      *keep = l != r;
      return l;
    case BinaryOp::kGtr:
      *keep = l > r;
      return l;
    case BinaryOp::kLss:
      *keep = l < r;
      return l;
    case BinaryOp::kGte:
      *keep = l >= r;
      return l;
    case BinaryOp::kLte:
      *keep = l <= r;
      return l;
    case BinaryOp::kAnd:
    case BinaryOp::kOr:
    case BinaryOp::kUnless:
      break;
  }
  throw EvalError(std::string("operator \"") + BinaryOpString(op) +
                  "\" not allowed for operations between vectors");
}

// Between two scalars a comparison yields 1 or 0 (the parser requires
// `bool` there).
double ScalarBinop(BinaryOp op, double l, double r) {
  bool keep;
  double value = ApplyOp(op, l, r, &keep);
  if (IsComparisonOp(op)) return keep ? 1 : 0;
  return value;
}

uint64_t Mix(uint64_t a, uint64_t b) {
  return (a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))) *
         0xbf58476d1ce4e5b9ULL;
}

// The per-step state of one vector-vector operation.
class VectorMatcher {
 public:
  VectorMatcher(const BinaryExpr& e) : e_(e), m_(*e.matching) {}

  void And(const Vector& lhs, const Vector& rhs,
           const std::vector<uint64_t>& lk, const std::vector<uint64_t>& rk,
           Vector* out);
  void Or(const Vector& lhs, const Vector& rhs, const std::vector<uint64_t>& lk,
          const std::vector<uint64_t>& rk, Vector* out);
  void Unless(const Vector& lhs, const Vector& rhs,
              const std::vector<uint64_t>& lk, const std::vector<uint64_t>& rk,
              Vector* out);
  void Binop(const Vector& lhs, const Vector& rhs,
             const std::vector<uint64_t>& lk, const std::vector<uint64_t>& rk,
             Vector* out);

 private:
  const Labels& ResultMetric(const Labels& lhs, const Labels& rhs);
  [[noreturn]] void DuplicateOnOneSide(const Labels& a, const Labels& b) const;

  const BinaryExpr& e_;
  const VectorMatching& m_;
  U64Map<char> sigs_;
  U64Map<uint32_t> right_;
  U64Map<char> matched_;
  U64Map<Labels> result_metrics_;
  EvalNodeHelper helper_;
};

void VectorMatcher::And(const Vector& lhs, const Vector& rhs,
                        const std::vector<uint64_t>& lk,
                        const std::vector<uint64_t>& rk, Vector* out) {
  if (lhs.empty() || rhs.empty()) return;
  sigs_.Clear(rhs.size());
  for (uint64_t k : rk) sigs_.Insert(k, 0);
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (sigs_.Find(lk[i]) != nullptr) out->push_back(lhs[i]);
  }
}

void VectorMatcher::Or(const Vector& lhs, const Vector& rhs,
                       const std::vector<uint64_t>& lk,
                       const std::vector<uint64_t>& rk, Vector* out) {
  out->insert(out->end(), lhs.begin(), lhs.end());
  if (lhs.empty() || rhs.empty()) {
    out->insert(out->end(), rhs.begin(), rhs.end());
    return;
  }
  sigs_.Clear(lhs.size());
  for (uint64_t k : lk) sigs_.Insert(k, 0);
  for (size_t j = 0; j < rhs.size(); ++j) {
    if (sigs_.Find(rk[j]) == nullptr) out->push_back(rhs[j]);
  }
}

void VectorMatcher::Unless(const Vector& lhs, const Vector& rhs,
                           const std::vector<uint64_t>& lk,
                           const std::vector<uint64_t>& rk, Vector* out) {
  if (lhs.empty() || rhs.empty()) {
    out->insert(out->end(), lhs.begin(), lhs.end());
    return;
  }
  sigs_.Clear(rhs.size());
  for (uint64_t k : rk) sigs_.Insert(k, 0);
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (sigs_.Find(lk[i]) == nullptr) out->push_back(lhs[i]);
  }
}

void VectorMatcher::DuplicateOnOneSide(const Labels& a, const Labels& b) const {
  std::vector<std::string> names = m_.matching_labels;
  Labels matched;
  if (m_.on) {
    matched = a.Keep(names);
  } else {
    names.emplace_back(kMetricName);
    matched = a.Drop(names);
  }
  const char* side = m_.card == MatchCardinality::kOneToMany ? "left" : "right";
  throw EvalError("found duplicate series for the match group " +
                  matched.ToString() + " on the " + side +
                  " hand-side of the operation: [" + a.ToString() + ", " +
                  b.ToString() +
                  "];many-to-many matching not allowed: matching labels "
                  "must be unique on one side");
}

void VectorMatcher::Binop(const Vector& lhs_in, const Vector& rhs_in,
                          const std::vector<uint64_t>& lk_in,
                          const std::vector<uint64_t>& rk_in, Vector* out) {
  if (lhs_in.empty() || rhs_in.empty()) return;
  // One-to-many is many-to-one with the sides swapped.
  const bool swapped = m_.card == MatchCardinality::kOneToMany;
  const Vector& lhs = swapped ? rhs_in : lhs_in;
  const Vector& rhs = swapped ? lhs_in : rhs_in;
  const std::vector<uint64_t>& lk = swapped ? rk_in : lk_in;
  const std::vector<uint64_t>& rk = swapped ? lk_in : rk_in;

  right_.Clear(rhs.size());
  for (size_t j = 0; j < rhs.size(); ++j) {
    auto [index, inserted] = right_.Insert(rk[j], static_cast<uint32_t>(j));
    if (!inserted) DuplicateOnOneSide(rhs[j].metric, rhs[*index].metric);
  }
  matched_.Clear(lhs.size());
  for (size_t i = 0; i < lhs.size(); ++i) {
    const uint32_t* j = right_.Find(lk[i]);
    if (j == nullptr) continue;
    const Sample& ls = lhs[i];
    const Sample& rs = rhs[*j];
    double vl = swapped ? rs.v : ls.v;
    double vr = swapped ? ls.v : rs.v;
    bool keep;
    double value = ApplyOp(e_.op, vl, vr, &keep);
    if (e_.return_bool) {
      value = keep ? 1 : 0;
    } else if (!keep) {
      continue;
    }
    Labels metric = ResultMetric(ls.metric, rs.metric);
    if (e_.return_bool) metric = helper_.DropMetricName(metric);
    if (m_.card == MatchCardinality::kOneToOne) {
      if (!matched_.Insert(lk[i], 0).second) {
        throw EvalError(
            "multiple matches for labels: many-to-one matching must be "
            "explicit (group_left/group_right)");
      }
    } else if (!matched_.Insert(Mix(lk[i], metric.Hash()), 0).second) {
      throw EvalError(
          "multiple matches for labels: grouping labels must ensure unique "
          "matches");
    }
    out->push_back(Sample{std::move(metric), ls.t, value});
  }
}

// The labels of a result sample: the "many" (left) side's labels, without
// the metric name for arithmetic, reduced to the matching labels for
// one-to-one matching, plus the group_x labels from the "one" side.
const Labels& VectorMatcher::ResultMetric(const Labels& lhs,
                                          const Labels& rhs) {
  uint64_t key = Mix(lhs.Hash(), rhs.Hash());
  if (Labels* cached = result_metrics_.Find(key)) return *cached;
  std::vector<LabelView> kept;
  kept.reserve(lhs.size());
  const auto& names = m_.matching_labels;
  auto listed = [&names](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  for (LabelView l : lhs) {
    if (ShouldDropMetricName(e_.op) && l.name == kMetricName) continue;
    if (m_.card == MatchCardinality::kOneToOne && listed(l.name) != m_.on) {
      continue;
    }
    kept.push_back(l);
  }
  LabelsBuilder b(Labels::FromSorted(kept));
  for (const std::string& name : m_.include) b.Set(name, rhs.Get(name));
  return *result_metrics_.Insert(key, b.Build()).first;
}

// Vector and scalar: the vector's samples, with the scalar on whichever
// side it was written. A comparison keeps the vector's value.
void VectorScalar(const BinaryExpr& e, const Vector& vec, double scalar,
                  bool scalar_left, EvalNodeHelper& helper, Vector* out) {
  const bool drop = ShouldDropMetricName(e.op) || e.return_bool;
  for (const Sample& s : vec) {
    double l = scalar_left ? scalar : s.v;
    double r = scalar_left ? s.v : scalar;
    bool keep;
    double value = ApplyOp(e.op, l, r, &keep);
    if (IsComparisonOp(e.op) && scalar_left) value = r;
    if (e.return_bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    out->push_back(
        Sample{drop ? helper.DropMetricName(s.metric) : s.metric, s.t, value});
  }
}

}  // namespace

EvalMatrix Evaluator::EvalBinary(const BinaryExpr& e) {
  const Expr* operands[] = {e.lhs.get(), e.rhs.get()};
  const ValueType lt = e.lhs->type();
  const ValueType rt = e.rhs->type();

  if (lt == ValueType::kScalar && rt == ValueType::kScalar) {
    return RangeEval(
        operands, nullptr, [&e](int64_t ts, StepArgs& args, Vector* out) {
          double v =
              ScalarBinop(e.op, args.vectors[0][0].v, args.vectors[1][0].v);
          out->push_back(Sample{Labels(), ts, v});
        });
  }

  if (lt == ValueType::kVector && rt == ValueType::kVector) {
    const VectorMatching& m = *e.matching;
    std::vector<std::string> names = m.matching_labels;
    auto signature = [&m, &names](const Labels& l) {
      return m.on ? l.HashForLabels(names) : l.HashWithoutLabels(names);
    };
    VectorMatcher matcher(e);
    return RangeEval(
        operands, signature, [&e, &matcher](int64_t, StepArgs& a, Vector* out) {
          const Vector& l = a.vectors[0];
          const Vector& r = a.vectors[1];
          switch (e.op) {
            case BinaryOp::kAnd:
              return matcher.And(l, r, a.keys[0], a.keys[1], out);
            case BinaryOp::kOr:
              return matcher.Or(l, r, a.keys[0], a.keys[1], out);
            case BinaryOp::kUnless:
              return matcher.Unless(l, r, a.keys[0], a.keys[1], out);
            default:
              return matcher.Binop(l, r, a.keys[0], a.keys[1], out);
          }
        });
  }

  const bool scalar_left = lt == ValueType::kScalar;
  EvalNodeHelper helper;
  return RangeEval(operands, nullptr,
                   [&](int64_t, StepArgs& args, Vector* out) {
                     const Vector& vec = args.vectors[scalar_left ? 1 : 0];
                     const Vector& sc = args.vectors[scalar_left ? 0 : 1];
                     if (sc.empty()) return;
                     VectorScalar(e, vec, sc[0].v, scalar_left, helper, out);
                   });
}

}  // namespace tocsin::promql
