#include "datasource/remote_queryable.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "promql/parser/parser.h"
#include "tests/datasource/fake_server.h"

namespace tocsin::datasource {
namespace {

using namespace std::chrono_literals;
using testing::FakeAnswer;
using testing::FakeRequest;
using testing::FakeServer;
using testing::HttpAnswer;

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> Params(const FakeRequest& r) {
  std::string_view q = r.method == "POST" ? std::string_view(r.body)
                                          : std::string_view(r.target);
  if (r.method != "POST") q = q.substr(q.find('?') + 1);
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view kv = q.substr(0, amp);
    size_t eq = kv.find('=');
    out[std::string(kv.substr(0, eq))] = Unescape(kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

// A stand-in for Prometheus with two `up` series whose value is 1 (job a)
// and 0 (job b) at every time: instant queries answer a vector at the
// query time, `[d]` queries the raw samples at whole minutes, range
// queries a matrix over the steps.
FakeAnswer FakePrometheus(const FakeRequest& r) {
  auto p = Params(r);
  const std::string series[2] = {R"("__name__":"up","job":"a")",
                                 R"("__name__":"up","job":"b")"};
  std::string result;
  std::string type;
  if (r.target.find("query_range") != std::string::npos) {
    type = "matrix";
    double start = std::stod(p["start"]), end = std::stod(p["end"]);
    auto step_ms = promql::ParseDuration(p["step"]);
    double step = step_ms.ok() ? *step_ms / 1000.0 : 1e9;
    for (int s = 0; s < 2; ++s) {
      result += std::string(s ? "," : "") + "{\"metric\":{" + series[s] + "},\"values\":[";
      for (double t = start; t <= end; t += step) {
        result += std::string(t > start ? "," : "") + "[" + std::to_string(t) +
                  ",\"" + (s ? "0" : "1") + "\"]";
      }
      result += "]}";
    }
  } else if (p["query"].back() == ']') {
    type = "matrix";
    double t = std::stod(p["time"]);
    for (int s = 0; s < 2; ++s) {
      result += std::string(s ? "," : "") + "{\"metric\":{" + series[s] +
                "},\"values\":[[" + std::to_string(std::floor(t / 60) * 60 - 60) +
                ",\"" + (s ? "0" : "1") + "\"],[" +
                std::to_string(std::floor(t / 60) * 60) + ",\"" +
                (s ? "0" : "2") + "\"]]}";
    }
  } else {
    type = "vector";
    for (int s = 0; s < 2; ++s) {
      result += std::string(s ? "," : "") + "{\"metric\":{" + series[s] +
                "},\"value\":[" + p["time"] + ",\"" + (s ? "0" : "1") + "\"]}";
    }
  }
  return FakeAnswer{HttpAnswer(200, R"({"status":"success","data":{"resultType":")" +
                                        type + R"(","result":[)" + result + "]}}")};
}

DatasourceConfig Config(const FakeServer& server) {
  DatasourceConfig c;
  c.url = server.url();
  c.retry_backoff = 5ms;
  c.max_retries = 2;
  return c;
}

double InstantScalar(const promql::Engine& engine, promql::Queryable& q,
                     std::string_view expr, int64_t t) {
  auto r = engine.Instant(q, expr, t);
  EXPECT_TRUE(r.ok()) << expr << ": " << r.status().message();
  if (!r.ok()) return -1;
  const auto& v = std::get<promql::Vector>(*r);
  EXPECT_EQ(v.size(), 1u) << expr;
  return v.empty() ? -1 : v[0].v;
}

TEST(RemoteQueryableTest, EngineEvaluatesOverFetchedSeries) {
  FakeServer server(FakePrometheus);
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  RemoteQueryable q(client->get());
  promql::Engine engine;
  EXPECT_EQ(InstantScalar(engine, q, "sum(up) * 10 + count(up)", 600000), 12);
  EXPECT_EQ(InstantScalar(engine, q, "sum(increase(up{job=\"a\"}[5m]))",
                          600000),
            2);  // 1 -> 2 over 60s, extrapolated to where it was 0
  auto got = server.received();
  ASSERT_GE(got.size(), 3u);
  EXPECT_EQ(Params(got[0])["query"], "{__name__=\"up\"}");
  EXPECT_EQ(Params(got[0])["time"], "600");
  EXPECT_EQ(Params(got.back())["query"],
            "{__name__=\"up\",job=\"a\"}[5m]");

  // A range query reads the instant selector once, as a range query.
  int before = server.requests();
  auto m = engine.Range(q, "up == 1", 0, 600000, 60000);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(std::get<promql::Matrix>(*m).size(), 1u);
  EXPECT_EQ(std::get<promql::Matrix>(*m)[0].points.size(), 11u);
  EXPECT_EQ(server.requests(), before + 1);
  auto last = server.received().back();
  EXPECT_NE(last.target.find("query_range"), std::string::npos);
  EXPECT_EQ(Params(last)["step"], "1m");
}

TEST(RemoteQueryableTest, GroupEvaluationFetchesEachSelectorOnce) {
  FakeServer server(FakePrometheus);
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  promql::Engine engine;
  std::vector<promql::ExprPtr> parsed;
  for (const char* text : {"up == 1", "sum(up)", "rate(up[5m])",
                           "up offset 1m", "count(up) > 0", "up"}) {
    auto e = promql::ParseExpr(text);
    ASSERT_TRUE(e.ok());
    parsed.push_back(std::move(e).value());
  }
  std::vector<const promql::Expr*> exprs;
  for (auto& e : parsed) exprs.push_back(e.get());
  const int64_t t = 3600000;

  FetchCache cache;
  RemoteQueryable q(client->get(), &cache);
  auto selects = CollectSelects(engine, exprs, t);
  EXPECT_EQ(selects.size(), 6u);
  EXPECT_EQ(server.requests(), 0);  // the dry run fetches nothing
  ASSERT_TRUE(q.Prefetch(selects).ok());
  EXPECT_EQ(server.requests(), 3);  // up, up[5m], up offset 1m
  EXPECT_EQ(cache.size(), 3u);
  for (const promql::Expr* e : exprs) {
    auto r = engine.InstantExpr(q, *e, t);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(cache.misses(), 3u);
  EXPECT_EQ(cache.hits(), 3u + 6u);

  // A new evaluation (a new cache) fetches again.
  FetchCache next;
  RemoteQueryable q2(client->get(), &next);
  ASSERT_TRUE(q2.Prefetch(CollectSelects(engine, exprs, t + 60000)).ok());
  EXPECT_EQ(server.requests(), 6);
}

std::vector<promql::ExprPtr> ParseAll(std::initializer_list<const char*> texts) {
  std::vector<promql::ExprPtr> out;
  for (const char* text : texts) {
    auto e = promql::ParseExpr(text);
    EXPECT_TRUE(e.ok()) << text;
    out.push_back(std::move(e).value());
  }
  return out;
}

std::vector<const promql::Expr*> Pointers(
    const std::vector<promql::ExprPtr>& exprs) {
  std::vector<const promql::Expr*> out;
  for (const auto& e : exprs) out.push_back(e.get());
  return out;
}

TEST(RemoteQueryableTest, SelectsThatAnotherCoversAreCutFromIt) {
  FakeServer server(FakePrometheus);
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  promql::Engine engine;
  auto parsed = ParseAll({"up", "up{job=\"a\"}", "sum(rate(up[10m]))",
                          "rate(up{job=~\"a|c\"}[5m])", "up offset 1m"});
  auto exprs = Pointers(parsed);
  const int64_t t = 3600000;
  FetchCache cache;
  RemoteQueryable q(client->get(), &cache);
  ASSERT_TRUE(q.Prefetch(CollectSelects(engine, exprs, t)).ok());
  // up, up[10m] and up offset 1m; up{job="a"} comes from up, and
  // up{job=~"a|c"}[5m] from up[10m].
  EXPECT_EQ(server.requests(), 3);
  std::vector<std::string> fetched;
  for (const auto& r : server.received()) fetched.push_back(Params(r)["query"]);
  std::sort(fetched.begin(), fetched.end());
  EXPECT_EQ(fetched, (std::vector<std::string>{"{__name__=\"up\"}",
                                               "{__name__=\"up\"}",
                                               "{__name__=\"up\"}[10m]"}));
  auto a = engine.InstantExpr(q, *exprs[1], t);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(std::get<promql::Vector>(*a).size(), 1u);
  EXPECT_EQ(std::get<promql::Vector>(*a)[0].metric.Get("job"), "a");
  // The fake's raw answer holds samples at minutes 59 and 60 (values 1, 2
  // for job a): the 5m window keeps both.
  auto rate = engine.InstantExpr(q, *exprs[3], t);
  ASSERT_TRUE(rate.ok());
  ASSERT_EQ(std::get<promql::Vector>(*rate).size(), 1u);
  EXPECT_GT(std::get<promql::Vector>(*rate)[0].v, 0);
  EXPECT_EQ(server.requests(), 3);
}

TEST(RemoteQueryableTest, RangeCacheFetchesOnlyWhatIsNew) {
  FakeServer server(FakePrometheus);
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  promql::Engine engine;
  auto parsed = ParseAll({"sum(increase(up{job=\"a\"}[10m]))"});
  auto exprs = Pointers(parsed);
  RangeCache range_cache(/*overlap_ms=*/30000);
  auto evaluate = [&](int64_t t) {
    FetchCache cache;
    RemoteQueryable q(client->get(), &cache, &range_cache);
    EXPECT_TRUE(q.Prefetch(CollectSelects(engine, exprs, t)).ok());
    auto r = engine.InstantExpr(q, *exprs[0], t);
    EXPECT_TRUE(r.ok());
    range_cache.Sweep();
    return std::get<promql::Vector>(*r);
  };
  evaluate(3600000);
  EXPECT_EQ(Params(server.received().back())["query"],
            "{__name__=\"up\",job=\"a\"}[10m]");
  // One minute later: from 30 s before the previous evaluation on.
  auto v = evaluate(3660000);
  EXPECT_EQ(Params(server.received().back())["query"],
            "{__name__=\"up\",job=\"a\"}[1m30s]");
  EXPECT_EQ(Params(server.received().back())["time"], "3660");
  // Kept: minutes 59 and 60 from the first answer (values 1 and 2); new:
  // minutes 60 and 61 (1 and 2 again): 1, 2, 1, 2 has resets.
  ASSERT_EQ(v.size(), 1u);
  EXPECT_GT(range_cache.cached_samples(), 0u);
  // Not used in an evaluation: dropped, and fetched whole again.
  range_cache.Sweep();
  evaluate(3720000);
  EXPECT_EQ(Params(server.received().back())["query"],
            "{__name__=\"up\",job=\"a\"}[10m]");
}

TEST(RemoteQueryableTest, FailuresAreSharedWithinAnEvaluation) {
  FakeServer server([](const FakeRequest&) {
    return FakeAnswer{HttpAnswer(500, "overloaded\n", "text/plain")};
  });
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  promql::Engine engine;
  FetchCache cache;
  RemoteQueryable q(client->get(), &cache);
  for (const char* expr : {"up", "sum(up)", "up > 0"}) {
    auto r = engine.Instant(q, expr, 60000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
    EXPECT_EQ(r.status().message(),
              "expanding series: server returned HTTP status 500 Internal "
              "Server Error: overloaded");
  }
  EXPECT_EQ(server.requests(), 3);  // one select: an attempt and 2 retries
}

TEST(RemoteQueryableTest, MalformedAnswersFailTheQuery) {
  struct Case {
    std::string answer;
    std::string message;
  } cases[] = {
      {HttpAnswer(200, R"({"status":"success","data":{"resultType":"vec)"),
       "expanding series: malformed response from datasource: the body: "},
      {HttpAnswer(422, R"({"status":"error","errorType":"execution","error":"boom"})"),
       "expanding series: execution: boom"},
      {HttpAnswer(200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"1"]}})"),
       "expanding series: datasource answered a selector query with a scalar "
       "result"},
  };
  for (const Case& c : cases) {
    FakeServer server([&c](const FakeRequest&) { return FakeAnswer{c.answer}; });
    auto client = HttpClient::Make(Config(server));
    ASSERT_TRUE(client.ok());
    RemoteQueryable q(client->get());
    auto r = promql::Engine().Instant(q, "sum(up)", 60000);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().substr(0, c.message.size()), c.message)
        << r.status().message();
  }
}

