#include "engine/query_api.h"

#include <gtest/gtest.h>

#include "engine/api_json.h"
#include "tests/engine/fake_backend.h"

namespace tocsin::engine {
namespace {

using promql::Labels;

std::string Error(std::string_view type, std::string_view message) {
  return EncodeErrorResponse(type, message);
}

class QueryApiTest : public ::testing::Test {
 protected:
  QueryApiTest() : api_(&backend_, [] { return ApiTime{100, 500'000'000}; }) {
    api_.Register(&router_);
  }

  HttpResponse Call(std::string method, std::string target,
                    std::string body = "") {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    if (!body.empty()) {
      r.headers.emplace_back("Content-Type",
                             "application/x-www-form-urlencoded");
    }
    r.body = std::move(body);
    EXPECT_TRUE(ParseRequestParams(&r));
    return router_.Serve(&r);
  }
  HttpResponse Get(std::string target) { return Call("GET", target); }

  FakeBackend backend_;
  QueryApi api_;
  Router router_;
};

struct ErrorCase {
  std::string target;
  int status;
  std::string body;
};

void ExpectErrors(QueryApiTest* t, const std::vector<ErrorCase>& cases,
                  std::function<HttpResponse(const std::string&)> call) {
  (void)t;
  for (const auto& c : cases) {
    HttpResponse r = call(c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    EXPECT_EQ(r.body, c.body) << c.target;
    EXPECT_EQ(r.content_type, "application/json") << c.target;
  }
}

TEST_F(QueryApiTest, InstantQuery) {
  promql::Vector v;
  v.push_back({Labels{{"__name__", "up"}, {"job", "x"}}, 1435781451781, 1});
  backend_.query_result = promql::QueryValue(v);
  HttpResponse r = Get("/api/v1/query?query=up&time=1435781451.781");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(
      r.body,
      R"({"status":"success","data":{"resultType":"vector","result":[)"
      R"({"metric":{"__name__":"up","job":"x"},"value":[1435781451.781,"1"]}]}})");
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].kind, "instant");
  EXPECT_EQ(calls[0].query, "up");
  EXPECT_EQ(calls[0].a, 1435781451781);
  EXPECT_FALSE(calls[0].timeout.has_value());
}

TEST_F(QueryApiTest, InstantQueryDefaultsAndTimeout) {
  EXPECT_EQ(Get("/api/v1/query?query=up&time=&timeout=1.5").status, 200);
  EXPECT_EQ(Get("/api/v1/query?query=up&timeout=2m").status, 200);
  EXPECT_EQ(Get("/api/v1/query?query=up&timeout=-1").status, 200);
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].a, 100500);  // "now"
  EXPECT_EQ(calls[0].timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(calls[1].timeout, std::chrono::milliseconds(120000));
  EXPECT_EQ(calls[2].timeout, std::chrono::milliseconds(0));
}

TEST_F(QueryApiTest, InstantQueryPostForm) {
  HttpResponse r =
      Call("POST", "/api/v1/query?query=ignored",
           "query=sum+by+(job)+(up)&time=2015-07-01T20:10:51.781Z");
  EXPECT_EQ(r.status, 200);
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].query, "sum by (job) (up)");
  EXPECT_EQ(calls[0].a, 1435781451781);
}

TEST_F(QueryApiTest, InstantQueryBadParameters) {
  ExpectErrors(
      this,
      {
          {"/api/v1/query?query=up&time=abc", 400,
           Error("bad_data",
                 "invalid parameter \"time\": Invalid time value for 'time': "
                 "cannot parse \"abc\" to a valid timestamp")},
          {"/api/v1/query?query=up&timeout=xyz", 400,
           Error("bad_data",
                 "invalid parameter \"timeout\": cannot parse \"xyz\" to a "
                 "valid duration")},
          {"/api/v1/query?query=up&timeout=1e12", 400,
           Error("bad_data",
                 "invalid parameter \"timeout\": cannot parse \"1e12\" to a "
                 "valid duration. It overflows int64")},
      },
      [&](const std::string& t) { return Get(t); });
  EXPECT_TRUE(backend_.calls().empty());
}

