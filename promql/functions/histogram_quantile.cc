// histogram_quantile() over classic histograms: the input samples are
// buckets, grouped into histograms by all their labels except `le`; each
// histogram gives one sample labelled without `le` and __name__.

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "go/strconv.h"
#include "promql/functions/args.h"
#include "promql/functions/impls.h"
#include "promql/functions/quantile.h"

namespace tocsin::promql {

using functions_internal::NodeState;
using functions_internal::ScalarArg;
using functions_internal::VectorArg;

namespace {

constexpr std::string_view kBucketLabel = "le";

struct Histogram {
  Labels metric;  // without le and __name__
  std::vector<Bucket> buckets;
};

// What a series contributes, cached across steps by the series' labels.
struct SeriesInfo {
  Labels labels;
  bool is_bucket = false;  // has a well-formed le
  double upper_bound = 0;
  size_t histogram = 0;
};

struct State {
  std::vector<Histogram> histograms;
  std::unordered_map<std::string, size_t> by_signature;
  std::unordered_map<uint64_t, SeriesInfo> series;
};

// The labels that identify the histogram a bucket belongs to: all but le
// (the metric name is part of it, as in Prometheus).
std::string Signature(const Labels& labels) {
  std::string key;
  for (LabelView l : labels) {
    if (l.name == kBucketLabel) continue;
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

SeriesInfo Classify(State* state, const Labels& labels) {
  SeriesInfo info;
  info.labels = labels;
  Result<double> le = go::ParseFloat(labels.Get(kBucketLabel));
  if (!le.ok()) return info;  // no or malformed le: not a bucket
  info.is_bucket = true;
  info.upper_bound = *le;
  auto [it, inserted] = state->by_signature.try_emplace(
      Signature(labels), state->histograms.size());
  if (inserted) {
    static const std::array<std::string, 2> kExcluded = {
        std::string(kMetricName), std::string(kBucketLabel)};
    state->histograms.push_back(Histogram{labels.Drop(kExcluded), {}});
  }
  info.histogram = it->second;
  return info;
}

const SeriesInfo& Lookup(State* state, const Labels& labels) {
  auto it = state->series.find(labels.Hash());
  if (it != state->series.end() && it->second.labels == labels) {
    return it->second;
  }
  SeriesInfo info = Classify(state, labels);
  auto& slot = state->series[labels.Hash()];
  slot = std::move(info);
  return slot;
}

}  // namespace

void FuncHistogramQuantile(const FunctionCall& call, Vector* out) {
  double q = ScalarArg(call, 0);
  const Vector& in = VectorArg(call, 1);
  State& state = NodeState<State>(call);
  for (Histogram& h : state.histograms) h.buckets.clear();
  for (const Sample& s : in) {
    const SeriesInfo& info = Lookup(&state, s.metric);
    if (!info.is_bucket) continue;
    state.histograms[info.histogram].buckets.push_back(
        Bucket{info.upper_bound, s.v});
  }
  for (Histogram& h : state.histograms) {
    if (h.buckets.empty()) continue;
    out->push_back(Sample{h.metric, call.t, BucketQuantile(q, &h.buckets)});
  }
}

}  // namespace tocsin::promql