TEST(RemoteQueryableTest, PrefetchRunsSelectsConcurrently) {
  FakeServer server([](const FakeRequest& r) {
    FakeAnswer a = FakePrometheus(r);
    a.delay = 100ms;
    return a;
  });
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  std::vector<SelectRequest> selects;
  for (int i = 0; i < 6; ++i) {
    auto m = promql::ParseMetricSelector("up{i=\"" + std::to_string(i) + "\"}");
    ASSERT_TRUE(m.ok());
    promql::SelectHints h;
    h.first_ref = h.last_ref = 60000;
    selects.push_back(SelectRequest{*m, 0, 60000, h});
  }
  FetchCache cache;
  RemoteQueryable q(client->get(), &cache);
  ASSERT_TRUE(q.Prefetch(selects).ok());
  EXPECT_EQ(server.requests(), 6);
  EXPECT_GE(server.peak_concurrent(), 3);
}

TEST(RemoteQueryableTest, SelectWithoutHintsReadsRawSamples) {
  FakeServer server(FakePrometheus);
  auto client = HttpClient::Make(Config(server));
  ASSERT_TRUE(client.ok());
  RemoteQueryable q(client->get());
  auto m = promql::ParseMetricSelector("up");
  ASSERT_TRUE(m.ok());
  auto set = q.Select(*m, 0, 120000);
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->series.size(), 2u);
  EXPECT_EQ(set->series[0].t.size(), 2u);
  EXPECT_EQ(set->series[0].t[1], 120000);
  EXPECT_EQ(Params(server.received()[0])["query"], "{__name__=\"up\"}[2m]");
}

}  // namespace
}  // namespace tocsin::datasource
