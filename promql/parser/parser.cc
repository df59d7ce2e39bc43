// Entry points of the parser, token handling and error reporting.

#include "promql/parser/parser.h"

#include "promql/parser/parser_impl.h"

namespace tocsin::promql {

Status MakeParseError(std::string_view input, int pos,
                      std::string_view message) {
  std::string out;
  if (pos < 0 || pos > static_cast<int>(input.size())) {
    out = "invalid position:";
  } else {
    int line = 1;
    int last_break = -1;
    for (int i = 0; i < pos; ++i) {
      if (input[i] == '\n') {
        last_break = i;
        ++line;
      }
    }
    out = std::to_string(line) + ":" + std::to_string(pos - last_break) + ":";
  }
  out += " parse error: ";
  out += message;
  return Status::InvalidArgument(std::move(out));
}

bool IsMetricIdentifierToken(TokenType t) {
  switch (t) {
    case TokenType::kIdentifier:
    case TokenType::kMetricIdentifier:
    case TokenType::kBy:
    case TokenType::kWithout:
    case TokenType::kLand:
    case TokenType::kLor:
    case TokenType::kLunless:
    case TokenType::kOffset:
    case TokenType::kStart:
    case TokenType::kEnd:
      return true;
    default:
      return IsAggregatorToken(t);
  }
}

bool IsLabelToken(TokenType t) {
  switch (t) {
    case TokenType::kIdentifier:
    case TokenType::kMetricIdentifier:
    case TokenType::kBool:
    case TokenType::kBy:
    case TokenType::kGroupLeft:
    case TokenType::kGroupRight:
    case TokenType::kIgnoring:
    case TokenType::kLand:
    case TokenType::kLor:
    case TokenType::kLunless:
    case TokenType::kOffset:
    case TokenType::kOn:
    case TokenType::kStart:
    case TokenType::kEnd:
    case TokenType::kAtan2:
      return true;
    default:
      return IsAggregatorToken(t);
  }
}

Parser::Parser(std::string_view input, bool series_description)
    : lexer_(input, series_description), input_(input) {}

const Token& Parser::Peek() {
  if (!has_lookahead_) {
    do {
      lookahead_ = lexer_.Next();
    } while (lookahead_.type == TokenType::kComment);
    has_lookahead_ = true;
    if (lookahead_.type == TokenType::kError) {
      ErrorAt(lookahead_.pos, std::string(lookahead_.val));
    }
  }
  return lookahead_;
}

Token Parser::Consume() {
  Peek();
  has_lookahead_ = false;
  last_end_ = lookahead_.end();
  return lookahead_;
}

void Parser::ErrorAt(int pos, std::string message) {
  if (failed_) return;
  failed_ = true;
  error_ = MakeParseError(input_, pos, message);
}

void Parser::UnexpectedToken(const Token& tok, std::string_view context,
                             std::string_view expected) {
  // A lexer error has already been reported.
  if (tok.type == TokenType::kError) return;
  std::string msg = "unexpected " + TokenDescription(tok);
  if (!context.empty()) {
    msg += " in ";
    msg += context;
  }
  if (!expected.empty()) {
    msg += ", expected ";
    msg += expected;
  }
  ErrorAt(tok.pos, std::move(msg));
}

void Parser::Unexpected(std::string_view context, std::string_view expected) {
  UnexpectedToken(Peek(), context, expected);
}

void Parser::UnexpectedHere() {
  Unexpected(aggregation_depth_ > 0 ? "aggregation" : "", "");
}

bool Parser::EnterNesting() {
  if (++depth_ <= kMaxParseDepth) return true;
  ErrorAt(last_end_, "expression nesting exceeds the maximum depth of " +
                         std::to_string(kMaxParseDepth));
  return false;
}

Result<ExprPtr> Parser::ParseExpression() {
  const Token& first = Peek();
  if (failed_) return error_;
  if (first.type == TokenType::kEOF) {
    ErrorAt(0, "no expression found in input");
    return error_;
  }
  ExprPtr expr = ParseExpr();
  if (!failed_ && Peek().type != TokenType::kEOF) UnexpectedHere();
  if (failed_) return error_;
  Status checked = CheckAst(input_, expr.get());
  if (!checked.ok()) return checked;
  return expr;
}

Result<std::vector<Matcher>> Parser::ParseSelectorOnly() {
  const Token& first = Peek();
  ExprPtr expr;
  if (failed_) return error_;
  if (IsMetricIdentifierToken(first.type)) {
    Token name = Consume();
    expr = ParseVectorSelector(&name);
  } else if (first.type == TokenType::kLeftBrace) {
    expr = ParseVectorSelector(nullptr);
  } else {
    UnexpectedHere();
  }
  if (!failed_ && Peek().type != TokenType::kEOF) UnexpectedHere();
  if (failed_) return error_;
  return std::move(static_cast<VectorSelector&>(*expr).matchers);
}

Result<ExprPtr> ParseExpr(std::string_view input) {
  Parser parser(input);
  return parser.ParseExpression();
}

Result<std::vector<Matcher>> ParseMetricSelector(std::string_view input) {
  Parser parser(input);
  return parser.ParseSelectorOnly();
}

Result<SeriesDescription> ParseSeriesDescription(std::string_view input) {
  Parser parser(input, /*series_description=*/true);
  return parser.ParseSeries();
}

}  // namespace tocsin::promql
