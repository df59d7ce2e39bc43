// The query API's JSON bodies, written byte for byte as Prometheus 2.42
// writes them, straight into one preallocated string (no DOM).
//
//  - success: {"status":"success","data":...}
//  - error:   {"status":"error","errorType":"bad_data","error":"..."}
//  - query data: {"resultType":"vector","result":[...]}, where a vector
//    element is {"metric":{...},"value":[1435781451.781,"1"]}, a matrix
//    element {"metric":{...},"values":[[1435781451.781,"1"],...]}, and a
//    scalar or string result is [1435781451.781,"1"].
//
// Strings are escaped as Go's encoding/json does (HTML characters as
// \u003c \u003e \u0026, control characters as \n \r \t or \u00XX, invalid
// UTF-8 as \ufffd, U+2028/U+2029 escaped). Sample timestamps are written as
// Prometheus's MarshalTimestamp writes them (seconds, then '.' and all three
// millisecond digits when they are not zero: 1500 -> 1.500); scalar and
// string timestamps as Go encodes a float64 (1500 -> 1.5). Sample values
// use strconv's shortest 'f' form, 'e' form below 1e-6 and from 1e21 on;
// scalar values always the 'f' form; "NaN", "+Inf", "-Inf".
// All functions are pure and thread-safe.

#ifndef TOCSIN_ENGINE_API_JSON_H_
#define TOCSIN_ENGINE_API_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/value.h"

namespace tocsin::engine {

// A JSON string literal, quotes included.
void AppendJsonString(std::string* out, std::string_view s);
// {"name":"value",...} in label order (which is Go's sorted map key order).
void AppendLabelsJson(std::string* out, const promql::Labels& labels);
// MarshalTimestamp: 1435781451781 -> 1435781451.781, 1500 -> 1.500.
void AppendSampleTimestamp(std::string* out, int64_t t_ms);
// MarshalValue, quotes included: "1", "0.5", "1e-07", "NaN", "+Inf".
void AppendSampleValue(std::string* out, double v);
// strconv.FormatFloat(v, 'f', -1, 64), no quotes.
void AppendFloatF(std::string* out, double v);
// A float64 as Go's encoding/json writes it: the shortest 'f' form, the 'e'
// form below 1e-6 and from 1e21 on with "e-07" shortened to "e-7". (JSON
// has no NaN or infinity; callers never pass them.)
void AppendJsonFloat(std::string* out, double v);

// Whole response bodies.
std::string EncodeQueryResponse(const promql::QueryValue& value);
std::string EncodeErrorResponse(std::string_view error_type,
                                std::string_view message);
std::string EncodeStringsResponse(const std::vector<std::string>& values);
std::string EncodeLabelSetsResponse(const std::vector<promql::Labels>& sets);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_API_JSON_H_
