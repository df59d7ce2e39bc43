// Vector selectors, label matchers, range and subquery brackets, and the
// `offset` and `@` modifiers.

#include <cmath>
#include <cstdio>

#include "promql/parser/parser_impl.h"

namespace tocsin::promql {
namespace {

// Rewrites RE2's error text ("missing ): x") the way Go's regexp package
// words the same error ("missing closing ): `x`").
std::string GoRegexpError(const std::string& message) {
  static constexpr std::string_view kPrefix = "error parsing regexp: ";
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"missing )", "missing closing )"},
      {"unexpected )", "unexpected )"},
      {"missing ]", "missing closing ]"},
      {"bad repetition operator", "invalid nested repetition operator"},
      {"no argument for repetition operator",
       "missing argument to repetition operator"},
      {"invalid escape sequence", "invalid escape sequence"},
      {"invalid character class range", "invalid character class range"},
      {"invalid character class", "invalid character class"},
      {"trailing \\", "trailing backslash at end of expression"},
      {"invalid repetition size", "invalid repeat count"},
      {"invalid perl operator", "invalid or unsupported Perl syntax"},
      {"invalid UTF-8", "invalid UTF-8"},
      {"invalid named capture group", "invalid named capture"},
  };
  if (message.compare(0, kPrefix.size(), kPrefix) != 0) return message;
  std::string_view rest = std::string_view(message).substr(kPrefix.size());
  for (const auto& [re2_text, go_text] : kCodes) {
    if (rest.size() > re2_text.size() + 1 && rest.starts_with(re2_text) &&
        rest.substr(re2_text.size(), 2) == ": ") {
      std::string out(kPrefix);
      out += go_text;
      out += ": `";
      out += rest.substr(re2_text.size() + 2);
      out += "`";
      return out;
    }
  }
  return message;
}

// Go's %f, including its spelling of infinities and NaN.
std::string FormatFixed6(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  int n = std::snprintf(nullptr, 0, "%f", v);
  std::string out(n, '\0');
  std::snprintf(out.data(), n + 1, "%f", v);
  return out;
}

// timestamp.FromFloatSeconds; out-of-range conversions give the minimum
// int64, as Go does on amd64.
int64_t FromFloatSeconds(double ts) {
  double ms = std::round(ts * 1000);
  if (!(ms >= -9223372036854775808.0 && ms < 9223372036854775808.0)) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(ms);
}

bool ToMatchType(TokenType t, MatchType* type) {
  switch (t) {
    case TokenType::kEql:
      *type = MatchType::kEqual;
      return true;
    case TokenType::kNeq:
      *type = MatchType::kNotEqual;
      return true;
    case TokenType::kEqlRegex:
      *type = MatchType::kRegexMatch;
      return true;
    case TokenType::kNeqRegex:
      *type = MatchType::kRegexNoMatch;
      return true;
    default:
      return false;
  }
}

}  // namespace

ExprPtr Parser::ParseVectorSelector(const Token* name) {
  auto vs = std::make_unique<VectorSelector>();
  if (name != nullptr) {
    vs->name = std::string(name->val);
    vs->pos = {name->pos, name->end()};
  } else {
    vs->pos = {Peek().pos, 0};
  }
  if (Peek().type == TokenType::kLeftBrace) {
    if (!ParseLabelMatchers(&vs->matchers)) return nullptr;
    vs->pos.end = last_end_;
  }
  if (failed_) return nullptr;
  if (name != nullptr) {
    auto m =
        Matcher::Make(MatchType::kEqual, std::string(kMetricName), vs->name);
    vs->matchers.push_back(std::move(m).value());
  }
  return vs;
}

