// The trees the parser builds: node kinds, modifiers, vector matching,
// positions and types, as Prometheus 2.42's parser sets them.

#include "promql/parser/ast.h"

#include <gtest/gtest.h>

#include <cmath>

#include "promql/parser/functions.h"
#include "promql/parser/parser.h"
#include "promql/parser/printer.h"

namespace tocsin::promql {
namespace {

ExprPtr MustParse(std::string_view input) {
  auto parsed = ParseExpr(input);
  EXPECT_TRUE(parsed.ok()) << input << ": " << parsed.status().message();
  return parsed.ok() ? std::move(parsed).value() : nullptr;
}

template <typename T>
const T& As(const ExprPtr& e) {
  return static_cast<const T&>(*e);
}

TEST(AstTest, VectorSelector) {
  ExprPtr e = MustParse("foo{a=\"b\", c=~\"d.*\"}");
  ASSERT_EQ(e->kind, NodeKind::kVectorSelector);
  const auto& vs = As<VectorSelector>(e);
  EXPECT_EQ(vs.name, "foo");
  ASSERT_EQ(vs.matchers.size(), 3u);
  EXPECT_EQ(vs.matchers[0].ToString(), "a=\"b\"");
  EXPECT_EQ(vs.matchers[1].ToString(), "c=~\"d.*\"");
  // The name's matcher comes last.
  EXPECT_EQ(vs.matchers[2].ToString(), "__name__=\"foo\"");
  EXPECT_TRUE(vs.matchers[1].Matches("dx"));
  EXPECT_FALSE(vs.matchers[1].Matches("xd"));  // anchored
  EXPECT_EQ(vs.offset_ms, 0);
  EXPECT_FALSE(vs.at_ms.has_value());
  EXPECT_EQ(vs.at_modifier, AtModifier::kNone);
  EXPECT_EQ(vs.pos.start, 0);
  EXPECT_EQ(vs.pos.end, 20);
  EXPECT_EQ(e->type(), ValueType::kVector);
}

TEST(AstTest, OffsetAndAt) {
  ExprPtr e = MustParse("foo offset -1h @ 1.5");
  const auto& vs = As<VectorSelector>(e);
  EXPECT_EQ(vs.offset_ms, -3600000);
  EXPECT_EQ(vs.at_ms, 1500);
  EXPECT_EQ(vs.pos.end, 20);

  e = MustParse("foo @ end()");
  EXPECT_EQ(As<VectorSelector>(e).at_modifier, AtModifier::kEnd);
  e = MustParse("foo @ -0.0005");
  EXPECT_EQ(As<VectorSelector>(e).at_ms, -1);

  e = MustParse("foo[5m] @ start() offset 1m");
  ASSERT_EQ(e->kind, NodeKind::kMatrixSelector);
  const auto& ms = As<MatrixSelector>(e);
  EXPECT_EQ(ms.range_ms, 300000);
  const auto& inner = As<VectorSelector>(ms.vector_selector);
  EXPECT_EQ(inner.at_modifier, AtModifier::kStart);
  EXPECT_EQ(inner.offset_ms, 60000);
  EXPECT_EQ(e->type(), ValueType::kMatrix);
}

TEST(AstTest, Subquery) {
  ExprPtr e = MustParse("rate(foo[5m])[1h:30s] @ 10 offset 2m");
  ASSERT_EQ(e->kind, NodeKind::kSubquery);
  const auto& sq = As<SubqueryExpr>(e);
  EXPECT_EQ(sq.range_ms, 3600000);
  EXPECT_EQ(sq.step_ms, 30000);
  EXPECT_EQ(sq.offset_ms, 120000);
  EXPECT_EQ(sq.at_ms, 10000);
  EXPECT_EQ(sq.expr->kind, NodeKind::kCall);
  EXPECT_EQ(e->type(), ValueType::kMatrix);
  EXPECT_EQ(As<SubqueryExpr>(MustParse("foo[5m:]")).step_ms, 0);
}

TEST(AstTest, VectorMatching) {
  ExprPtr e = MustParse("foo + on(a) group_left(b) bar");
  const auto& b = As<BinaryExpr>(e);
  EXPECT_EQ(b.op, BinaryOp::kAdd);
  ASSERT_TRUE(b.matching.has_value());
  EXPECT_EQ(b.matching->card, MatchCardinality::kManyToOne);
  EXPECT_TRUE(b.matching->on);
  EXPECT_EQ(b.matching->matching_labels, std::vector<std::string>{"a"});
  EXPECT_EQ(b.matching->include, std::vector<std::string>{"b"});

  e = MustParse("foo / ignoring(a) group_right bar");
  EXPECT_EQ(As<BinaryExpr>(e).matching->card, MatchCardinality::kOneToMany);
  EXPECT_FALSE(As<BinaryExpr>(e).matching->on);

  e = MustParse("foo * bar");
  ASSERT_TRUE(As<BinaryExpr>(e).matching.has_value());
  EXPECT_EQ(As<BinaryExpr>(e).matching->card, MatchCardinality::kOneToOne);

  for (const char* set_op :
       {"foo and bar", "foo or bar", "foo unless bar", "foo and on(a) bar"}) {
    e = MustParse(set_op);
    ASSERT_TRUE(As<BinaryExpr>(e).matching.has_value()) << set_op;
    EXPECT_EQ(As<BinaryExpr>(e).matching->card, MatchCardinality::kManyToMany);
  }

  // No matching unless both sides are instant vectors.
  EXPECT_FALSE(As<BinaryExpr>(MustParse("foo + 1")).matching.has_value());
  EXPECT_FALSE(As<BinaryExpr>(MustParse("1 + 1")).matching.has_value());
  EXPECT_FALSE(As<BinaryExpr>(MustParse("foo + on() 1")).matching.has_value());
}

TEST(AstTest, BoolAndTypes) {
  ExprPtr e = MustParse("1 > bool 2");
  EXPECT_TRUE(As<BinaryExpr>(e).return_bool);
  EXPECT_EQ(e->type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("foo > bool 2")->type(), ValueType::kVector);
  EXPECT_EQ(MustParse("(1)")->type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("-(foo)")->type(), ValueType::kVector);
  EXPECT_EQ(MustParse("\"a\"")->type(), ValueType::kString);
  EXPECT_EQ(MustParse("time()")->type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("sum(foo)")->type(), ValueType::kVector);
  EXPECT_EQ(MustParse("scalar(foo) * 2")->type(), ValueType::kScalar);
}

TEST(AstTest, UnaryAndPrecedence) {
  // A sign on a literal folds into it, positions included.
  ExprPtr e = MustParse(" -5");
  ASSERT_EQ(e->kind, NodeKind::kNumberLiteral);
  EXPECT_EQ(As<NumberLiteral>(e).value, -5);
  EXPECT_EQ(e->pos.start, 1);
  EXPECT_EQ(e->pos.end, 3);

  // -2^2 is -(2^2).
  e = MustParse("-2 ^ 2");
  ASSERT_EQ(e->kind, NodeKind::kUnary);
  EXPECT_EQ(As<UnaryExpr>(e).op, BinaryOp::kSub);
  EXPECT_EQ(As<UnaryExpr>(e).expr->kind, NodeKind::kBinary);

  // -2*3 is (-2)*3.
  e = MustParse("-2 * 3");
  ASSERT_EQ(e->kind, NodeKind::kBinary);
  EXPECT_EQ(As<NumberLiteral>(As<BinaryExpr>(e).lhs).value, -2);

  // ^ is right-associative, - is left-associative.
  e = MustParse("a ^ b ^ c");
  EXPECT_EQ(As<BinaryExpr>(e).rhs->kind, NodeKind::kBinary);
  e = MustParse("a - b - c");
  EXPECT_EQ(As<BinaryExpr>(e).lhs->kind, NodeKind::kBinary);

  // or < and < comparison < + < * < ^.
  e = MustParse("a or b and c == d + e * f ^ g");
  const Expr* node = e.get();
  for (BinaryOp op : {BinaryOp::kOr, BinaryOp::kAnd, BinaryOp::kEql,
                      BinaryOp::kAdd, BinaryOp::kMul, BinaryOp::kPow}) {
    ASSERT_EQ(node->kind, NodeKind::kBinary);
    const auto& b = static_cast<const BinaryExpr&>(*node);
    EXPECT_EQ(b.op, op);
    node = b.rhs.get();
  }
  EXPECT_EQ(As<UnaryExpr>(MustParse("+foo")).op, BinaryOp::kAdd);
}

TEST(AstTest, AggregationsAndCalls) {
  ExprPtr e = MustParse("topk without (a, b) (5, foo)");
  const auto& agg = As<AggregateExpr>(e);
  EXPECT_EQ(agg.op, AggregateOp::kTopK);
  EXPECT_TRUE(agg.without);
  EXPECT_EQ(agg.grouping, (std::vector<std::string>{"a", "b"}));
  ASSERT_NE(agg.param, nullptr);
  EXPECT_EQ(As<NumberLiteral>(agg.param).value, 5);
  EXPECT_EQ(agg.expr->kind, NodeKind::kVectorSelector);
  EXPECT_EQ(agg.pos.start, 0);
  EXPECT_EQ(agg.pos.end, 28);

  e = MustParse("count_values(\"v\", foo) by (x)");
  EXPECT_EQ(As<AggregateExpr>(e).op, AggregateOp::kCountValues);
  EXPECT_FALSE(As<AggregateExpr>(e).without);
  EXPECT_EQ(As<StringLiteral>(As<AggregateExpr>(e).param).value, "v");
  EXPECT_EQ(As<AggregateExpr>(MustParse("sum(foo)")).param, nullptr);

  e = MustParse("label_join(foo, \"a\", \",\", \"b\", \"c\")");
  const auto& call = As<Call>(e);
  ASSERT_NE(call.func, nullptr);
  EXPECT_EQ(call.func->name, "label_join");
  EXPECT_EQ(call.args.size(), 5u);
}

TEST(AstTest, Literals) {
  EXPECT_EQ(As<NumberLiteral>(MustParse("0x1F")).value, 31);
  EXPECT_EQ(As<NumberLiteral>(MustParse("010")).value, 8);
  EXPECT_EQ(As<NumberLiteral>(MustParse(".5e1")).value, 5);
  EXPECT_TRUE(std::isinf(As<NumberLiteral>(MustParse("-Inf")).value));
  EXPECT_LT(As<NumberLiteral>(MustParse("-Inf")).value, 0);
  EXPECT_TRUE(std::isnan(As<NumberLiteral>(MustParse("NaN")).value));
  EXPECT_EQ(As<StringLiteral>(MustParse("'a\\tb'")).value, "a\tb");
  EXPECT_EQ(As<StringLiteral>(MustParse("`a\\tb`")).value, "a\\tb");
  EXPECT_EQ(As<StringLiteral>(MustParse("\"\\u00e9\\x41\"")).value,
            "\xc3\xa9"
            "A");
}

TEST(AstTest, UnwrapParens) {
  ExprPtr e = MustParse("((foo))");
  EXPECT_EQ(e->kind, NodeKind::kParen);
  EXPECT_EQ(UnwrapParens(e.get())->kind, NodeKind::kVectorSelector);
  EXPECT_EQ(UnwrapParens(nullptr), nullptr);
}

TEST(AstTest, OperatorNames) {
  EXPECT_STREQ(BinaryOpString(BinaryOp::kAtan2), "atan2");
  EXPECT_STREQ(BinaryOpString(BinaryOp::kNeq), "!=");
  EXPECT_STREQ(AggregateOpString(AggregateOp::kCountValues), "count_values");
  EXPECT_TRUE(IsComparisonOp(BinaryOp::kGte));
  EXPECT_FALSE(IsComparisonOp(BinaryOp::kAnd));
  EXPECT_TRUE(IsSetOp(BinaryOp::kUnless));
  EXPECT_FALSE(IsSetOp(BinaryOp::kPow));
}

// Where tocsin prints differently from Prometheus on purpose: Prometheus
// prints `Inf ^ 2` as `+Inf ^ 2`, which parses as `+(Inf ^ 2)`.
TEST(PrinterTest, InfinityBaseRoundTrips) {
  for (const char* input : {"Inf ^ 2", "inf^foo", "+Inf ^ 2"}) {
    ExprPtr e = MustParse(input);
    std::string printed = Print(*e);
    EXPECT_EQ(Print(*MustParse(printed)), printed) << input;
  }
  EXPECT_EQ(Print(*MustParse("Inf ^ 2")), "Inf ^ 2");
  EXPECT_EQ(Print(*MustParse("-Inf ^ 2")), "-Inf ^ 2");
  EXPECT_EQ(Print(*MustParse("2 ^ Inf")), "2 ^ +Inf");
  EXPECT_EQ(Print(*MustParse("Inf * 2")), "+Inf * 2");
}

TEST(FunctionsTest, Table) {
  const auto& all = AllFunctions();
  EXPECT_EQ(all.size(), 70u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1]->name, all[i]->name);
  }
  const FunctionDef* rate = LookupFunction("rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->arg_types, std::vector<ValueType>{ValueType::kMatrix});
  EXPECT_EQ(rate->return_type, ValueType::kVector);
  const FunctionDef* round = LookupFunction("round");
  ASSERT_NE(round, nullptr);
  EXPECT_EQ(round->variadic, 1);
  EXPECT_EQ(LookupFunction("label_join")->variadic, -1);
  EXPECT_EQ(LookupFunction("time")->return_type, ValueType::kScalar);
  EXPECT_NE(LookupFunction("histogram_fraction"), nullptr);
  EXPECT_EQ(LookupFunction("nope"), nullptr);
  EXPECT_EQ(LookupFunction("Rate"), nullptr);
}

TEST(MetricSelectorTest, Parses) {
  auto m = ParseMetricSelector("up{job=~\"a.*\", instance!=\"x\"}");
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 3u);
  EXPECT_EQ((*m)[0].ToString(), "job=~\"a.*\"");
  EXPECT_EQ((*m)[1].ToString(), "instance!=\"x\"");
  EXPECT_EQ((*m)[2].ToString(), "__name__=\"up\"");

  m = ParseMetricSelector("{__name__=~\"a.*\"}");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->size(), 1u);
  // Like Prometheus, no type check: an empty selector parses.
  m = ParseMetricSelector("{}");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->empty());
  m = ParseMetricSelector("sum");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)[0].ToString(), "__name__=\"sum\"");
}

TEST(MetricSelectorTest, Errors) {
  struct {
    const char* input;
    const char* error;
  } cases[] = {
      {"", "1:1: parse error: unexpected end of input"},
      {"5", "1:1: parse error: unexpected number \"5\""},
      {"foo bar", "1:5: parse error: unexpected identifier \"bar\""},
      {"foo[5m]", "1:4: parse error: unexpected \"[\""},
      {"rate(foo)", "1:5: parse error: unexpected \"(\""},
      {"foo{a}",
       "1:6: parse error: unexpected \"}\" in label matching, expected label "
       "matching operator"},
      {"foo{a=~\"(\"}",
       "1:5: parse error: error parsing regexp: missing closing ): "
       "`^(?:()$`"},
      {"foo + bar", "1:5: parse error: unexpected <op:+>"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto m = ParseMetricSelector(c.input);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().message(), c.error);
  }
}

}  // namespace
}  // namespace tocsin::promql
