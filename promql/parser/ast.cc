#include "promql/parser/ast.h"

#include "promql/parser/functions.h"

namespace tocsin::promql {

const char* BinaryOpString(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kEql:
      return "==";
    case BinaryOp::kNeq:
      return "!=";
    case BinaryOp::kGtr:
      return ">";
    case BinaryOp::kLss:
      return "<";
    case BinaryOp::kGte:
      return ">=";
    case BinaryOp::kLte:
      return "<=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
    case BinaryOp::kAtan2:
      return "atan2";
  }
  return "?";
}

bool IsComparisonOp(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEql:
    case BinaryOp::kNeq:
    case BinaryOp::kGtr:
    case BinaryOp::kLss:
    case BinaryOp::kGte:
    case BinaryOp::kLte:
      return true;
    default:
      return false;
  }
}

bool IsSetOp(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

const char* AggregateOpString(AggregateOp op) {
  switch (op) {
    case AggregateOp::kSum:
      return "sum";
    case AggregateOp::kAvg:
      return "avg";
    case AggregateOp::kCount:
      return "count";
    case AggregateOp::kMin:
      return "min";
    case AggregateOp::kMax:
      return "max";
    case AggregateOp::kGroup:
      return "group";
    case AggregateOp::kStddev:
      return "stddev";
    case AggregateOp::kStdvar:
      return "stdvar";
    case AggregateOp::kTopK:
      return "topk";
    case AggregateOp::kBottomK:
      return "bottomk";
    case AggregateOp::kCountValues:
      return "count_values";
    case AggregateOp::kQuantile:
      return "quantile";
  }
  return "?";
}

ValueType Expr::type() const {
  const Expr* e = this;
  // Parentheses and unary operators have their operand's type.
  while (e->kind == NodeKind::kParen || e->kind == NodeKind::kUnary) {
    e = e->kind == NodeKind::kParen
            ? static_cast<const ParenExpr*>(e)->expr.get()
            : static_cast<const UnaryExpr*>(e)->expr.get();
  }
  switch (e->kind) {
    case NodeKind::kAggregate:
    case NodeKind::kVectorSelector:
      return ValueType::kVector;
    case NodeKind::kCall:
      return static_cast<const Call*>(e)->func->return_type;
    case NodeKind::kMatrixSelector:
    case NodeKind::kSubquery:
      return ValueType::kMatrix;
    case NodeKind::kNumberLiteral:
      return ValueType::kScalar;
    case NodeKind::kStringLiteral:
      return ValueType::kString;
    case NodeKind::kBinary: {
      const auto* b = static_cast<const BinaryExpr*>(e);
      return b->lhs->type() == ValueType::kScalar &&
                     b->rhs->type() == ValueType::kScalar
                 ? ValueType::kScalar
                 : ValueType::kVector;
    }
    case NodeKind::kParen:
    case NodeKind::kUnary:
      break;
  }
  return ValueType::kNone;
}

const Expr* UnwrapParens(const Expr* e) {
  while (e != nullptr && e->kind == NodeKind::kParen) {
    e = static_cast<const ParenExpr*>(e)->expr.get();
  }
  return e;
}

}  // namespace tocsin::promql