bool Parser::ParseLabelMatchers(std::vector<Matcher>* matchers) {
  constexpr std::string_view kContext = "label matching";
  Consume();  // {
  if (Peek().type == TokenType::kRightBrace) {
    Consume();
    return true;
  }
  for (;;) {
    if (Peek().type != TokenType::kIdentifier) {
      Unexpected(kContext, "identifier or \"}\"");
      return false;
    }
    Token label = Consume();
    MatchType type;
    if (!ToMatchType(Peek().type, &type)) {
      Unexpected(kContext, "label matching operator");
      return false;
    }
    Consume();
    if (Peek().type != TokenType::kString) {
      Unexpected(kContext, "string");
      return false;
    }
    Token value_tok = Consume();
    std::string value;
    if (!Unquote(value_tok, &value)) return false;
    auto m = Matcher::Make(type, std::string(label.val), std::move(value));
    if (!m.ok()) {
      ErrorAt(label.pos, GoRegexpError(m.status().message()));
      return false;
    }
    matchers->push_back(std::move(m).value());
    TokenType next = Peek().type;
    if (next == TokenType::kRightBrace) {
      Consume();
      return true;
    }
    if (next != TokenType::kComma) {
      Unexpected(kContext, "\",\" or \"}\"");
      return false;
    }
    Consume();
    if (Peek().type == TokenType::kRightBrace) {
      Consume();
      return true;
    }
  }
}

bool Parser::ParseDurationToken(const Token& tok, int64_t* ms) {
  std::string error;
  if (!ParseDurationMs(tok.val, ms, &error)) {
    ErrorAt(tok.pos, error);
    return false;
  }
  if (*ms == 0) {
    ErrorAt(tok.pos, "duration must be greater than 0");
    return false;
  }
  return true;
}

ExprPtr Parser::ParseBrackets(ExprPtr expr) {
  Token open = Consume();  // [
  if (Peek().type != TokenType::kDuration) {
    Unexpected("subquery selector", "duration");
    return nullptr;
  }
  int64_t range;
  if (!ParseDurationToken(Consume(), &range)) return nullptr;
  TokenType next = Peek().type;
  if (next == TokenType::kRightBracket) {
    Token close = Consume();
    const char* error = nullptr;
    if (expr->kind != NodeKind::kVectorSelector) {
      error = "ranges only allowed for vector selectors";
    } else if (auto& vs = static_cast<VectorSelector&>(*expr);
               vs.offset_ms != 0) {
      error = "no offset modifiers allowed before range";
    } else if (vs.at_ms.has_value()) {
      error = "no @ modifiers allowed before range";
    }
    if (error != nullptr) {
      ErrorAt(open.pos, error);
      return nullptr;
    }
    auto matrix = std::make_unique<MatrixSelector>();
    matrix->pos = {expr->pos.start, close.end()};
    matrix->vector_selector = std::move(expr);
    matrix->range_ms = range;
    return matrix;
  }
  if (next != TokenType::kColon) {
    Unexpected("subquery or range", "\":\" or \"]\"");
    return nullptr;
  }
  Consume();
  int64_t step = 0;
  if (Peek().type == TokenType::kDuration) {
    if (!ParseDurationToken(Consume(), &step)) return nullptr;
    if (Peek().type != TokenType::kRightBracket) {
      Unexpected("subquery selector", "\"]\"");
      return nullptr;
    }
  } else if (Peek().type != TokenType::kRightBracket) {
    Unexpected("subquery selector", "duration or \"]\"");
    return nullptr;
  }
  Token close = Consume();
  auto subquery = std::make_unique<SubqueryExpr>();
  subquery->pos = {expr->pos.start, close.end()};
  subquery->expr = std::move(expr);
  subquery->range_ms = range;
  subquery->step_ms = step;
  return subquery;
}

ExprPtr Parser::ParseOffset(ExprPtr expr) {
  Consume();  // offset
  bool negative = false;
  if (Peek().type == TokenType::kSub) {
    Consume();
    negative = true;
  }
  if (Peek().type != TokenType::kDuration) {
    Unexpected("offset", "duration");
    return nullptr;
  }
  int64_t offset;
  if (!ParseDurationToken(Consume(), &offset)) return nullptr;
  AddOffset(expr.get(), negative ? -offset : offset);
  return failed_ ? nullptr : std::move(expr);
}

