// The recursive-descent PromQL parser behind parser.h (internal header).
//
// The grammar and the AST are Prometheus 2.42's (generated_parser.y and
// parse.go). Prometheus's parser is LALR; where it reports a syntax error
// depends on which of its states can recover from one. This parser keeps
// the same one-token lookahead and reproduces those messages: the error
// names the offending lookahead token and the innermost construct that
// Prometheus's grammar has an error rule for ("in aggregation", "in
// grouping opts, expected label", ...). Only the first error is reported,
// as Prometheus does; parsing stops there.
//
// A Parser parses one input once and is not thread-safe.

#ifndef TOCSIN_PROMQL_PARSER_PARSER_IMPL_H_
#define TOCSIN_PROMQL_PARSER_PARSER_IMPL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promql/parser/ast.h"
#include "promql/parser/lexer.h"
#include "promql/parser/parser.h"
#include "promql/status.h"

namespace tocsin::promql {

// "line:col: parse error: message", positions as Prometheus prints them.
Status MakeParseError(std::string_view input, int pos,
                      std::string_view message);

// model.ParseDuration without the result type: milliseconds, or an error
// message ("not a valid duration string: \"x\"").
bool ParseDurationMs(std::string_view s, int64_t* ms, std::string* error);

// Prometheus's checkAST: types and the rules the grammar cannot express.
// Normalizes vector matching as Prometheus does (many-to-many for set
// operators, none unless both sides are instant vectors).
Status CheckAst(std::string_view input, Expr* root);

// Token classes of the grammar.
bool IsMetricIdentifierToken(TokenType t);  // metric_identifier
bool IsLabelToken(TokenType t);             // maybe_label

class Parser {
 public:
  explicit Parser(std::string_view input, bool series_description = false);

  // START_EXPRESSION: a whole expression, type-checked.
  Result<ExprPtr> ParseExpression();
  // START_METRIC_SELECTOR: a vector selector, not type-checked.
  Result<std::vector<Matcher>> ParseSelectorOnly();
  // START_SERIES_DESCRIPTION.
  Result<SeriesDescription> ParseSeries();

 private:
  // Where a syntax error is reported when the construct has no own error
  // rule: inside an aggregation, or at the top level.
  struct AggregationScope {
    explicit AggregationScope(Parser* p) : parser(p) {
      ++p->aggregation_depth_;
    }
    ~AggregationScope() { --parser->aggregation_depth_; }
    Parser* parser;
  };

  // Tokens.
  const Token& Peek();
  Token Consume();
  bool failed() const { return failed_; }
  int last_end() const { return last_end_; }

  // Errors. Only the first one is kept.
  void ErrorAt(int pos, std::string message);
  // "unexpected <lookahead> in <context>, expected <expected>".
  void Unexpected(std::string_view context, std::string_view expected);
  void UnexpectedToken(const Token& tok, std::string_view context,
                       std::string_view expected);
  // A syntax error in a state without its own error rule.
  void UnexpectedHere();

  // Expressions (parse_expr.cc).
  ExprPtr ParseExpr() { return ParseBinary(1); }
  ExprPtr ParseBinary(int min_precedence);
  ExprPtr ParseUnary();
  ExprPtr ParsePrimary();
  ExprPtr ParsePostfix(ExprPtr expr);
  ExprPtr ParseParen();
  ExprPtr ParseNumberLiteral();
  ExprPtr ParseStringLiteral();
  ExprPtr MakeUnary(const Token& op, ExprPtr operand);
  ExprPtr MakeBinary(const Token& op, ExprPtr lhs, ExprPtr rhs,
                     bool return_bool, VectorMatching matching);
  bool ParseNumber(const Token& tok, double* value);
  bool Unquote(const Token& tok, std::string* out);
  static bool StartsExpr(TokenType t);

  // Calls, aggregations, modifiers (parse_call.cc).
  ExprPtr ParseFunctionCall(const Token& name);
  ExprPtr ParseAggregate(const Token& op);
  bool ParseCallArgs(std::vector<ExprPtr>* args);
  bool ParseAggregateModifier(AggregateExpr* agg);
  bool ParseGroupingLabels(std::vector<std::string>* labels);
  bool ParseBinaryModifiers(bool* return_bool, VectorMatching* matching);

  // Selectors and their suffixes (parse_selector.cc).
  ExprPtr ParseVectorSelector(const Token* name);
  bool ParseLabelMatchers(std::vector<Matcher>* matchers);
  ExprPtr ParseBrackets(ExprPtr expr);
  ExprPtr ParseOffset(ExprPtr expr);
  ExprPtr ParseAt(ExprPtr expr);
  bool ParseDurationToken(const Token& tok, int64_t* ms);
  void AddOffset(Expr* expr, int64_t offset_ms);
  void SetTimestamp(Expr* expr, double ts);
  void SetAtPreprocessor(Expr* expr, AtModifier modifier);
  bool AtModifierTarget(Expr* expr, std::optional<int64_t>** at,
                        AtModifier** modifier);

  // Series descriptions (series_description.cc).
  bool ParseLabelSet(std::vector<Label>* labels);
  bool ParseSeriesItem(std::vector<std::optional<double>>* values);
  bool ParseSeriesValue(double* value);
  bool ParseRepetitions(uint64_t* n);

  // Nesting bound: each level of expression nesting counts once. Returns
  // false (with an error) past kMaxParseDepth; the caller undoes the count.
  bool EnterNesting();

  Lexer lexer_;
  std::string_view input_;
  Token lookahead_;
  bool has_lookahead_ = false;
  int last_end_ = 0;  // end of the last consumed token
  int aggregation_depth_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  Status error_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_PARSER_IMPL_H_
