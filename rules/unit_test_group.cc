// One test of a rule unit-test file, run as promtool 2.42 runs it.

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <variant>

#include "promql/engine.h"
#include "promql/go_format.h"
#include "promql/load_block.h"
#include "promql/parser/parser.h"
#include "promql/series_file.h"
#include "promql/test_script.h"
#include "rules/loader.h"
#include "rules/unit_test_batch.h"
#include "rules/unit_test_format.h"
#include "rules/unit_test_runner.h"
#include "rules/unit_test_storage.h"

namespace tocsin::rules {
namespace {

// Loads the input series: `load <interval>` of the series lines, plus the
// tocsin-only series files.
Result<std::unique_ptr<promql::MemoryStorage>> LoadInput(
    const TestGroup& test, const std::string& base_dir) {
  auto storage = std::make_unique<promql::MemoryStorage>();
  promql::LoadBlock block(test.interval_ms);
  for (size_t i = 0; i < test.input_series.size(); ++i) {
    const InputSeries& s = test.input_series[i];
    // promtool reads the series as the (trimmed) lines of a `load` command.
    std::string line = s.series + " " + s.values;
    Status st =
        block.AddSeries(line, "input_series", static_cast<int>(i + 1), 0);
    if (!st.ok()) {
      // promtool's message has the position within the line, as line 1.
      auto desc = promql::ParseSeriesDescription(line);
      if (!desc.ok()) return desc.status();
      return st;
    }
  }
  std::vector<promql::TextPosition> positions;
  auto series = block.TakeSeries(&positions);
  if (test.interval_ms == 0) {
    // Every sample falls on time 0; the storage keeps the first one.
    for (auto& s : series) {
      s.t.resize(std::min<size_t>(s.t.size(), 1));
      s.v.resize(s.t.size());
    }
  }
  Status st = storage->AppendBatch(std::move(series));
  if (!st.ok()) return st;
  for (const std::string& f : test.input_series_files) {
    std::string p = f;
    if (!p.empty() && p[0] != '/' && !base_dir.empty()) {
      p = (std::filesystem::path(base_dir) / p).string();
    }
    st = promql::LoadSeriesFile(p, storage.get());
    if (!st.ok()) return st;
  }
  storage->Seal();
  return storage;
}

LabelList SortedList(const std::vector<YamlMapEntry>& entries) {
  LabelList out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back({e.key, e.value});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

LabelList ToList(const promql::Labels& labels) {
  return LabelList(labels.begin(), labels.end());
}

class TestGroupRun {
 public:
  TestGroupRun(const TestGroup& test, int64_t eval_interval,
               const std::vector<std::string>& order, bool stepwise)
      : test_(test),
        eval_interval_(eval_interval),
        order_(order),
        stepwise_(stepwise) {}

  std::vector<std::string> Run(const LoadedRuleFiles& rules,
                               const std::string& base_dir);

 private:
  using AlertsByName = std::map<std::string, std::vector<LabelsAndAnnotations>>;

  bool BuildGroups(const LoadedRuleFiles& rules);
  // Time by time over all groups, as promtool runs.
  void RunStepwise(int64_t max_time, const std::set<int64_t>& alert_times);
  // Rule by rule over all times, with the same results (unit_test_batch.h).
  void RunBatched(const std::vector<OrderedRule>& order, int64_t max_time,
                  const std::set<int64_t>& alert_times);
  bool EvalAt(int64_t ts);  // false when a rule failed
  AlertsByName FiringAlerts(const std::set<std::string>& names) const;
  void CheckAlerts(int64_t eval_time, AlertsByName got);
  void CheckPromql(const PromqlTestCase& tc);
  std::string TestNamePrefix() const {
    return test_.name.empty() ? "" : "    name: " + test_.name + ",\n";
  }

  const TestGroup& test_;
  int64_t eval_interval_;
  const std::vector<std::string>& order_;
  bool stepwise_;
  std::vector<std::string> errors_;
  std::unique_ptr<UnitTestStorage> storage_;
  std::unique_ptr<promql::Engine> engine_;
  GroupOptions options_;
  std::vector<std::unique_ptr<Group>> groups_;
  bool stopped_ = false;  // a rule failed: no further checks
};

bool TestGroupRun::BuildGroups(const LoadedRuleFiles& rules) {
  if (!rules.errors.empty()) {
    errors_ = rules.errors;
    return false;
  }
  LoadOptions lo;
  lo.default_interval_ms = test_.interval_ms;
  lo.external_labels =
      promql::Labels::FromVector(SortedList(test_.external_labels));
  lo.external_url = test_.external_url;
  lo.restored = true;
  // Groups are identified by file and name; a later one replaces an
  // earlier one with the same identity.
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const RuleFileSpec& f : rules.files) {
    for (auto& g : rules::BuildGroups(f, lo, &options_)) {
      auto key = std::make_pair(g->file(), g->name());
      auto it = index.find(key);
      if (it != index.end()) {
        groups_[it->second] = std::move(g);
      } else {
        index.emplace(key, groups_.size());
        groups_.push_back(std::move(g));
      }
    }
  }
  auto rank = [&](const Group& g) -> size_t {
    auto it = std::find(order_.begin(), order_.end(), g.name());
    return it == order_.end() ? 0 : static_cast<size_t>(it - order_.begin());
  };
  std::stable_sort(
      groups_.begin(), groups_.end(),
      [&](const auto& a, const auto& b) { return rank(*a) < rank(*b); });
  return true;
}

bool TestGroupRun::EvalAt(int64_t ts) {
  storage_->SetVisibleUntil(ts);
  bool ok = true;
  for (auto& g : groups_) {
    g->Eval(ts);
    for (const auto& r : g->rules()) {
      if (r->last_error().ok()) continue;
      errors_.push_back("    rule: " + r->name() +
                        ", time: " + GoDurationString(ts) +
                        ", err: " + r->last_error().message());
      ok = false;
    }
  }
  return ok;
}

TestGroupRun::AlertsByName TestGroupRun::FiringAlerts(
    const std::set<std::string>& names) const {
  AlertsByName got;
  for (const auto& g : groups_) {
    for (const auto& r : g->rules()) {
      if (!r->is_alerting() || !names.count(r->name())) continue;
      auto& list = got[r->name()];
      static_cast<const AlertingRule&>(*r).ForEachAlert([&](const Alert& a) {
        if (a.resolved_at != kZeroTime || a.state != AlertState::kFiring) {
          return;
        }
        list.push_back({ToList(a.labels), a.annotations});
      });
    }
  }
  return got;
}

std::set<std::string> NamesAt(const TestGroup& test, int64_t eval_time) {
  std::set<std::string> names;
  for (const AlertTestCase& tc : test.alert_rule_tests) {
    if (tc.eval_time_ms == eval_time) names.insert(tc.alertname);
  }
  return names;
}

void TestGroupRun::CheckAlerts(int64_t eval_time, AlertsByName got) {
  for (const AlertTestCase& tc : test_.alert_rule_tests) {
    if (tc.eval_time_ms != eval_time) continue;
    std::vector<LabelsAndAnnotations> exp;
    for (const ExpectedAlert& e : tc.exp_alerts) {
      std::vector<YamlMapEntry> labels = e.labels;
      labels.erase(std::remove_if(labels.begin(), labels.end(),
                                  [](const YamlMapEntry& x) {
                                    return x.key == "alertname";
                                  }),
                   labels.end());
      labels.push_back({"alertname", tc.alertname, {}, {}});
      exp.push_back({SortedList(labels), SortedList(e.annotations)});
    }
    std::vector<LabelsAndAnnotations> have = got[tc.alertname];
    SortAlerts(&exp);
    SortAlerts(&have);
    if (exp == have) continue;
    errors_.push_back(
        TestNamePrefix() + "    alertname: " + tc.alertname +
        ", time: " + promql::FormatDuration(tc.eval_time_ms) +
        ", \n        exp:" + IndentLines(AlertListString(exp), "            ") +
        ", \n        got:" +
        IndentLines(AlertListString(have), "            "));
  }
}

struct ParsedSample {
  promql::Labels labels;
  double value;
};

std::string SamplesString(const std::vector<ParsedSample>& samples) {
  if (samples.empty()) return "nil";
  std::string out;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i > 0) out += ", ";
    out += samples[i].labels.ToString() + " " + FormatFloatE(samples[i].value);
  }
  return out;
}