void Parser::AddOffset(Expr* expr, int64_t offset_ms) {
  int64_t* target = nullptr;
  switch (expr->kind) {
    case NodeKind::kVectorSelector:
      target = &static_cast<VectorSelector*>(expr)->offset_ms;
      break;
    case NodeKind::kMatrixSelector: {
      Expr* inner = static_cast<MatrixSelector*>(expr)->vector_selector.get();
      target = &static_cast<VectorSelector*>(inner)->offset_ms;
      break;
    }
    case NodeKind::kSubquery:
      target = &static_cast<SubqueryExpr*>(expr)->offset_ms;
      break;
    default:
      ErrorAt(expr->pos.start,
              "offset modifier must be preceded by an instant vector selector "
              "or range vector selector or a subquery");
      return;
  }
  if (*target != 0) {
    ErrorAt(expr->pos.start, "offset may not be set multiple times");
    return;
  }
  *target = offset_ms;
  expr->pos.end = last_end_;
}

ExprPtr Parser::ParseAt(ExprPtr expr) {
  constexpr std::string_view kContext = "@";
  constexpr std::string_view kExpected = "timestamp";
  Consume();  // @
  TokenType next = Peek().type;
  if (next == TokenType::kStart || next == TokenType::kEnd) {
    Consume();
    if (Peek().type != TokenType::kLeftParen) {
      Unexpected(kContext, kExpected);
      return nullptr;
    }
    Consume();
    if (Peek().type != TokenType::kRightParen) {
      Unexpected(kContext, kExpected);
      return nullptr;
    }
    Consume();
    SetAtPreprocessor(expr.get(), next == TokenType::kStart ? AtModifier::kStart
                                                            : AtModifier::kEnd);
    return failed_ ? nullptr : std::move(expr);
  }
  bool negative = false;
  if (next == TokenType::kAdd || next == TokenType::kSub) {
    Consume();
    negative = next == TokenType::kSub;
  }
  if (Peek().type != TokenType::kNumber) {
    Unexpected(kContext, kExpected);
    return nullptr;
  }
  double ts;
  if (!ParseNumber(Consume(), &ts)) return nullptr;
  SetTimestamp(expr.get(), negative ? -ts : ts);
  return failed_ ? nullptr : std::move(expr);
}

bool Parser::AtModifierTarget(Expr* expr, std::optional<int64_t>** at,
                              AtModifier** modifier) {
  switch (expr->kind) {
    case NodeKind::kVectorSelector: {
      auto* vs = static_cast<VectorSelector*>(expr);
      *at = &vs->at_ms;
      *modifier = &vs->at_modifier;
      break;
    }
    case NodeKind::kMatrixSelector: {
      auto* vs = static_cast<VectorSelector*>(
          static_cast<MatrixSelector*>(expr)->vector_selector.get());
      *at = &vs->at_ms;
      *modifier = &vs->at_modifier;
      break;
    }
    case NodeKind::kSubquery: {
      auto* sq = static_cast<SubqueryExpr*>(expr);
      *at = &sq->at_ms;
      *modifier = &sq->at_modifier;
      break;
    }
    default:
      ErrorAt(expr->pos.start,
              "@ modifier must be preceded by an instant vector selector or "
              "range vector selector or a subquery");
      return false;
  }
  if ((*at)->has_value() || **modifier != AtModifier::kNone) {
    ErrorAt(expr->pos.start, "@ <timestamp> may not be set multiple times");
    return false;
  }
  return true;
}

void Parser::SetTimestamp(Expr* expr, double ts) {
  if (!std::isfinite(ts) || ts >= 9223372036854775807.0 ||
      ts <= -9223372036854775808.0) {
    ErrorAt(expr->pos.start,
            "timestamp out of bounds for @ modifier: " + FormatFixed6(ts));
    return;
  }
  std::optional<int64_t>* at;
  AtModifier* modifier;
  if (!AtModifierTarget(expr, &at, &modifier)) return;
  *at = FromFloatSeconds(ts);
  expr->pos.end = last_end_;
}

void Parser::SetAtPreprocessor(Expr* expr, AtModifier at_modifier) {
  std::optional<int64_t>* at;
  AtModifier* modifier;
  if (!AtModifierTarget(expr, &at, &modifier)) return;
  *modifier = at_modifier;
  expr->pos.end = last_end_;
}

}  // namespace tocsin::promql
