// The type checker that runs after a successful parse (Prometheus's
// checkAST): argument and operand types, and the rules for `bool`, vector
// matching and selectors. It visits nodes in Prometheus's order so that the
// first error is the one Prometheus reports.

#include "promql/go_format.h"
#include "promql/parser/functions.h"
#include "promql/parser/parser_impl.h"

namespace tocsin::promql {
namespace {

bool IsScalarOrVector(ValueType t) {
  return t == ValueType::kScalar || t == ValueType::kVector;
}

class Checker {
 public:
  explicit Checker(std::string_view input) : input_(input) {}

  ValueType Check(Expr* e);
  const Status& status() const { return status_; }

 private:
  bool failed() const { return !status_.ok(); }
  void Error(int pos, std::string message) {
    if (!failed()) status_ = MakeParseError(input_, pos, message);
  }
  void ExpectType(Expr* e, ValueType want, std::string_view context);
  // The position of a binary operator: the first non-space after the LHS.
  int OperatorPos(const BinaryExpr& b) const;

  ValueType CheckAggregate(AggregateExpr* e);
  ValueType CheckBinary(BinaryExpr* e);
  ValueType CheckCall(Call* e);
  ValueType CheckVectorSelector(VectorSelector* e);

  std::string_view input_;
  Status status_;
};

void Checker::ExpectType(Expr* e, ValueType want, std::string_view context) {
  ValueType t = Check(e);
  if (failed() || t == want) return;
  Error(e->pos.start,
        std::string("expected type ") + DocumentedValueTypeName(want) + " in " +
            std::string(context) + ", got " + DocumentedValueTypeName(t));
}

int Checker::OperatorPos(const BinaryExpr& b) const {
  int pos = b.lhs->pos.end;
  while (pos < static_cast<int>(input_.size())) {
    char c = input_[pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++pos;
  }
  return pos;
}

ValueType Checker::Check(Expr* e) {
  if (failed()) return ValueType::kNone;
  switch (e->kind) {
    case NodeKind::kAggregate:
      return CheckAggregate(static_cast<AggregateExpr*>(e));
    case NodeKind::kBinary:
      return CheckBinary(static_cast<BinaryExpr*>(e));
    case NodeKind::kCall:
      return CheckCall(static_cast<Call*>(e));
    case NodeKind::kParen:
      return Check(static_cast<ParenExpr*>(e)->expr.get());
    case NodeKind::kUnary: {
      ValueType t = Check(static_cast<UnaryExpr*>(e)->expr.get());
      if (!failed() && !IsScalarOrVector(t)) {
        Error(e->pos.start,
              std::string("unary expression only allowed on expressions of "
                          "type scalar or instant vector, got ") +
                  GoQuote(DocumentedValueTypeName(t)));
      }
      return t;
    }
    case NodeKind::kSubquery: {
      ValueType t = Check(static_cast<SubqueryExpr*>(e)->expr.get());
      if (!failed() && t != ValueType::kVector) {
        Error(e->pos.start,
              std::string("subquery is only allowed on instant vector, got ") +
                  ValueTypeName(t) + " instead");
      }
      return ValueType::kMatrix;
    }
    case NodeKind::kMatrixSelector:
      Check(static_cast<MatrixSelector*>(e)->vector_selector.get());
      return ValueType::kMatrix;
    case NodeKind::kVectorSelector:
      return CheckVectorSelector(static_cast<VectorSelector*>(e));
    case NodeKind::kNumberLiteral:
      return ValueType::kScalar;
    case NodeKind::kStringLiteral:
      return ValueType::kString;
  }
  return ValueType::kNone;
}

ValueType Checker::CheckAggregate(AggregateExpr* e) {
  ExpectType(e->expr.get(), ValueType::kVector, "aggregation expression");
  if (e->op == AggregateOp::kTopK || e->op == AggregateOp::kBottomK ||
      e->op == AggregateOp::kQuantile) {
    ExpectType(e->param.get(), ValueType::kScalar, "aggregation parameter");
  }
  if (e->op == AggregateOp::kCountValues) {
    ExpectType(e->param.get(), ValueType::kString, "aggregation parameter");
  }
  return ValueType::kVector;
}

ValueType Checker::CheckBinary(BinaryExpr* e) {
  ValueType lt = Check(e->lhs.get());
  ValueType rt = Check(e->rhs.get());
  if (failed()) return ValueType::kNone;
  VectorMatching& vm = *e->matching;
  if (e->return_bool && !IsComparisonOp(e->op)) {
    Error(OperatorPos(*e),
          "bool modifier can only be used on comparison operators");
  }
  if (IsComparisonOp(e->op) && !e->return_bool && lt == ValueType::kScalar &&
      rt == ValueType::kScalar) {
    Error(OperatorPos(*e),
          "comparisons between scalars must use BOOL modifier");
  }
  if (IsSetOp(e->op) && vm.card == MatchCardinality::kOneToOne) {
    vm.card = MatchCardinality::kManyToMany;
  }
  if (vm.on) {
    for (const auto& l1 : vm.matching_labels) {
      for (const auto& l2 : vm.include) {
        if (l1 == l2) {
          Error(OperatorPos(*e), "label " + GoQuote(l1) +
                                     " must not occur in ON and GROUP clause "
                                     "at once");
        }
      }
    }
  }
  if (!IsScalarOrVector(lt)) {
    Error(e->lhs->pos.start,
          "binary expression must contain only scalar and instant vector "
          "types");
  }
  if (!IsScalarOrVector(rt)) {
    Error(e->rhs->pos.start,
          "binary expression must contain only scalar and instant vector "
          "types");
  }
  std::string op_name = GoQuote(BinaryOpString(e->op));
  if (lt != ValueType::kVector || rt != ValueType::kVector) {
    if (!vm.matching_labels.empty()) {
      Error(e->pos.start,
            "vector matching only allowed between instant vectors");
    }
    e->matching.reset();
  } else if (IsSetOp(e->op)) {
    if (vm.card == MatchCardinality::kOneToMany ||
        vm.card == MatchCardinality::kManyToOne) {
      Error(e->pos.start, "no grouping allowed for " + op_name + " operation");
    }
    if (vm.card != MatchCardinality::kManyToMany) {
      Error(e->pos.start, "set operations must always be many-to-many");
    }
  }
  if ((lt == ValueType::kScalar || rt == ValueType::kScalar) &&
      IsSetOp(e->op)) {
    Error(e->pos.start, "set operator " + op_name +
                            " not allowed in binary scalar expression");
  }
  return lt == ValueType::kScalar && rt == ValueType::kScalar
             ? ValueType::kScalar
             : ValueType::kVector;
}

ValueType Checker::CheckCall(Call* e) {
  const FunctionDef& f = *e->func;
  const size_t nargs = f.arg_types.size();
  const size_t got = e->args.size();
  const std::string name = GoQuote(f.name);
  if (f.variadic == 0) {
    if (nargs != got) {
      Error(e->pos.start, "expected " + std::to_string(nargs) +
                              " argument(s) in call to " + name + ", got " +
                              std::to_string(got));
    }
  } else {
    const size_t min = nargs - 1;
    if (min > got) {
      Error(e->pos.start, "expected at least " + std::to_string(min) +
                              " argument(s) in call to " + name + ", got " +
                              std::to_string(got));
    } else if (f.variadic > 0 && min + f.variadic < got) {
      Error(e->pos.start, "expected at most " +
                              std::to_string(min + f.variadic) +
                              " argument(s) in call to " + name + ", got " +
                              std::to_string(got));
    }
  }
  const std::string context = "call to function " + name;
  for (size_t i = 0; i < got && !failed(); ++i) {
    size_t t = i;
    if (t >= nargs) {
      if (f.variadic == 0) break;
      t = nargs - 1;
    }
    ExpectType(e->args[i].get(), f.arg_types[t], context);
  }
  return f.return_type;
}

ValueType Checker::CheckVectorSelector(VectorSelector* e) {
  if (!e->name.empty()) {
    // The last matcher is the one for the name outside the braces.
    for (size_t i = 0; i + 1 < e->matchers.size(); ++i) {
      const Matcher& m = e->matchers[i];
      if (m.name() == kMetricName) {
        Error(e->pos.start, "metric name must not be set twice: " +
                                GoQuote(e->name) + " or " + GoQuote(m.value()));
      }
    }
    return ValueType::kVector;
  }
  for (const Matcher& m : e->matchers) {
    if (!m.MatchesEmpty()) return ValueType::kVector;
  }
  Error(e->pos.start,
        "vector selector must contain at least one non-empty matcher");
  return ValueType::kVector;
}

}  // namespace

Status CheckAst(std::string_view input, Expr* root) {
  Checker checker(input);
  checker.Check(root);
  return checker.status();
}

}  // namespace tocsin::promql