void TestGroupRun::CheckPromql(const PromqlTestCase& tc) {
  const std::string head = "    expr: " + promql::GoQuote(tc.expr) +
                           ", time: " + promql::FormatDuration(tc.eval_time_ms);
  auto res = engine_->Instant(*storage_, tc.expr, tc.eval_time_ms);
  std::vector<ParsedSample> got;
  if (res.ok()) {
    if (auto* v = std::get_if<promql::Vector>(&*res)) {
      for (auto& s : *v) got.push_back({std::move(s.metric), s.v});
    } else if (auto* s = std::get_if<promql::Scalar>(&*res)) {
      got.push_back({promql::Labels(), s->v});
    } else {
      res = Status::Execution("rule result is not a vector or scalar");
    }
  }
  if (!res.ok()) {
    errors_.push_back(head + ", err: " + res.status().message());
    return;
  }
  std::vector<ParsedSample> exp;
  for (const ExpectedSample& e : tc.exp_samples) {
    auto desc = promql::ParseSeriesDescription(e.labels);
    if (!desc.ok()) {
      errors_.push_back(head + ", err: labels " + promql::GoQuote(e.labels) +
                        ": " + desc.status().message());
      return;
    }
    exp.push_back({std::move(desc->labels), e.value});
  }
  auto by_labels = [](const ParsedSample& a, const ParsedSample& b) {
    return a.labels < b.labels;
  };
  std::stable_sort(exp.begin(), exp.end(), by_labels);
  std::stable_sort(got.begin(), got.end(), by_labels);
  bool equal = exp.size() == got.size();
  for (size_t i = 0; equal && i < exp.size(); ++i) {
    equal = exp[i].labels == got[i].labels && exp[i].value == got[i].value;
  }
  if (equal) return;
  errors_.push_back(head + ",\n        exp: " + SamplesString(exp) +
                    "\n        got: " + SamplesString(got));
}

