// The values PromQL computes with: scalars, strings, instant vectors, range
// vectors and matrices, plus the staleness marker.
//
// Timestamps are int64 milliseconds since the Unix epoch; values are IEEE
// doubles. All types are plain values; share them read-only between threads.

#ifndef TOCSIN_PROMQL_VALUE_H_
#define TOCSIN_PROMQL_VALUE_H_

#include <bit>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "promql/labels.h"

namespace tocsin::promql {

// Prometheus's staleness marker: a NaN with a distinct bit pattern that the
// storage writes when a series disappears. Ordinary NaNs are values.
inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;
inline double StaleNaN() { return std::bit_cast<double>(kStaleNaNBits); }
inline bool IsStaleNaN(double v) {
  return std::bit_cast<uint64_t>(v) == kStaleNaNBits;
}

// The kinds of value an expression can have, named as Prometheus names them
// in the API ("scalar", "vector", "matrix", "string").
enum class ValueType { kNone, kScalar, kVector, kMatrix, kString };
// "scalar", "vector", "matrix", "string", "none": the API's resultType.
const char* ValueTypeName(ValueType type);
// "scalar", "instant vector", "range vector", "string": used in type errors.
const char* DocumentedValueTypeName(ValueType type);

struct Scalar {
  int64_t t = 0;
  double v = 0;
};

struct String {
  int64_t t = 0;
  std::string s;
};

// One element of an instant vector. `t` is the evaluation timestamp, except
// inside timestamp() where the engine passes the sample's own timestamp.
struct Sample {
  Labels metric;
  int64_t t = 0;
  double v = 0;
};
using Vector = std::vector<Sample>;

struct Point {
  int64_t t = 0;
  double v = 0;
};

// One series of a query result over time (range query output).
struct Series {
  Labels metric;
  std::vector<Point> points;
};
using Matrix = std::vector<Series>;

// One series of a range vector at one evaluation step: the samples of a
// window, timestamps ascending, without staleness markers. The spans point
// into storage or into buffers owned by the RangeVector. Range functions
// compute values only (the evaluator labels their output), so the evaluator
// leaves `metric` empty when it calls them.
struct RangeSeries {
  Labels metric;
  std::span<const int64_t> t;
  std::span<const double> v;
};

struct RangeVector {
  std::vector<RangeSeries> series;
  // Keeps alive whatever the spans point into, where that is not storage.
  std::vector<std::shared_ptr<const void>> owners;
};

// A value during evaluation.
using Value = std::variant<Scalar, Vector, RangeVector, String>;

// The value of a whole query: instant queries give a Scalar, Vector or
// String; range queries give a Matrix.
using QueryValue = std::variant<Scalar, Vector, Matrix, String>;

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_VALUE_H_
