#include "datasource/query_response.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "go/strconv.h"

namespace tocsin::datasource {

namespace dom = simdjson::dom;
using simdjson::error_code;

int64_t SecondsToMs(double seconds) {
  return static_cast<int64_t>(std::llround(seconds * 1000.0));
}

namespace {

Status Malformed(std::string_view what) {
  return Status::Unavailable("malformed response from datasource: " +
                             std::string(what));
}

Status Malformed(std::string_view what, error_code e) {
  return Malformed(std::string(what) + ": " + simdjson::error_message(e));
}

// strconv.ParseFloat as Prometheus's values need it: Go writes NaN and
// the infinities as "NaN", "+Inf" and "-Inf".
bool ParseValue(std::string_view s, double* v) {
  if (s == "NaN") {
    *v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == "+Inf" || s == "-Inf") {
    *v = s[0] == '+' ? std::numeric_limits<double>::infinity()
                     : -std::numeric_limits<double>::infinity();
    return true;
  }
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *v);
  if (ec == std::errc() && ptr == end) return true;
  Result<double> parsed = go::ParseFloat(s);
  if (!parsed.ok()) return false;
  *v = *parsed;
  return true;
}

// Reads a parsed document into QueryData.
class Reader {
 public:
  explicit Reader(QueryData* out) : out_(out) {}

  // The top-level object; fills the status and error fields.
  Status Document(dom::element doc);

  std::string_view status() const { return status_; }
  const std::string& error_type() const { return error_type_; }
  const std::string& error() const { return error_; }
  bool has_data() const { return has_data_; }

 private:
  Status Data(dom::object data);
  Status Series(dom::array result);
  Status Entry(dom::element entry);
  Status Pair(dom::element pair, int64_t* t, std::string_view* text);
  Status Sample(dom::element pair);