void TestGroupRun::RunStepwise(int64_t max_time,
                               const std::set<int64_t>& alert_times) {
  auto next_alert = alert_times.begin();
  for (int64_t ts = 0; ts <= max_time; ts += eval_interval_) {
    if (!EvalAt(ts)) {
      stopped_ = true;
      return;
    }
    while (next_alert != alert_times.end() && *next_alert >= ts &&
           *next_alert < ts + eval_interval_) {
      CheckAlerts(*next_alert, FiringAlerts(NamesAt(test_, *next_alert)));
      ++next_alert;
    }
  }
}

void TestGroupRun::RunBatched(const std::vector<OrderedRule>& order,
                              int64_t max_time,
                              const std::set<int64_t>& alert_times) {
  BatchInput in;
  in.order = order;
  in.storage = storage_.get();
  in.engine = engine_.get();
  in.eval_interval_ms = eval_interval_;
  in.num_steps = static_cast<size_t>(max_time / eval_interval_) + 1;
  for (int64_t t : alert_times) {
    auto names = NamesAt(test_, t);
    in.snapshots[static_cast<size_t>(t / eval_interval_)].insert(names.begin(),
                                                                 names.end());
  }
  BatchResult r = RunBatch(in);
  for (int64_t t : alert_times) {
    size_t step = static_cast<size_t>(t / eval_interval_);
    if (r.error_step && step >= *r.error_step) break;
    CheckAlerts(t, r.alerts[step]);
  }
  if (r.error_step) {
    for (auto& e : r.errors) errors_.push_back(std::move(e));
    stopped_ = true;
  }
  storage_->SetVisibleUntil(static_cast<int64_t>(in.num_steps - 1) *
                            eval_interval_);
}

std::vector<std::string> TestGroupRun::Run(const LoadedRuleFiles& rules,
                                           const std::string& base_dir) {
  auto input = LoadInput(test_, base_dir);
  if (!input.ok()) return {input.status().message()};
  storage_ = std::make_unique<UnitTestStorage>(std::move(*input));
  promql::EngineOptions eo = promql::TestEngineOptions();
  eo.default_evaluation_interval_ms = eval_interval_;
  engine_ = std::make_unique<promql::Engine>(eo);
  options_.query = EngineQueryFunc(*engine_, *storage_);
  options_.template_query = EngineTemplateQueryFunc(*engine_, *storage_);
  options_.appender = storage_.get();
  if (!BuildGroups(rules)) return errors_;

  int64_t max_time = 0;
  std::set<int64_t> alert_times;
  for (const AlertTestCase& tc : test_.alert_rule_tests) {
    if (tc.alertname.empty()) {
      std::string in_group =
          test_.name.empty() ? "" : " (in TestGroup " + test_.name + ")";
      return {
          "an item under alert_rule_test misses required attribute "
          "alertname at eval_time " +
          promql::FormatDuration(tc.eval_time_ms) + in_group};
    }
    alert_times.insert(tc.eval_time_ms);
    max_time = std::max(max_time, tc.eval_time_ms);
  }
  for (const PromqlTestCase& tc : test_.promql_expr_tests) {
    max_time = std::max(max_time, tc.eval_time_ms);
  }

  std::vector<OrderedRule> order;
  for (auto& g : groups_) {
    for (size_t i = 0; i < g->rules().size(); ++i)
      order.push_back({g.get(), i});
  }
  if (!stepwise_ && BatchableRules(order)) {
    RunBatched(order, max_time, alert_times);
  } else {
    RunStepwise(max_time, alert_times);
  }
  if (stopped_) return errors_;
  for (const PromqlTestCase& tc : test_.promql_expr_tests) CheckPromql(tc);
  return errors_;
}

}  // namespace

std::vector<std::string> RunTestGroup(
    const TestGroup& test, const LoadedRuleFiles& rules,
    int64_t evaluation_interval_ms,
    const std::vector<std::string>& group_eval_order,
    const std::string& base_dir, bool stepwise) {
  return TestGroupRun(test, evaluation_interval_ms, group_eval_order, stepwise)
      .Run(rules, base_dir);
}

}  // namespace tocsin::rules
