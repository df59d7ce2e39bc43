// Function calls, aggregations, grouping label lists and the modifiers of
// binary operators (`bool`, `on`, `ignoring`, `group_left`, `group_right`).

#include "promql/go_format.h"
#include "promql/parser/functions.h"
#include "promql/parser/parser_impl.h"

namespace tocsin::promql {
namespace {

AggregateOp ToAggregateOp(TokenType t) {
  switch (t) {
    case TokenType::kSum:
      return AggregateOp::kSum;
    case TokenType::kAvg:
      return AggregateOp::kAvg;
    case TokenType::kCount:
      return AggregateOp::kCount;
    case TokenType::kMin:
      return AggregateOp::kMin;
    case TokenType::kMax:
      return AggregateOp::kMax;
    case TokenType::kGroup:
      return AggregateOp::kGroup;
    case TokenType::kStddev:
      return AggregateOp::kStddev;
    case TokenType::kStdvar:
      return AggregateOp::kStdvar;
    case TokenType::kTopk:
      return AggregateOp::kTopK;
    case TokenType::kBottomk:
      return AggregateOp::kBottomK;
    case TokenType::kCountValues:
      return AggregateOp::kCountValues;
    default:
      return AggregateOp::kQuantile;
  }
}

bool TakesParameter(AggregateOp op) {
  return op == AggregateOp::kTopK || op == AggregateOp::kBottomK ||
         op == AggregateOp::kCountValues || op == AggregateOp::kQuantile;
}

}  // namespace

bool Parser::ParseCallArgs(std::vector<ExprPtr>* args) {
  Consume();  // (
  if (Peek().type == TokenType::kRightParen) {
    Consume();
    return true;
  }
  for (;;) {
    ExprPtr arg = ParseExpr();
    if (arg == nullptr) return false;
    args->push_back(std::move(arg));
    TokenType next = Peek().type;
    if (failed_) return false;
    if (next == TokenType::kRightParen) {
      Consume();
      return true;
    }
    if (next != TokenType::kComma) {
      UnexpectedHere();
      return false;
    }
    Token comma = Consume();
    TokenType after = Peek().type;
    if (failed_) return false;
    if (!StartsExpr(after)) {
      ErrorAt(comma.pos, "trailing commas not allowed in function call args");
      return false;
    }
  }
}

ExprPtr Parser::ParseFunctionCall(const Token& name) {
  std::vector<ExprPtr> args;
  if (!ParseCallArgs(&args)) return nullptr;
  const FunctionDef* func = LookupFunction(name.val);
  if (func == nullptr) {
    ErrorAt(name.pos, "unknown function with name " + GoQuote(name.val));
    return nullptr;
  }
  auto call = std::make_unique<Call>();
  call->func = func;
  call->args = std::move(args);
  call->pos = {name.pos, last_end_};
  return call;
}

ExprPtr Parser::ParseAggregate(const Token& op) {
  AggregationScope scope(this);
  auto agg = std::make_unique<AggregateExpr>();
  agg->op = ToAggregateOp(op.type);
  bool modifier_first = Peek().type != TokenType::kLeftParen;
  if (modifier_first) {
    if (!ParseAggregateModifier(agg.get())) return nullptr;
    if (Peek().type != TokenType::kLeftParen) {
      UnexpectedHere();
      return nullptr;
    }
  }
  std::vector<ExprPtr> args;
  if (!ParseCallArgs(&args)) return nullptr;
  if (!modifier_first) {
    TokenType next = Peek().type;
    if (failed_) return nullptr;
    if ((next == TokenType::kBy || next == TokenType::kWithout) &&
        !ParseAggregateModifier(agg.get())) {
      return nullptr;
    }
  }
  agg->pos = {op.pos, last_end_};
  if (args.empty()) {
    ErrorAt(op.pos, "no arguments for aggregate expression provided");
    return nullptr;
  }
  size_t want = TakesParameter(agg->op) ? 2 : 1;
  if (args.size() != want) {
    ErrorAt(op.pos,
            "wrong number of arguments for aggregate expression provided, "
            "expected " +
                std::to_string(want) + ", got " + std::to_string(args.size()));
    return nullptr;
  }
  if (want == 2) agg->param = std::move(args[0]);
  agg->expr = std::move(args[want - 1]);
  return agg;
}

bool Parser::ParseAggregateModifier(AggregateExpr* agg) {
  agg->without = Consume().type == TokenType::kWithout;
  return ParseGroupingLabels(&agg->grouping);
}

bool Parser::ParseGroupingLabels(std::vector<std::string>* labels) {
  constexpr std::string_view kContext = "grouping opts";
  if (Peek().type != TokenType::kLeftParen) {
    Unexpected(kContext, "\"(\"");
    return false;
  }
  Consume();
  if (Peek().type == TokenType::kRightParen) {
    Consume();
    return true;
  }
  for (;;) {
    if (!IsLabelToken(Peek().type)) {
      Unexpected(kContext, "label");
      return false;
    }
    Token label = Consume();
    if (!IsValidLabelName(label.val)) {
      UnexpectedToken(label, kContext, "label");
      return false;
    }
    labels->emplace_back(label.val);
    TokenType next = Peek().type;
    if (next == TokenType::kRightParen) {
      Consume();
      return true;
    }
    if (next != TokenType::kComma) {
      Unexpected(kContext, "\",\" or \")\"");
      return false;
    }
    Consume();
    if (Peek().type == TokenType::kRightParen) {
      Consume();
      return true;
    }
  }
}

bool Parser::ParseBinaryModifiers(bool* return_bool, VectorMatching* matching) {
  matching->card = MatchCardinality::kOneToOne;
  if (Peek().type == TokenType::kBool) {
    Consume();
    *return_bool = true;
  }
  TokenType next = Peek().type;
  if (next != TokenType::kOn && next != TokenType::kIgnoring) return !failed_;
  Consume();
  matching->on = next == TokenType::kOn;
  if (!ParseGroupingLabels(&matching->matching_labels)) return false;
  next = Peek().type;
  if (next != TokenType::kGroupLeft && next != TokenType::kGroupRight) {
    return !failed_;
  }
  Consume();
  matching->card = next == TokenType::kGroupLeft ? MatchCardinality::kManyToOne
                                                 : MatchCardinality::kOneToMany;
  next = Peek().type;
  if (next == TokenType::kLeftParen) {
    return ParseGroupingLabels(&matching->include);
  }
  if (!StartsExpr(next)) {
    Unexpected("grouping opts", "\"(\"");
    return false;
  }
  return true;
}

}  // namespace tocsin::promql
