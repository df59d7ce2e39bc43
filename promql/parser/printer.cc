// Prometheus 2.42's String() rendering of expressions (printer.go).

#include "promql/parser/printer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "promql/go_format.h"
#include "promql/parser/functions.h"
#include "promql/parser/parser.h"

namespace tocsin::promql {
namespace {

void AppendJoined(std::string* out, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) *out += ", ";
    *out += items[i];
  }
}

// ` @ 1.000` / ` @ start()` and ` offset 5m` / ` offset -5m`.
void AppendAtAndOffset(std::string* out, const std::optional<int64_t>& at_ms,
                       AtModifier at_modifier, int64_t offset_ms) {
  if (at_ms.has_value()) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), " @ %.3f",
                  static_cast<double>(*at_ms) / 1000.0);
    *out += buf;
  } else if (at_modifier == AtModifier::kStart) {
    *out += " @ start()";
  } else if (at_modifier == AtModifier::kEnd) {
    *out += " @ end()";
  }
  if (offset_ms > 0) {
    *out += " offset " + FormatDuration(offset_ms);
  } else if (offset_ms < 0) {
    *out += " offset -" + FormatDuration(-offset_ms);
  }
}

// The selector without its modifiers: name{matchers}, matchers sorted, the
// matcher for the name left out.
void AppendSelectorBody(std::string* out, const VectorSelector& vs) {
  std::vector<std::string> matchers;
  for (const Matcher& m : vs.matchers) {
    if (m.name() == kMetricName && m.type() == MatchType::kEqual &&
        m.value() == vs.name) {
      continue;
    }
    matchers.push_back(m.ToString());
  }
  *out += vs.name;
  if (matchers.empty()) return;
  std::sort(matchers.begin(), matchers.end());
  *out += '{';
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) *out += ',';
    *out += matchers[i];
  }
  *out += '}';
}

void PrintTo(std::string* out, const Expr& expr);

void PrintAggregate(std::string* out, const AggregateExpr& e) {
  *out += AggregateOpString(e.op);
  if (e.without) {
    *out += " without (";
    AppendJoined(out, e.grouping);
    *out += ") ";
  } else if (!e.grouping.empty()) {
    *out += " by (";
    AppendJoined(out, e.grouping);
    *out += ") ";
  }
  *out += '(';
  if (e.param != nullptr) {
    PrintTo(out, *e.param);
    *out += ", ";
  }
  PrintTo(out, *e.expr);
  *out += ')';
}

void PrintBinary(std::string* out, const BinaryExpr& e) {
  // Prometheus prints `Inf ^ x` as `+Inf ^ x`, which parses back as
  // `+(Inf ^ x)` and so never prints the same twice. tocsin drops that
  // sign so that printed expressions round-trip.
  if (e.op == BinaryOp::kPow && e.lhs->kind == NodeKind::kNumberLiteral &&
      static_cast<const NumberLiteral&>(*e.lhs).value == HUGE_VAL) {
    *out += "Inf";
  } else {
    PrintTo(out, *e.lhs);
  }
  *out += ' ';
  *out += BinaryOpString(e.op);
  if (e.return_bool) *out += " bool";
  if (e.matching.has_value()) {
    const VectorMatching& vm = *e.matching;
    if (!vm.matching_labels.empty() || vm.on) {
      *out += vm.on ? " on (" : " ignoring (";
      AppendJoined(out, vm.matching_labels);
      *out += ')';
      if (vm.card == MatchCardinality::kManyToOne ||
          vm.card == MatchCardinality::kOneToMany) {
        *out += vm.card == MatchCardinality::kManyToOne ? " group_left ("
                                                        : " group_right (";
        AppendJoined(out, vm.include);
        *out += ')';
      }
    }
  }
  *out += ' ';
  PrintTo(out, *e.rhs);
}

void PrintTo(std::string* out, const Expr& expr) {
  switch (expr.kind) {
    case NodeKind::kAggregate:
      PrintAggregate(out, static_cast<const AggregateExpr&>(expr));
      return;
    case NodeKind::kBinary:
      PrintBinary(out, static_cast<const BinaryExpr&>(expr));
      return;
    case NodeKind::kCall: {
      const auto& e = static_cast<const Call&>(expr);
      *out += e.func->name;
      *out += '(';
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) *out += ", ";
        PrintTo(out, *e.args[i]);
      }
      *out += ')';
      return;
    }
    case NodeKind::kMatrixSelector: {
      const auto& e = static_cast<const MatrixSelector&>(expr);
      const auto& vs = static_cast<const VectorSelector&>(*e.vector_selector);
      AppendSelectorBody(out, vs);
      *out += '[' + FormatDuration(e.range_ms) + ']';
      AppendAtAndOffset(out, vs.at_ms, vs.at_modifier, vs.offset_ms);
      return;
    }
    case NodeKind::kSubquery: {
      const auto& e = static_cast<const SubqueryExpr&>(expr);
      PrintTo(out, *e.expr);
      *out += '[' + FormatDuration(e.range_ms) + ':';
      if (e.step_ms != 0) *out += FormatDuration(e.step_ms);
      *out += ']';
      AppendAtAndOffset(out, e.at_ms, e.at_modifier, e.offset_ms);
      return;
    }
    case NodeKind::kNumberLiteral:
      *out += FormatFloatG(static_cast<const NumberLiteral&>(expr).value);
      return;
    case NodeKind::kParen:
      *out += '(';
      PrintTo(out, *static_cast<const ParenExpr&>(expr).expr);
      *out += ')';
      return;
    case NodeKind::kStringLiteral:
      *out += QuotePromQLString(static_cast<const StringLiteral&>(expr).value);
      return;
    case NodeKind::kUnary: {
      const auto& e = static_cast<const UnaryExpr&>(expr);
      *out += BinaryOpString(e.op);
      PrintTo(out, *e.expr);
      return;
    }
    case NodeKind::kVectorSelector: {
      const auto& vs = static_cast<const VectorSelector&>(expr);
      AppendSelectorBody(out, vs);
      AppendAtAndOffset(out, vs.at_ms, vs.at_modifier, vs.offset_ms);
      return;
    }
  }
}

}  // namespace

std::string Print(const Expr& expr) {
  std::string out;
  PrintTo(&out, expr);
  return out;
}

}  // namespace tocsin::promql