  QueryData* out_;
  std::string_view status_;
  std::string error_type_;
  std::string error_;
  bool has_data_ = false;
};

Status Reader::Document(dom::element doc) {
  dom::object top;
  if (auto e = doc.get_object().get(top)) return Malformed("the body", e);
  for (dom::key_value_pair field : top) {
    std::string_view key = field.key;
    dom::element val = field.value;
    if (key == "status") {
      if (auto e = val.get_string().get(status_)) {
        return Malformed("\"status\"", e);
      }
    } else if (key == "errorType" || key == "error") {
      std::string_view s;
      if (auto e = val.get_string().get(s)) return Malformed(key, e);
      (key == "error" ? error_ : error_type_) = std::string(s);
    } else if (key == "warnings") {
      dom::array warnings;
      if (auto e = val.get_array().get(warnings)) {
        return Malformed("\"warnings\"", e);
      }
      for (dom::element w : warnings) {
        std::string_view s;
        if (auto e = w.get_string().get(s)) return Malformed("a warning", e);
        out_->warnings.emplace_back(s);
      }
    }
  }
  if (status_ != "success") return Status::OK();
  dom::object data;
  if (auto e = top["data"].get_object().get(data)) {
    return Malformed("\"data\"", e);
  }
  has_data_ = true;
  return Data(data);
}

Status Reader::Data(dom::object data) {
  std::string_view type;
  if (auto e = data["resultType"].get_string().get(type)) {
    return Malformed("\"resultType\"", e);
  }
  dom::element result;
  if (auto e = data["result"].get(result)) return Malformed("\"result\"", e);
  if (type == "vector" || type == "matrix") {
    out_->type = type == "vector" ? ResultType::kVector : ResultType::kMatrix;
    if (result.is_null()) return Status::OK();
    dom::array series;
    if (auto e = result.get_array().get(series)) {
      return Malformed("\"result\"", e);
    }
    return Series(series);
  }
  if (type != "scalar" && type != "string") {
    return Malformed("unknown resultType \"" + std::string(type) + "\"");
  }
  int64_t t;
  std::string_view text;
  if (Status s = Pair(result, &t, &text); !s.ok()) return s;
  out_->t.push_back(t);
  out_->v.push_back(0);
  if (type == "string") {
    out_->type = ResultType::kString;
    out_->string_value = std::string(text);
    return Status::OK();
  }
  out_->type = ResultType::kScalar;
  if (!ParseValue(text, &out_->v[0])) {
    return Malformed("invalid value \"" + std::string(text) + "\"");
  }
  return Status::OK();
}

Status Reader::Series(dom::array result) {
  out_->labels.reserve(result.size());
  out_->offsets.reserve(result.size() + 1);
  for (dom::element entry : result) {
    if (Status s = Entry(entry); !s.ok()) return s;
  }
  return Status::OK();
}

Status Reader::Entry(dom::element entry) {
  dom::object obj;
  if (auto e = entry.get_object().get(obj)) return Malformed("a series", e);
  dom::object metric;
  if (auto e = obj["metric"].get_object().get(metric)) {
    return Malformed("\"metric\"", e);
  }
  std::vector<promql::Label> labels;
  labels.reserve(metric.size());
  bool sorted = true;
  for (dom::key_value_pair label : metric) {
    std::string_view value;
    if (auto e = label.value.get_string().get(value)) {
      return Malformed("a label value", e);
    }
    if (value.empty()) continue;
    if (!labels.empty() && labels.back().name >= label.key) sorted = false;
    labels.push_back(promql::Label{std::string(label.key), std::string(value)});
  }
  dom::element value;
  dom::array values;
  if (obj["value"].get(value) == simdjson::SUCCESS) {
    if (Status s = Sample(value); !s.ok()) return s;
  } else if (obj["values"].get_array().get(values) == simdjson::SUCCESS) {
    // Geometric growth: reserving exactly per series would copy all
    // samples read so far once per series.
    const size_t need = out_->t.size() + values.size();
    if (out_->t.capacity() < need) {
      const size_t cap = std::max(need, 2 * out_->t.capacity());
      out_->t.reserve(cap);
      out_->v.reserve(cap);
    }
    for (dom::element pair : values) {
      if (Status s = Sample(pair); !s.ok()) return s;
    }
  } else if (obj["histogram"].error() == simdjson::SUCCESS ||
             obj["histograms"].error() == simdjson::SUCCESS) {
    return Status::Unavailable(
        "the datasource returned native histograms, which tocsin does not "
        "support yet");
  } else {
    return Malformed("a series without \"value\" or \"values\"");
  }
  out_->labels.push_back(sorted
                             ? promql::Labels::FromSorted(std::move(labels))
                             : promql::Labels::FromVector(std::move(labels)));
  out_->offsets.push_back(out_->t.size());
  return Status::OK();
}

Status Reader::Pair(dom::element pair, int64_t* t, std::string_view* text) {
  dom::array arr;
  if (auto e = pair.get_array().get(arr)) return Malformed("a sample", e);
  if (arr.size() != 2) return Malformed("a sample that is not [t, value]");
  auto it = arr.begin();
  double secs;
  if (auto e = (*it).get_double().get(secs)) {
    return Malformed("a sample timestamp", e);
  }
  *t = SecondsToMs(secs);
  ++it;
  if (auto e = (*it).get_string().get(*text)) {
    return Malformed("a sample value", e);
  }
  return Status::OK();
}

Status Reader::Sample(dom::element pair) {
  int64_t t;
  std::string_view text;
  if (Status s = Pair(pair, &t, &text); !s.ok()) return s;
  double v;
  if (!ParseValue(text, &v)) {
    return Malformed("invalid sample value \"" + std::string(text) + "\"");
  }
  out_->t.push_back(t);
  out_->v.push_back(v);
  return Status::OK();
}

Status::Code CodeForErrorType(std::string_view type) {
  if (type == "bad_data") return Status::Code::kInvalidArgument;
  if (type == "execution") return Status::Code::kExecution;
  if (type == "timeout") return Status::Code::kTimeout;
  if (type == "canceled") return Status::Code::kCanceled;
  return Status::Code::kUnavailable;
}

Status HttpError(int http_status, const std::string& reason,
                 const std::string& body) {
  std::string msg = "server returned HTTP status " +
                    std::to_string(http_status) +
                    (reason.empty() ? "" : " " + reason);
  if (!body.empty()) {
    msg += ": " + body.substr(0, 256);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) {
      msg.pop_back();
    }
  }
  return Status::Unavailable(std::move(msg));
}

}  // namespace

