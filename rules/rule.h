// Rule: what alerting and recording rules have in common, and how they reach
// PromQL.
//
// A rule evaluates its expression at a time through a QueryFunc (an instant
// query; scalars come back as one sample without labels) and returns the
// samples to write (the recorded series, or ALERTS / ALERTS_FOR_STATE). Its
// health is "unknown" until evaluated, then "ok" or "err" with the last
// error. Rules are driven by their Group from one thread at a time; the
// accessors must not race with Eval.

#ifndef TOCSIN_RULES_RULE_H_
#define TOCSIN_RULES_RULE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "promql/engine.h"
#include "promql/labels.h"
#include "promql/parser/ast.h"
#include "promql/queryable.h"
#include "promql/status.h"
#include "promql/value.h"
#include "rules/alert_template.h"

namespace tocsin::rules {

// Runs `expr` as an instant query at `t_ms` (Prometheus's QueryFunc).
using QueryFunc = std::function<Result<promql::Vector>(const promql::Expr& expr,
                                                       int64_t t_ms)>;

// A QueryFunc over `engine` and `queryable` (both must outlive it): vectors
// as they are, scalars as one sample without labels, other results fail
// with "rule result is not a vector or scalar".
QueryFunc EngineQueryFunc(const promql::Engine& engine,
                          promql::Queryable& queryable);
// The same for the template function `query`, which parses its text.
TemplateQueryFunc EngineTemplateQueryFunc(const promql::Engine& engine,
                                          promql::Queryable& queryable);

enum class RuleHealth { kUnknown, kGood, kBad };
// "unknown", "ok", "err".
const char* RuleHealthName(RuleHealth health);

// What one evaluation of a rule needs.
struct EvalContext {
  int64_t ts = 0;  // the evaluation time, ms
  const QueryFunc* query = nullptr;
  const TemplateQueryFunc* template_query = nullptr;  // may be null
  // externalURL and pathPrefix in templates; null: they fail (see
  // AlertTemplateInput::function_url).
  const std::string* external_url = nullptr;
  int64_t limit = 0;  // the group's limit; 0: none
  // Rules query (and write their samples) this far before ts, as
  // Prometheus's query_offset; alert state times stay at ts.
  int64_t query_offset_ms = 0;

  // The time queries run at and samples are written at.
  int64_t query_ts() const { return ts - query_offset_ms; }
};

class Rule {
 public:
  Rule(std::string name, std::shared_ptr<const promql::Expr> expr,
       promql::Labels labels);
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

  const std::string& name() const { return name_; }
  // The rule's own labels, unexpanded.
  const promql::Labels& labels() const { return labels_; }
  const promql::Expr& expr() const { return *expr_; }
  // The expression as Prometheus prints it.
  const std::string& query() const { return query_; }
  virtual bool is_alerting() const = 0;

  // Evaluates the rule at ctx.ts and returns the samples to write. On
  // failure the caller records the error (Group does).
  virtual Result<promql::Vector> Eval(const EvalContext& ctx) = 0;

  RuleHealth health() const { return health_; }
  const Status& last_error() const { return last_error_; }
  void SetHealth(RuleHealth h) { health_ = h; }
  void SetLastError(Status s) { last_error_ = std::move(s); }
  // When the last evaluation started (ms) and how long it took (ns).
  int64_t evaluation_timestamp() const { return eval_timestamp_; }
  int64_t evaluation_duration_ns() const { return eval_duration_ns_; }
  void SetEvaluation(int64_t timestamp_ms, int64_t duration_ns) {
    eval_timestamp_ = timestamp_ms;
    eval_duration_ns_ = duration_ns;
  }

 private:
  std::string name_;
  std::shared_ptr<const promql::Expr> expr_;
  std::string query_;
  promql::Labels labels_;
  RuleHealth health_ = RuleHealth::kUnknown;
  Status last_error_;
  int64_t eval_timestamp_ = 0;
  int64_t eval_duration_ns_ = 0;
};

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_RULE_H_