TEST_F(QueryApiTest, QueryErrorsMapToPrometheusCodes) {
  struct Case {
    Status status;
    int code;
    std::string body;
  };
  const Case cases[] = {
      {Status::InvalidArgument("1:3: parse error: unexpected <op:*>"), 400,
       Error("bad_data",
             "invalid parameter \"query\": 1:3: parse error: unexpected "
             "<op:*>")},
      {Status::Execution("found duplicate series for the match group"), 422,
       Error("execution", "found duplicate series for the match group")},
      {Status::Timeout("query timed out in expression evaluation"), 503,
       Error("timeout", "query timed out in expression evaluation")},
      {Status::Canceled("query was canceled in expression evaluation"), 503,
       Error("canceled", "query was canceled in expression evaluation")},
      {Status::Unavailable("connection refused"), 500,
       Error("internal", "connection refused")},
  };
  for (const auto& c : cases) {
    backend_.query_result = c.status;
    HttpResponse r = Get("/api/v1/query?query=x");
    EXPECT_EQ(r.status, c.code) << c.status.message();
    EXPECT_EQ(r.body, c.body);
  }
  // A range query reports parse errors without the parameter prefix.
  backend_.query_result = Status::InvalidArgument(
      "invalid expression type \"range vector\" for range query, must be "
      "Scalar or instant Vector");
  HttpResponse r = Get("/api/v1/query_range?query=x[5m]&start=0&end=1&step=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, Error("bad_data",
                          "invalid expression type \"range vector\" for range "
                          "query, must be Scalar or instant Vector"));
}

TEST_F(QueryApiTest, RangeQuery) {
  promql::Matrix m;
  m.push_back({Labels{{"job", "x"}}, {{0, 1}, {15000, 2}}});
  backend_.query_result = promql::QueryValue(m);
  HttpResponse r =
      Get("/api/v1/query_range?query=up&start=0&end=100&step=15s&timeout=10");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"status":"success","data":{"resultType":"matrix","result":[)"
            R"({"metric":{"job":"x"},"values":[[0,"1"],[15,"2"]]}]}})");
  EXPECT_EQ(Call("POST", "/api/v1/query_range",
                 "query=up&start=1.5&end=2015-07-01T20:10:51.781Z&step=0.0001")
                .status,
            400);  // too many points
  EXPECT_EQ(Call("POST", "/api/v1/query_range",
                 "query=up&start=10&end=10&step=0.0001")
                .status,
            200);
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].kind, "range");
  EXPECT_EQ(calls[0].a, 0);
  EXPECT_EQ(calls[0].b, 100000);
  EXPECT_EQ(calls[0].c, 15000);
  EXPECT_EQ(calls[0].timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(calls[1].a, 10000);
  EXPECT_EQ(calls[1].c, 0);  // sub-millisecond step
}

