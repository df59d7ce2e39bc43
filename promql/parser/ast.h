// The PromQL abstract syntax tree, as Prometheus 2.42's parser builds it.
//
// Every node owns its children (unique_ptr). Nodes are built by the parser
// and are immutable afterwards, so a parsed expression can be evaluated by
// several threads at once. `pos` is the node's byte range in the input,
// used for error positions. Print() (printer.h) renders a node back to
// PromQL text that parses to the same tree.

#ifndef TOCSIN_PROMQL_PARSER_AST_H_
#define TOCSIN_PROMQL_PARSER_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "promql/matcher.h"
#include "promql/value.h"

namespace tocsin::promql {

struct FunctionDef;  // parser/functions.h

struct PositionRange {
  int start = 0;  // byte offset of the first character
  int end = 0;    // byte offset one past the last character
};

enum class NodeKind {
  kAggregate,
  kBinary,
  kCall,
  kMatrixSelector,
  kSubquery,
  kNumberLiteral,
  kParen,
  kStringLiteral,
  kUnary,
  kVectorSelector,
};

// Binary and unary operators.
enum class BinaryOp {
  kAdd,     // +
  kSub,     // -
  kMul,     // *
  kDiv,     // /
  kMod,     // %
  kPow,     // ^
  kEql,     // ==
  kNeq,     // !=
  kGtr,     // >
  kLss,     // <
  kGte,     // >=
  kLte,     // <=
  kAnd,     // and
  kOr,      // or
  kUnless,  // unless
  kAtan2,   // atan2
};
// The operator as written in PromQL ("+", "==", "and", "atan2", ...).
const char* BinaryOpString(BinaryOp op);
bool IsComparisonOp(BinaryOp op);
bool IsSetOp(BinaryOp op);  // and, or, unless

enum class AggregateOp {
  kSum,
  kAvg,
  kCount,
  kMin,
  kMax,
  kGroup,
  kStddev,
  kStdvar,
  kTopK,
  kBottomK,
  kCountValues,
  kQuantile,
};
// "sum", "avg", ..., "count_values", "quantile".
const char* AggregateOpString(AggregateOp op);

// `@ start()` / `@ end()` before the engine resolves them to timestamps.
enum class AtModifier { kNone, kStart, kEnd };

struct Expr {
  explicit Expr(NodeKind k) : kind(k) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  // The type of the value this expression evaluates to.
  ValueType type() const;

  const NodeKind kind;
  PositionRange pos;
};
using ExprPtr = std::unique_ptr<Expr>;

struct NumberLiteral : Expr {
  NumberLiteral() : Expr(NodeKind::kNumberLiteral) {}
  double value = 0;
};

struct StringLiteral : Expr {
  StringLiteral() : Expr(NodeKind::kStringLiteral) {}
  std::string value;  // unquoted
};

struct ParenExpr : Expr {
  ParenExpr() : Expr(NodeKind::kParen) {}
  ExprPtr expr;
};

// Unary minus or plus.
struct UnaryExpr : Expr {
  UnaryExpr() : Expr(NodeKind::kUnary) {}
  BinaryOp op = BinaryOp::kSub;  // kSub or kAdd
  ExprPtr expr;
};

struct VectorSelector : Expr {
  VectorSelector() : Expr(NodeKind::kVectorSelector) {}
  std::string name;  // metric name if given as `name{...}`, else ""
  // All matchers, including a __name__ equality matcher for `name`.
  std::vector<Matcher> matchers;
  int64_t offset_ms = 0;         // `offset 5m` -> 300000; negative allowed
  std::optional<int64_t> at_ms;  // `@ 1609746000` -> 1609746000000
  AtModifier at_modifier = AtModifier::kNone;  // `@ start()` / `@ end()`
};

// `selector[range]`. `vector_selector` is always a VectorSelector.
struct MatrixSelector : Expr {
  MatrixSelector() : Expr(NodeKind::kMatrixSelector) {}
  ExprPtr vector_selector;
  int64_t range_ms = 0;
};

// `expr[range:step]`; step_ms is 0 when omitted (the engine then uses the
// default evaluation interval).
struct SubqueryExpr : Expr {
  SubqueryExpr() : Expr(NodeKind::kSubquery) {}
  ExprPtr expr;
  int64_t range_ms = 0;
  int64_t step_ms = 0;
  int64_t offset_ms = 0;
  std::optional<int64_t> at_ms;
  AtModifier at_modifier = AtModifier::kNone;
};

enum class MatchCardinality { kOneToOne, kManyToOne, kOneToMany, kManyToMany };

struct VectorMatching {
  MatchCardinality card = MatchCardinality::kOneToOne;
  // The labels named in on(...) or ignoring(...).
  std::vector<std::string> matching_labels;
  bool on = false;  // on(...) rather than ignoring(...)
  // The extra labels of group_left(...) / group_right(...).
  std::vector<std::string> include;
};

struct BinaryExpr : Expr {
  BinaryExpr() : Expr(NodeKind::kBinary) {}
  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs;
  ExprPtr rhs;
  // Set whenever both operands are instant vectors (one-to-one by default,
  // many-to-many for set operators), as Prometheus's parser does; also set
  // when the query spelled out on/ignoring/group_x.
  std::optional<VectorMatching> matching;
  bool return_bool = false;  // the `bool` modifier of comparisons
};

struct Call : Expr {
  Call() : Expr(NodeKind::kCall) {}
  const FunctionDef* func = nullptr;
  std::vector<ExprPtr> args;
};

struct AggregateExpr : Expr {
  AggregateExpr() : Expr(NodeKind::kAggregate) {}
  AggregateOp op = AggregateOp::kSum;
  ExprPtr expr;
  ExprPtr param;  // topk/bottomk/quantile/count_values parameter, else null
  std::vector<std::string> grouping;  // by/without labels, as written
  bool without = false;
};

// Returns `e` with any number of enclosing parentheses removed.
const Expr* UnwrapParens(const Expr* e);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_AST_H_