Result<QueryData> ParseQueryResponse(int http_status, const std::string& reason,
                                     std::string& body) {
  const bool http_ok = http_status / 100 == 2;
  if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
  thread_local dom::parser parser;
  QueryData data;
  Reader reader(&data);
  Status parsed;
  dom::element doc;
  if (auto e = parser.parse(body.data(), body.size(), false).get(doc)) {
    parsed = Malformed("the body", e);
  } else {
    parsed = reader.Document(doc);
  }
  if (reader.status() == "error" && !reader.error_type().empty()) {
    return Status::WithCode(CodeForErrorType(reader.error_type()),
                            reader.error_type() + ": " + reader.error());
  }
  if (!http_ok) return HttpError(http_status, reason, body);
  if (!parsed.ok()) return parsed;
  if (reader.status() != "success") {
    return Malformed(reader.status().empty()
                         ? std::string("no \"status\"")
                         : "status \"" + std::string(reader.status()) + "\"");
  }
  if (!reader.has_data()) return Malformed("no \"data\"");
  return data;
}

namespace {

// Parses a metadata answer and hands its "data" array to `read`.
template <typename T, typename ReadData>
Result<T> ParseMetadata(int http_status, const std::string& reason,
                        std::string& body, ReadData read) {
  if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
  thread_local dom::parser parser;
  dom::element doc;
  dom::object top;
  if (auto e = parser.parse(body.data(), body.size(), false).get(doc)) {
    if (http_status / 100 != 2) return HttpError(http_status, reason, body);
    return Malformed("the body", e);
  }
  if (doc.get_object().get(top) != simdjson::SUCCESS) {
    if (http_status / 100 != 2) return HttpError(http_status, reason, body);
    return Malformed("the body is not an object");
  }
  std::string_view status, type, error;
  if (top["status"].get_string().get(status) != simdjson::SUCCESS) {
    status = {};
  }
  if (status == "error" &&
      top["errorType"].get_string().get(type) == simdjson::SUCCESS) {
    if (top["error"].get_string().get(error) != simdjson::SUCCESS) error = {};
    return Status::WithCode(CodeForErrorType(type),
                            std::string(type) + ": " + std::string(error));
  }
  if (http_status / 100 != 2) return HttpError(http_status, reason, body);
  if (status != "success") return Malformed("status is not \"success\"");
  dom::array data;
  if (auto e = top["data"].get_array().get(data)) {
    return Malformed("\"data\"", e);
  }
  T out;
  if (Status s = read(data, &out); !s.ok()) return s;
  return out;
}

}  // namespace

Result<std::vector<std::string>> ParseStringsResponse(int http_status,
                                                      const std::string& reason,
                                                      std::string& body) {
  return ParseMetadata<std::vector<std::string>>(
      http_status, reason, body,
      [](dom::array data, std::vector<std::string>* out) {
        for (dom::element e : data) {
          std::string_view s;
          if (auto err = e.get_string().get(s)) return Malformed("a name", err);
          out->emplace_back(s);
        }
        return Status::OK();
      });
}

Result<std::vector<promql::Labels>> ParseLabelSetsResponse(
    int http_status, const std::string& reason, std::string& body) {
  return ParseMetadata<std::vector<promql::Labels>>(
      http_status, reason, body,
      [](dom::array data, std::vector<promql::Labels>* out) {
        for (dom::element e : data) {
          dom::object obj;
          if (auto err = e.get_object().get(obj)) {
            return Malformed("a label set", err);
          }
          std::vector<promql::Label> labels;
          for (dom::key_value_pair kv : obj) {
            std::string_view v;
            if (auto err = kv.value.get_string().get(v)) {
              return Malformed("a label value", err);
            }
            labels.push_back(
                promql::Label{std::string(kv.key), std::string(v)});
          }
          out->push_back(promql::Labels::FromVector(std::move(labels)));
        }
        return Status::OK();
      });
}

}  // namespace tocsin::datasource