TEST_F(QueryApiTest, RangeQueryBadParameters) {
  const std::string kSteps =
      "zero or negative query resolution step widths are not accepted. Try a "
      "positive integer";
  const std::string kPoints =
      "exceeded maximum resolution of 11,000 points per timeseries. Try "
      "decreasing the query resolution (?step=XX)";
  ExpectErrors(
      this,
      {
          {"/api/v1/query_range?query=up", 400,
           Error("bad_data",
                 "invalid parameter \"start\": cannot parse \"\" to a valid "
                 "timestamp")},
          {"/api/v1/query_range?query=up&start=x&end=1&step=1", 400,
           Error("bad_data",
                 "invalid parameter \"start\": cannot parse \"x\" to a valid "
                 "timestamp")},
          {"/api/v1/query_range?query=up&start=1", 400,
           Error("bad_data",
                 "invalid parameter \"end\": cannot parse \"\" to a valid "
                 "timestamp")},
          {"/api/v1/query_range?query=up&start=2&end=1&step=x", 400,
           Error("bad_data",
                 "invalid parameter \"end\": end timestamp must not be before "
                 "start time")},
          {"/api/v1/query_range?query=up&start=2.002&end=2.0014&step=1", 400,
           Error("bad_data",
                 "invalid parameter \"end\": end timestamp must not be before "
                 "start time")},
          {"/api/v1/query_range?query=up&start=1&end=2", 400,
           Error("bad_data",
                 "invalid parameter \"step\": cannot parse \"\" to a valid "
                 "duration")},
          {"/api/v1/query_range?query=up&start=1&end=2&step=0", 400,
           Error("bad_data", "invalid parameter \"step\": " + kSteps)},
          {"/api/v1/query_range?query=up&start=1&end=2&step=-5m", 400,
           Error("bad_data",
                 "invalid parameter \"step\": cannot parse \"-5m\" to a valid "
                 "duration")},
          {"/api/v1/query_range?query=up&start=1&end=2&step=-1", 400,
           Error("bad_data", "invalid parameter \"step\": " + kSteps)},
          {"/api/v1/query_range?query=up&start=0&end=11001&step=1", 400,
           Error("bad_data", kPoints)},
          {"/api/v1/query_range?query=up&start=0&end=1&step=1&timeout=a", 400,
           Error("bad_data",
                 "invalid parameter \"timeout\": cannot parse \"a\" to a valid "
                 "duration")},
      },
      [&](const std::string& t) { return Get(t); });
  EXPECT_TRUE(backend_.calls().empty());
  // Exactly 11,000 steps after the start is still allowed.
  EXPECT_EQ(Get("/api/v1/query_range?query=up&start=0&end=11000&step=1").status,
            200);
}

TEST_F(QueryApiTest, Series) {
  backend_.series_result = std::vector<Labels>{
      Labels{{"__name__", "up"}, {"job", "a"}}, Labels{{"__name__", "up"}}};
  HttpResponse r = Get(
      "/api/v1/series?match[]=up&match[]={job=\"a\"}&start=1&end=2015-07-01T20:"
      "10:51.781Z");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"status":"success","data":[{"__name__":"up","job":"a"},{"__name__":"up"}]})");
  EXPECT_EQ(Call("POST", "/api/v1/series", "match%5B%5D=up").status, 200);
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].kind, "series");
  ASSERT_EQ(calls[0].sets.size(), 2u);
  EXPECT_EQ(calls[0].sets[0][0].ToString(), "__name__=\"up\"");
  EXPECT_EQ(calls[0].sets[1][0].ToString(), "job=\"a\"");
  EXPECT_EQ(calls[0].a, 1000);
  EXPECT_EQ(calls[0].b, 1435781451781);
  // Without start/end: Prometheus's min and max time.
  EXPECT_EQ(calls[1].a, -9223309901257974000);
  EXPECT_EQ(calls[1].b, 9223309901257974999);
}

TEST_F(QueryApiTest, SeriesBadParameters) {
  ExpectErrors(
      this,
      {
          {"/api/v1/series", 400,
           Error("bad_data", "no match[] parameter provided")},
          {"/api/v1/series?match[]=up&x=%zz", 400,
           Error("bad_data",
                 "error parsing form values: invalid URL escape \"%zz\"")},
          {"/api/v1/series?match[]={job=~\".*\"}", 400,
           Error("bad_data",
                 "invalid parameter \"match[]\": match[] must contain at least "
                 "one non-empty matcher")},
          {"/api/v1/series?match[]=up&match[]={a=\"\"}", 400,
           Error("bad_data",
                 "invalid parameter \"match[]\": match[] must contain at least "
                 "one non-empty matcher")},
          {"/api/v1/series?match[]={", 400,
           Error("bad_data",
                 "invalid parameter \"match[]\": 1:2: parse error: unexpected "
                 "end of "
                 "input inside braces")},
          {"/api/v1/series?match[]=up&start=yesterday", 400,
           Error("bad_data",
                 "invalid parameter \"start\": Invalid time value for 'start': "
                 "cannot parse \"yesterday\" to a valid timestamp")},
          {"/api/v1/series?match[]=up&end=x", 400,
           Error("bad_data",
                 "invalid parameter \"end\": Invalid time value for 'end': "
                 "cannot parse \"x\" to a valid timestamp")},
      },
      [&](const std::string& t) { return Get(t); });
  EXPECT_TRUE(backend_.calls().empty());
}

