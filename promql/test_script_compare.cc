#include "promql/test_script_compare.h"

#include <bit>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "promql/go_format.h"

namespace tocsin::promql {
namespace {

constexpr double kEpsilon = 0.000001;
// The smallest positive normal double.
const double kMinNormal = std::bit_cast<double>(uint64_t{0x0010000000000000});

Status Mismatch(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

std::string Num(double v) { return FormatFloatG(v); }

std::string ExpectedValues(const ExpectedSeries& e) {
  std::string out = "[";
  for (size_t i = 0; i < e.values.size(); ++i) {
    if (i > 0) out += ' ';
    out += e.values[i] ? Num(*e.values[i]) : "_";
  }
  return out + "]";
}

std::string VectorString(const Vector& v) {
  std::string out;
  for (const Sample& s : v) {
    if (!out.empty()) out += "\n";
    out += s.metric.ToString() + " => " + Num(s.v) + " @[" +
           std::to_string(s.t) + "]";
  }
  return out;
}

std::unordered_map<Labels, const ExpectedSeries*, LabelsHash> ExpectedIndex(
    const EvalCommand& cmd) {
  std::unordered_map<Labels, const ExpectedSeries*, LabelsHash> index;
  for (const ExpectedSeries& e : cmd.expected) index[e.labels] = &e;
  return index;
}

Status CompareVector(const EvalCommand& cmd, const Vector& vec) {
  if (cmd.scalar) {
    return Mismatch("expected scalar " + Num(*cmd.scalar) + " but got vector " +
                    VectorString(vec));
  }
  auto index = ExpectedIndex(cmd);
  std::unordered_set<Labels, LabelsHash> seen;
  for (size_t pos = 0; pos < vec.size(); ++pos) {
    const Sample& s = vec[pos];
    auto it = index.find(s.metric);
    if (it == index.end()) {
      return Mismatch("unexpected metric " + s.metric.ToString() +
                      " in result, has value " + Num(s.v));
    }
    if (!seen.insert(s.metric).second) {
      return Mismatch("metric " + s.metric.ToString() +
                      " appears more than once in the result");
    }
    const ExpectedSeries& exp = *it->second;
    if (cmd.ordered && exp.pos != static_cast<int>(pos) + 1) {
      return Mismatch("expected metric " + s.metric.ToString() + " with " +
                      ExpectedValues(exp) + " at position " +
                      std::to_string(exp.pos) + " but was at " +
                      std::to_string(pos + 1));
    }
    // An omitted expected value (`_`) counts as 0, as in Prometheus.
    double want = exp.values.empty() ? 0 : exp.values[0].value_or(0);
    if (exp.values.empty() || !AlmostEqual(want, s.v)) {
      return Mismatch("expected " + Num(want) + " for " + s.metric.ToString() +
                      " but got " + Num(s.v));
    }
  }
  for (const ExpectedSeries& e : cmd.expected) {
    if (!seen.contains(e.labels)) {
      return Mismatch("expected metric " + e.labels.ToString() + " with " +
                      ExpectedValues(e) + " not found");
    }
  }
  return Status::OK();
}

Status CheckSorted(const Matrix& m) {
  for (size_t i = 1; i < m.size(); ++i) {
    if (Compare(m[i - 1].metric, m[i].metric) > 0) {
      return Mismatch(
          "matrix results should always be sorted by labels, but series at "
          "index " +
          std::to_string(i) + " with labels " + m[i].metric.ToString() +
          " sorts before series at index " + std::to_string(i - 1) +
          " with labels " + m[i - 1].metric.ToString());
    }
  }
  return Status::OK();
}

Status CompareSeries(const EvalCommand& cmd, const ExpectedSeries& exp,
                     const Series& s) {
  std::vector<Point> want;
  for (size_t i = 0; i < exp.values.size(); ++i) {
    int64_t t = cmd.start_ms + static_cast<int64_t>(i) * cmd.step_ms;
    if (t > cmd.end_ms) {
      return Mismatch("expected " + std::to_string(exp.values.size()) +
                      " points for " + exp.labels.ToString() +
                      ", but query time range cannot return this many points");
    }
    if (exp.values[i]) want.push_back({t, *exp.values[i]});
  }
  const std::string name = exp.labels.ToString();
  if (want.size() != s.points.size()) {
    return Mismatch("expected " + std::to_string(want.size()) +
                    " float points for " + name + ", but got " +
                    FormatSeriesPoints(s));
  }
  for (size_t i = 0; i < want.size(); ++i) {
    const Point& got = s.points[i];
    if (got.t != want[i].t) {
      return Mismatch("expected float value at index " + std::to_string(i) +
                      " for " + name + " to have timestamp " +
                      std::to_string(want[i].t) + ", but it had timestamp " +
                      std::to_string(got.t) + " (result has " +
                      FormatSeriesPoints(s) + ")");
    }
    if (!AlmostEqual(want[i].v, got.v)) {
      return Mismatch("expected float value at index " + std::to_string(i) +
                      " (t=" + std::to_string(got.t) + ") for " + name +
                      " to be " + Num(want[i].v) + ", but got " + Num(got.v) +
                      " (result has " + FormatSeriesPoints(s) + ")");
    }
  }
  return Status::OK();
}

}  // namespace

bool AlmostEqual(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || diff < kMinNormal) {
    return diff < kEpsilon * kMinNormal;
  }
  return diff / (std::fabs(a) + std::fabs(b)) < kEpsilon;
}

std::string FormatSeriesPoints(const Series& s) {
  std::string out = std::to_string(s.points.size()) + " float point" +
                    (s.points.size() == 1 ? "" : "s") + " [";
  for (size_t i = 0; i < s.points.size(); ++i) {
    if (i > 0) out += ' ';
    out += FormatFloatF(s.points[i].v) + " @[" + std::to_string(s.points[i].t) +
           "]";
  }
  return out + "]";
}

Status CompareInstantResult(const EvalCommand& cmd, const QueryValue& value) {
  if (const auto* vec = std::get_if<Vector>(&value)) {
    return CompareVector(cmd, *vec);
  }
  if (const auto* scalar = std::get_if<Scalar>(&value)) {
    if (!cmd.scalar) {
      return Mismatch("expected vector result, but got scalar " +
                      Num(scalar->v));
    }
    if (!AlmostEqual(*cmd.scalar, scalar->v)) {
      return Mismatch("expected scalar " + Num(*cmd.scalar) + " but got " +
                      Num(scalar->v));
    }
    return Status::OK();
  }
  if (std::holds_alternative<Matrix>(value)) {
    return Mismatch("received range result on instant evaluation");
  }
  return Mismatch("unexpected string result " +
                  GoQuote(std::get<String>(value).s));
}

Status CompareRangeResult(const EvalCommand& cmd, const QueryValue& value) {
  const auto* m = std::get_if<Matrix>(&value);
  if (m == nullptr) {
    return Mismatch("range query did not return a matrix");
  }
  if (cmd.scalar) {
    return Mismatch("expected scalar result, but got matrix");
  }
  Status st = CheckSorted(*m);
  if (!st.ok()) return st;
  auto index = ExpectedIndex(cmd);
  std::unordered_set<Labels, LabelsHash> seen;
  for (const Series& s : *m) {
    auto it = index.find(s.metric);
    if (it == index.end()) {
      return Mismatch("unexpected metric " + s.metric.ToString() +
                      " in result, has " + FormatSeriesPoints(s));
    }
    if (!seen.insert(s.metric).second) {
      return Mismatch("metric " + s.metric.ToString() +
                      " appears more than once in the result");
    }
    st = CompareSeries(cmd, *it->second, s);
    if (!st.ok()) return st;
  }
  for (const ExpectedSeries& e : cmd.expected) {
    if (!seen.contains(e.labels)) {
      return Mismatch("expected metric " + e.labels.ToString() + " not found");
    }
  }
  return Status::OK();
}

}  // namespace tocsin::promql
