// ParseQueryResponse: the body of a Prometheus /api/v1/query or
// /api/v1/query_range answer, parsed with simdjson straight into columns.
//
// A success body ({"status":"success","data":{"resultType":...,
// "result":...}}) yields QueryData: for "vector" and "matrix" one label set
// per series and the samples of all series in two shared columns
// (timestamps in milliseconds, values as Go's strconv.ParseFloat reads
// them: "NaN", "+Inf", "-Inf" included); for "scalar" one sample and no
// series; for "string" the text. An error body ({"status":"error",
// "errorType":"bad_data","error":"..."}) becomes a Status whose message is
// "<errorType>: <error>" as Prometheus's Go client prints it, with the code
// that errorType names (bad_data: kInvalidArgument, execution: kExecution,
// timeout: kTimeout, canceled: kCanceled, everything else kUnavailable).
// A non-2xx answer without such a body is kUnavailable ("server returned
// HTTP status 502 Bad Gateway: <start of body>"). Malformed or truncated
// JSON, a missing field or a native histogram is kUnavailable with a
// message that says what was wrong; the parser never reads out of bounds.
//
// Thread-safe: each thread uses its own simdjson parser.

#ifndef TOCSIN_DATASOURCE_QUERY_RESPONSE_H_
#define TOCSIN_DATASOURCE_QUERY_RESPONSE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::datasource {

enum class ResultType { kVector, kMatrix, kScalar, kString };

struct QueryData {
  ResultType type = ResultType::kVector;
  // Series i has the samples [offsets[i], offsets[i + 1]) of t and v;
  // offsets has labels.size() + 1 entries. A scalar is the one sample
  // t[0], v[0] with no series.
  std::vector<promql::Labels> labels;
  std::vector<size_t> offsets{0};
  std::vector<int64_t> t;
  std::vector<double> v;
  std::string string_value;  // the text of a "string" result
  std::vector<std::string> warnings;

  size_t num_series() const { return labels.size(); }
  std::span<const int64_t> SeriesT(size_t i) const {
    return std::span<const int64_t>(t).subspan(offsets[i],
                                               offsets[i + 1] - offsets[i]);
  }
  std::span<const double> SeriesV(size_t i) const {
    return std::span<const double>(v).subspan(offsets[i],
                                              offsets[i + 1] - offsets[i]);
  }
};

// `body` must have at least 64 bytes of spare capacity after its size
// (the HTTP client's bodies do); otherwise it is grown. `http_status` and
// `reason` are the answer's status line.
Result<QueryData> ParseQueryResponse(int http_status, const std::string& reason,
                                     std::string& body);

// The answer of /api/v1/labels or /api/v1/label/<name>/values: strings.
// Errors as ParseQueryResponse.
Result<std::vector<std::string>> ParseStringsResponse(int http_status,
                                                      const std::string& reason,
                                                      std::string& body);
// The answer of /api/v1/series: label sets, in the server's order.
Result<std::vector<promql::Labels>> ParseLabelSetsResponse(
    int http_status, const std::string& reason, std::string& body);

// Seconds as Prometheus writes timestamps (1435781451.781) to milliseconds.
int64_t SecondsToMs(double seconds);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_QUERY_RESPONSE_H_
