#include "promql/test_script.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <variant>

#include "promql/go_format.h"
#include "promql/memory_storage.h"
#include "promql/test_script_at.h"
#include "promql/test_script_compare.h"
#include "promql/test_script_parser.h"

namespace tocsin::promql {
namespace {

constexpr int64_t kMinute = 60 * 1000;

std::string TimeString(int64_t ms) {
  return FormatFloatG(static_cast<double>(ms) / 1000) + "s";
}

Status Fail(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

class ScriptRunner {
 public:
  ScriptRunner() : engine_(TestEngineOptions()) {}

  ScriptResult Run(std::vector<ScriptCommand> commands);

 private:
  void Record(int line, const std::string& expr, const Status& st) {
    if (st.ok()) {
      ++result_.passed;
      return;
    }
    ++result_.failed;
    result_.failures.push_back({line, expr, st.message()});
  }

  Status Eval(const EvalCommand& cmd);
  Status EvalInstant(const EvalCommand& cmd, const InstantQuery& q);
  Status CheckRangeMode(const EvalCommand& cmd, const InstantQuery& q,
                        const QueryValue& instant);
  Status EvalRange(const EvalCommand& cmd);

  MemoryStorage storage_;
  Engine engine_;
  ScriptResult result_;
};

ScriptResult ScriptRunner::Run(std::vector<ScriptCommand> commands) {
  for (ScriptCommand& command : commands) {
    if (auto* bad = std::get_if<BadCommand>(&command)) {
      Record(bad->line, bad->expr, Fail(bad->message));
    } else if (std::holds_alternative<ClearCommand>(command)) {
      storage_.Clear();
    } else if (auto* load = std::get_if<LoadCommand>(&command)) {
      Status st = storage_.AppendBatch(std::move(load->series));
      storage_.Seal();
      if (!st.ok()) Record(load->line, "", Fail("load: " + st.message()));
    } else {
      const auto& eval = std::get<EvalCommand>(command);
      Status st;
      try {
        st = Eval(eval);
      } catch (const std::exception& e) {
        st = Fail(std::string("internal error: ") + e.what());
      }
      Record(eval.line, eval.expr, st);
    }
  }
  return std::move(result_);
}

Status ScriptRunner::Eval(const EvalCommand& cmd) {
  if (cmd.range) return EvalRange(cmd);
  for (const InstantQuery& q : InstantQueries(cmd.expr, cmd.start_ms)) {
    Status st = EvalInstant(cmd, q);
    if (st.ok()) continue;
    if (q.expr == cmd.expr && q.t == cmd.start_ms) return st;
    return Fail(st.message() + " (in the variant " + q.expr + " evaluated at " +
                TimeString(q.t) + ")");
  }
  return Status::OK();
}

Status ScriptRunner::EvalInstant(const EvalCommand& cmd,
                                 const InstantQuery& q) {
  auto res = engine_.Instant(storage_, q.expr, q.t);
  if (!res.ok()) {
    if (cmd.fail) return Status::OK();
    return Fail("error evaluating query: " + res.status().message());
  }
  if (cmd.fail) return Fail("expected error evaluating query but got none");
  Status st = CompareInstantResult(cmd, *res);
  if (!st.ok()) return st;
  return CheckRangeMode(cmd, q, *res);
}

// Runs the query as a range query around q.t and compares the middle step.
Status ScriptRunner::CheckRangeMode(const EvalCommand& cmd,
                                    const InstantQuery& q,
                                    const QueryValue& instant) {
  auto res =
      engine_.Range(storage_, q.expr, q.t - kMinute, q.t + kMinute, kMinute);
  if (!res.ok()) {
    return Fail("error evaluating query in range mode: " +
                res.status().message());
  }
  if (cmd.ordered) return Status::OK();  // range results are label-sorted
  const auto* m = std::get_if<Matrix>(&*res);
  if (m == nullptr) return Fail("range mode: the result is not a matrix");
  Vector at_t;
  for (const Series& s : *m) {
    for (const Point& p : s.points) {
      if (p.t == q.t) {
        at_t.push_back({s.metric, p.t, p.v});
        break;
      }
    }
  }
  Status st;
  if (std::holds_alternative<Scalar>(instant)) {
    if (at_t.empty()) {
      return Fail("range mode: no value at " + TimeString(q.t));
    }
    st = CompareInstantResult(cmd, Scalar{q.t, at_t[0].v});
  } else {
    st = CompareInstantResult(cmd, at_t);
  }
  if (!st.ok()) return Fail("range mode: " + st.message());
  return Status::OK();
}

Status ScriptRunner::EvalRange(const EvalCommand& cmd) {
  auto res =
      engine_.Range(storage_, cmd.expr, cmd.start_ms, cmd.end_ms, cmd.step_ms);
  if (!res.ok()) {
    if (cmd.fail) return Status::OK();
    return Fail("error evaluating query: " + res.status().message());
  }
  if (cmd.fail) return Fail("expected error evaluating query but got none");
  return CompareRangeResult(cmd, *res);
}

}  // namespace

EngineOptions TestEngineOptions() {
  EngineOptions options;
  options.max_samples = 10000;
  options.timeout = std::chrono::seconds(100);
  options.default_evaluation_interval_ms = kMinute;
  return options;
}

ScriptResult RunTestScript(std::string_view text, std::string_view source) {
  return ScriptRunner().Run(ParseTestScript(text, source));
}

Result<ScriptResult> RunTestScriptFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::string text(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) return Status::IOError("cannot read " + path);
  return RunTestScript(text, path);
}

}  // namespace tocsin::promql
