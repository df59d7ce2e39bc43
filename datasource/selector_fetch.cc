#include "datasource/selector_fetch.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "datasource/endpoint.h"
#include "promql/parser/parser.h"
#include "promql/value.h"

namespace tocsin::datasource {

using promql::Labels;
using promql::SeriesSet;

namespace {

// Owns the columns that a SeriesSet's spans point into.
struct Columns {
  std::vector<int64_t> t;
  std::vector<double> v;
};

bool MatcherLess(const promql::Matcher& a, const promql::Matcher& b) {
  if (a.name() != b.name()) return a.name() < b.name();
  if (a.type() != b.type()) return a.type() < b.type();
  return a.value() < b.value();
}

// The reference-time queries for `expr`: one instant query, or range
// queries of at most kMaxPointsPerQuery steps.
std::vector<ApiQuery> ReferenceQueries(const std::string& expr,
                                       const promql::SelectHints& h) {
  std::vector<ApiQuery> out;
  if (h.step <= 0 || h.first_ref >= h.last_ref) {
    out.push_back(ApiQuery{expr, false, h.first_ref});
    return out;
  }
  const int64_t steps = (h.last_ref - h.first_ref) / h.step;
  for (int64_t i = 0; i <= steps; i += kMaxPointsPerQuery) {
    ApiQuery q{expr, true};
    q.start = h.first_ref + i * h.step;
    q.end = h.first_ref + std::min(steps, i + kMaxPointsPerQuery - 1) * h.step;
    q.step = h.step;
    out.push_back(std::move(q));
  }
  return out;
}

// The samples of one series gathered from several answers.
struct Gathered {
  Labels labels;
  std::vector<int64_t> t;
  std::vector<double> v;
};

// Series of `answers` merged by label set, in order of first appearance,
// samples in answer order (answers are in time order).
std::vector<Gathered> Gather(std::span<const QueryData> answers) {
  std::vector<Gathered> out;
  std::unordered_map<Labels, size_t, promql::LabelsHash> index;
  for (const QueryData& a : answers) {
    for (size_t i = 0; i < a.num_series(); ++i) {
      auto [it, inserted] = index.emplace(a.labels[i], out.size());
      if (inserted) out.push_back(Gathered{a.labels[i], {}, {}});
      Gathered& g = out[it->second];
      auto t = a.SeriesT(i);
      auto v = a.SeriesV(i);
      g.t.insert(g.t.end(), t.begin(), t.end());
      g.v.insert(g.v.end(), v.begin(), v.end());
    }
  }
  return out;
}

// The true sample timestamps of each series, from timestamp() answers:
// by label set without __name__, then reference time.
using TimestampIndex =
    std::unordered_map<Labels, std::unordered_map<int64_t, int64_t>,
                       promql::LabelsHash>;

TimestampIndex IndexTimestamps(std::span<const QueryData> answers) {
  TimestampIndex index;
  for (const QueryData& a : answers) {
    for (size_t i = 0; i < a.num_series(); ++i) {
      auto& by_ref = index[a.labels[i].WithoutMetricName()];
      auto t = a.SeriesT(i);
      auto v = a.SeriesV(i);
      for (size_t j = 0; j < t.size(); ++j) by_ref[t[j]] = SecondsToMs(v[j]);
    }
  }
  return index;
}

Status CheckTypes(std::span<const QueryData> answers, ResultType want) {
  for (const QueryData& a : answers) {
    if (a.type != want) {
      return Status::Unavailable(
          std::string("datasource answered a selector query with a ") +
          (a.type == ResultType::kScalar   ? "scalar"
           : a.type == ResultType::kString ? "string"
           : a.type == ResultType::kVector ? "vector"
                                           : "matrix") +
          " result");
    }
  }
  return Status::OK();
}

// A SeriesSet that points into the answer's own columns.
SeriesSet FromAnswer(QueryData answer) {
  auto owner = std::make_shared<QueryData>(std::move(answer));
  SeriesSet set;
  set.series.reserve(owner->num_series());
  for (size_t i = 0; i < owner->num_series(); ++i) {
    set.series.push_back(
        promql::SeriesRef{owner->labels[i], owner->SeriesT(i), owner->SeriesV(i)});
  }
  set.owner = std::move(owner);
  return set;
}

// The reference-time samples of instant-selector answers, with staleness
// markers where a series disappears and, for timestamp(), samples moved
// to their true timestamps.
SeriesSet AssembleInstant(const SelectPlan& plan,
                          std::span<const QueryData> values,
                          std::span<const QueryData> timestamps) {
  const promql::SelectHints& h = plan.hints;
  const bool several = h.step > 0 && h.first_ref < h.last_ref;
  std::vector<Gathered> series = Gather(values);
  TimestampIndex true_times;
  if (h.sample_timestamps) true_times = IndexTimestamps(timestamps);
  auto columns = std::make_shared<Columns>();
  std::vector<size_t> offsets{0};
  for (const Gathered& g : series) {
    const std::unordered_map<int64_t, int64_t>* by_ref = nullptr;
    if (h.sample_timestamps) {
      auto it = true_times.find(g.labels.WithoutMetricName());
      if (it != true_times.end()) by_ref = &it->second;
    }
    int64_t last_t = INT64_MIN;
    for (size_t i = 0; i < g.t.size(); ++i) {
      int64_t t = g.t[i];
      if (by_ref) {
        auto found = by_ref->find(g.t[i]);
        if (found != by_ref->end()) t = found->second;
      }
      if (t > last_t) {
        columns->t.push_back(t);
        columns->v.push_back(g.v[i]);
        last_t = t;
      }
      const int64_t next_ref = g.t[i] + h.step;
      const bool gap = i + 1 < g.t.size() ? g.t[i + 1] > next_ref
                                          : next_ref <= h.last_ref;
      if (several && gap) {
        columns->t.push_back(next_ref);
        columns->v.push_back(promql::StaleNaN());
        last_t = next_ref;
      }
    }
    offsets.push_back(columns->t.size());
  }
  SeriesSet set;
  set.series.reserve(series.size());
  std::span<const int64_t> all_t(columns->t);
  std::span<const double> all_v(columns->v);
  for (size_t i = 0; i < series.size(); ++i) {
    size_t n = offsets[i + 1] - offsets[i];
    set.series.push_back(promql::SeriesRef{std::move(series[i].labels),
                                           all_t.subspan(offsets[i], n),
                                           all_v.subspan(offsets[i], n)});
  }
  set.owner = std::move(columns);
  return set;
}

}  // namespace

std::string PrintSelector(std::span<const promql::Matcher> matchers) {
  std::vector<const promql::Matcher*> sorted;
  sorted.reserve(matchers.size());
  for (const promql::Matcher& m : matchers) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(),
            [](const promql::Matcher* a, const promql::Matcher* b) {
              return MatcherLess(*a, *b);
            });
  std::string out = "{";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ",";
    out += sorted[i]->ToString();
  }
  out += "}";
  return out;
}

