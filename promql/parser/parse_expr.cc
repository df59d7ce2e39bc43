// Expressions: binary operators by precedence, unary operators, literals,
// parentheses, and the postfix modifiers (`[...]`, `offset`, `@`).

#include <charconv>
#include <cmath>

#include "promql/go_format.h"
#include "promql/number_text.h"
#include "promql/parser/parser_impl.h"

namespace tocsin::promql {
namespace {

constexpr int kPowPrecedence = 6;

// Binding strength of binary operators, loosest first; 0 for other tokens.
int BinaryPrecedence(TokenType t) {
  switch (t) {
    case TokenType::kLor:
      return 1;
    case TokenType::kLand:
    case TokenType::kLunless:
      return 2;
    case TokenType::kEqlc:
    case TokenType::kNeq:
    case TokenType::kLte:
    case TokenType::kLss:
    case TokenType::kGte:
    case TokenType::kGtr:
      return 3;
    case TokenType::kAdd:
    case TokenType::kSub:
      return 4;
    case TokenType::kMul:
    case TokenType::kDiv:
    case TokenType::kMod:
    case TokenType::kAtan2:
      return 5;
    case TokenType::kPow:
      return kPowPrecedence;
    default:
      return 0;
  }
}

BinaryOp ToBinaryOp(TokenType t) {
  switch (t) {
    case TokenType::kAdd:
      return BinaryOp::kAdd;
    case TokenType::kSub:
      return BinaryOp::kSub;
    case TokenType::kMul:
      return BinaryOp::kMul;
    case TokenType::kDiv:
      return BinaryOp::kDiv;
    case TokenType::kMod:
      return BinaryOp::kMod;
    case TokenType::kPow:
      return BinaryOp::kPow;
    case TokenType::kEqlc:
      return BinaryOp::kEql;
    case TokenType::kNeq:
      return BinaryOp::kNeq;
    case TokenType::kGtr:
      return BinaryOp::kGtr;
    case TokenType::kLss:
      return BinaryOp::kLss;
    case TokenType::kGte:
      return BinaryOp::kGte;
    case TokenType::kLte:
      return BinaryOp::kLte;
    case TokenType::kLand:
      return BinaryOp::kAnd;
    case TokenType::kLor:
      return BinaryOp::kOr;
    case TokenType::kLunless:
      return BinaryOp::kUnless;
    default:
      return BinaryOp::kAtan2;
  }
}

}  // namespace

bool Parser::StartsExpr(TokenType t) {
  switch (t) {
    case TokenType::kNumber:
    case TokenType::kString:
    case TokenType::kLeftBrace:
    case TokenType::kLeftParen:
    case TokenType::kAdd:
    case TokenType::kSub:
      return true;
    default:
      return IsMetricIdentifierToken(t);
  }
}

ExprPtr Parser::ParseBinary(int min_precedence) {
  int entered = 1;
  ExprPtr lhs = EnterNesting() ? ParseUnary() : nullptr;
  while (lhs != nullptr) {
    const Token& next = Peek();
    if (failed_) {
      lhs = nullptr;
      break;
    }
    int precedence = BinaryPrecedence(next.type);
    if (precedence == 0 || precedence < min_precedence) break;
    Token op = Consume();
    bool return_bool = false;
    VectorMatching matching;
    ++entered;
    if (!EnterNesting() || !ParseBinaryModifiers(&return_bool, &matching)) {
      lhs = nullptr;
      break;
    }
    // `^` is right-associative, the others left-associative.
    ExprPtr rhs =
        ParseBinary(op.type == TokenType::kPow ? precedence : precedence + 1);
    if (rhs == nullptr) {
      lhs = nullptr;
      break;
    }
    lhs = MakeBinary(op, std::move(lhs), std::move(rhs), return_bool,
                     std::move(matching));
  }
  depth_ -= entered;
  return lhs;
}

ExprPtr Parser::ParseUnary() {
  const Token& next = Peek();
  if (failed_) return nullptr;
  if (next.type == TokenType::kAdd || next.type == TokenType::kSub) {
    Token op = Consume();
    // A unary operator binds tighter than `*` but looser than `^`.
    ExprPtr operand = ParseBinary(kPowPrecedence);
    if (operand == nullptr) return nullptr;
    return MakeUnary(op, std::move(operand));
  }
  ExprPtr primary = ParsePrimary();
  if (primary == nullptr) return nullptr;
  return ParsePostfix(std::move(primary));
}

ExprPtr Parser::ParsePrimary() {
  const Token& next = Peek();
  switch (next.type) {
    case TokenType::kNumber:
      return ParseNumberLiteral();
    case TokenType::kString:
      return ParseStringLiteral();
    case TokenType::kLeftParen:
      return ParseParen();
    case TokenType::kLeftBrace:
      return ParseVectorSelector(nullptr);
    case TokenType::kIdentifier: {
      Token name = Consume();
      if (Peek().type == TokenType::kLeftParen) return ParseFunctionCall(name);
      if (failed_) return nullptr;
      return ParseVectorSelector(&name);
    }
    default:
      break;
  }
  if (IsAggregatorToken(next.type)) {
    Token op = Consume();
    TokenType after = Peek().type;
    if (failed_) return nullptr;
    if (after == TokenType::kLeftParen || after == TokenType::kBy ||
        after == TokenType::kWithout) {
      return ParseAggregate(op);
    }
    return ParseVectorSelector(&op);
  }
  if (IsMetricIdentifierToken(next.type)) {
    Token name = Consume();
    return ParseVectorSelector(&name);
  }
  UnexpectedHere();
  return nullptr;
}

ExprPtr Parser::ParsePostfix(ExprPtr expr) {
  while (expr != nullptr) {
    switch (Peek().type) {
      case TokenType::kLeftBracket:
        expr = ParseBrackets(std::move(expr));
        break;
      case TokenType::kOffset:
        expr = ParseOffset(std::move(expr));
        break;
      case TokenType::kAt:
        expr = ParseAt(std::move(expr));
        break;
      default:
        return failed_ ? nullptr : std::move(expr);
    }
  }
  return nullptr;
}

ExprPtr Parser::ParseParen() {
  Token open = Consume();
  ExprPtr inner = ParseExpr();
  if (inner == nullptr) return nullptr;
  if (Peek().type != TokenType::kRightParen) {
    UnexpectedHere();
    return nullptr;
  }
  Token close = Consume();
  auto paren = std::make_unique<ParenExpr>();
  paren->expr = std::move(inner);
  paren->pos = {open.pos, close.end()};
  return paren;
}

bool Parser::ParseNumber(const Token& tok, double* value) {
  Result<double> number = promql::ParseNumber(tok.val);
  if (number.ok()) {
    *value = *number;
    return true;
  }
  ErrorAt(tok.pos, number.status().message());
  return false;
}

bool Parser::Unquote(const Token& tok, std::string* out) {
  auto unquoted = GoUnquote(tok.val);
  if (!unquoted) {
    ErrorAt(tok.pos,
            "error unquoting string " + GoQuote(tok.val) + ": invalid syntax");
    return false;
  }
  *out = std::move(*unquoted);
  return true;
}

ExprPtr Parser::ParseNumberLiteral() {
  Token tok = Consume();
  auto literal = std::make_unique<NumberLiteral>();
  if (!ParseNumber(tok, &literal->value)) return nullptr;
  literal->pos = {tok.pos, tok.end()};
  return literal;
}

ExprPtr Parser::ParseStringLiteral() {
  Token tok = Consume();
  auto literal = std::make_unique<StringLiteral>();
  if (!Unquote(tok, &literal->value)) return nullptr;
  literal->pos = {tok.pos, tok.end()};
  return literal;
}

ExprPtr Parser::MakeUnary(const Token& op, ExprPtr operand) {
  // A sign directly on a number literal becomes part of the literal.
  if (operand->kind == NodeKind::kNumberLiteral) {
    auto& literal = static_cast<NumberLiteral&>(*operand);
    if (op.type == TokenType::kSub) literal.value *= -1;
    literal.pos.start = op.pos;
    return operand;
  }
  auto unary = std::make_unique<UnaryExpr>();
  unary->op = op.type == TokenType::kSub ? BinaryOp::kSub : BinaryOp::kAdd;
  unary->pos = {op.pos, operand->pos.end};
  unary->expr = std::move(operand);
  return unary;
}

ExprPtr Parser::MakeBinary(const Token& op, ExprPtr lhs, ExprPtr rhs,
                           bool return_bool, VectorMatching matching) {
  auto binary = std::make_unique<BinaryExpr>();
  binary->op = ToBinaryOp(op.type);
  binary->pos = {lhs->pos.start, rhs->pos.end};
  binary->lhs = std::move(lhs);
  binary->rhs = std::move(rhs);
  binary->return_bool = return_bool;
  binary->matching = std::move(matching);
  return binary;
}

}  // namespace tocsin::promql