TEST_F(QueryApiTest, LabelNamesAndValues) {
  backend_.strings_result = std::vector<std::string>{"__name__", "job"};
  HttpResponse r = Get("/api/v1/labels");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"success","data":["__name__","job"]})");
  EXPECT_EQ(Call("POST", "/api/v1/labels", "match[]=up&start=5").status, 200);
  backend_.strings_result = std::vector<std::string>{"a\"b", "x"};
  r = Get("/api/v1/label/job/values?match[]=up&end=10");
  EXPECT_EQ(r.body, R"({"status":"success","data":["a\"b","x"]})");
  auto calls = backend_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].kind, "names");
  EXPECT_TRUE(calls[0].sets.empty());
  EXPECT_EQ(calls[0].a, -9223309901257974000);
  EXPECT_EQ(calls[1].sets.size(), 1u);
  EXPECT_EQ(calls[1].a, 5000);
  EXPECT_EQ(calls[2].kind, "values");
  EXPECT_EQ(calls[2].query, "job");
  EXPECT_EQ(calls[2].b, 10000);
}

TEST_F(QueryApiTest, LabelBadParameters) {
  ExpectErrors(
      this,
      {
          {"/api/v1/labels?match[]={a=~\".*\"}", 400,
           Error("bad_data",
                 "match[] must contain at least one non-empty matcher")},
          {"/api/v1/labels?start=x", 400,
           Error("bad_data",
                 "invalid parameter \"start\": Invalid time value for 'start': "
                 "cannot parse \"x\" to a valid timestamp")},
          {"/api/v1/label/1abc/values", 400,
           Error("bad_data", "invalid label name: \"1abc\"")},
          {"/api/v1/label/a-b/values", 400,
           Error("bad_data", "invalid label name: \"a-b\"")},
          {"/api/v1/label/%E2%82%AC/values", 400,
           Error("bad_data", "invalid label name: \"\xe2\x82\xac\"")},
          {"/api/v1/label/job/values?match[]={", 400,
           Error("bad_data",
                 "1:2: parse error: unexpected end of input inside braces")},
      },
      [&](const std::string& t) { return Get(t); });
  EXPECT_TRUE(backend_.calls().empty());
}

TEST_F(QueryApiTest, OtherPathsAndMethods) {
  HttpResponse r = Get("/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404 page not found\n");
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  r = Call("POST", "/api/v1/label/job/values", "a=b");
  EXPECT_EQ(r.status, 405);
  r = Call("PUT", "/api/v1/query");
  EXPECT_EQ(r.status, 405);
  r = Get("/-/healthy");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "Prometheus Server is Healthy.\n");
  r = Get("/-/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "Prometheus Server is Ready.\n");
  r = Call("HEAD", "/-/healthy");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(Call("HEAD", "/api/v1/query").status, 405);
}

TEST_F(QueryApiTest, CorsHeaders) {
  HttpRequest req;
  req.method = "OPTIONS";
  req.target = "/api/v1/query";
  req.headers.emplace_back("Origin", "http://grafana:3000");
  ASSERT_TRUE(ParseRequestParams(&req));
  HttpResponse r = router_.Serve(&req);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  std::vector<std::pair<std::string, std::string>> want = {
      {"Access-Control-Allow-Headers",
       "Accept, Authorization, Content-Type, Origin"},
      {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
      {"Access-Control-Expose-Headers", "Date"},
      {"Vary", "Origin"},
      {"Access-Control-Allow-Origin", "*"},
  };
  EXPECT_EQ(r.headers, want);
  // Without an Origin there are no CORS headers.
  EXPECT_TRUE(Get("/api/v1/labels").headers.empty());
  EXPECT_EQ(Call("OPTIONS", "/api/v1/query").status, 204);
}

}  // namespace
}  // namespace tocsin::engine