SelectPlan PlanSelect(std::span<const promql::Matcher> matchers,
                      const promql::SelectHints& hints) {
  SelectPlan plan;
  plan.hints = hints;
  const std::string selector = PrintSelector(matchers);
  if (hints.range > 0) {
    plan.raw = true;
    int64_t d = hints.last_ref - hints.first_ref + hints.range;
    plan.queries.push_back(ApiQuery{
        selector + "[" + promql::FormatDuration(d) + "]", false, hints.last_ref});
    return plan;
  }
  plan.queries = ReferenceQueries(selector, hints);
  if (hints.sample_timestamps) {
    plan.timestamp_queries =
        ReferenceQueries("timestamp(" + selector + ")", hints);
  }
  return plan;
}

SelectPlan PlanRawSelect(std::span<const promql::Matcher> matchers,
                         int64_t mint, int64_t maxt) {
  promql::SelectHints hints;
  hints.first_ref = hints.last_ref = maxt;
  hints.range = std::max<int64_t>(maxt - mint, 1);
  return PlanSelect(matchers, hints);
}

Result<SeriesSet> AssembleSelect(const SelectPlan& plan,
                                 std::vector<QueryData> answers) {
  const size_t n_values = plan.queries.size();
  if (answers.size() != n_values + plan.timestamp_queries.size()) {
    return Status::Error("AssembleSelect: wrong number of answers");
  }
  std::span<const QueryData> all(answers);
  std::span<const QueryData> values = all.first(n_values);
  std::span<const QueryData> timestamps = all.subspan(n_values);
  if (plan.raw) {
    if (Status s = CheckTypes(values, ResultType::kMatrix); !s.ok()) return s;
    return FromAnswer(std::move(answers[0]));
  }
  for (size_t i = 0; i < all.size(); ++i) {
    const ApiQuery& q = i < n_values ? plan.queries[i]
                                     : plan.timestamp_queries[i - n_values];
    Status s = CheckTypes(all.subspan(i, 1), q.range ? ResultType::kMatrix
                                                     : ResultType::kVector);
    if (!s.ok()) return s;
  }
  const promql::SelectHints& h = plan.hints;
  if (answers.size() == 1 && !h.sample_timestamps &&
      (h.step <= 0 || h.first_ref >= h.last_ref)) {
    // One reference time: the answer's samples are the columns.
    return FromAnswer(std::move(answers[0]));
  }
  return AssembleInstant(plan, values, timestamps);
}

std::string FormatApiTime(int64_t ms) {
  std::string out;
  uint64_t abs = ms < 0 ? uint64_t(0) - uint64_t(ms) : uint64_t(ms);
  if (ms < 0) out += '-';
  out += std::to_string(abs / 1000);
  uint64_t frac = abs % 1000;
  if (frac != 0) {
    char digits[4] = {char('0' + frac / 100), char('0' + frac / 10 % 10),
                      char('0' + frac % 10), 0};
    std::string f(digits);
    while (f.back() == '0') f.pop_back();
    out += '.';
    out += f;
  }
  return out;
}

HttpRequest MakeApiRequest(const ApiQuery& query, size_t max_get_url_length) {
  std::string form = "query=" + QueryEscape(query.expr);
  if (query.range) {
    form += "&start=" + FormatApiTime(query.start);
    form += "&end=" + FormatApiTime(query.end);
    form += "&step=" + promql::FormatDuration(query.step);
  } else {
    form += "&time=" + FormatApiTime(query.time);
  }
  const char* path = query.range ? "/api/v1/query_range" : "/api/v1/query";
  HttpRequest req;
  if (std::char_traits<char>::length(path) + 1 + form.size() <=
      max_get_url_length) {
    req.method = "GET";
    req.target = std::string(path) + "?" + form;
  } else {
    req.method = "POST";
    req.target = path;
    req.body = std::move(form);
    req.content_type = "application/x-www-form-urlencoded";
  }
  return req;
}

}  // namespace tocsin::datasource
