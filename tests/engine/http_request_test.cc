#include "engine/http_request.h"

#include <gtest/gtest.h>

#include "engine/http_router.h"

namespace tocsin::engine {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct FormCase {
  std::string_view input;
  Pairs want;
  std::string_view error;
};

TEST(ParseUrlEncodedTest, GoParseQuerySemantics) {
  const FormCase cases[] = {
      {"", {}, ""},
      {"a=1&b=2", {{"a", "1"}, {"b", "2"}}, ""},
      {"match[]=up&match[]=down", {{"match[]", "up"}, {"match[]", "down"}}, ""},
      {"match%5B%5D=x", {{"match[]", "x"}}, ""},
      {"q=a+b%2Bc", {{"q", "a b+c"}}, ""},
      {"k", {{"k", ""}}, ""},
      {"k=", {{"k", ""}}, ""},
      {"=v", {{"", "v"}}, ""},
      {"a=1&&b=2&", {{"a", "1"}, {"b", "2"}}, ""},
      {"a=x=y", {{"a", "x=y"}}, ""},
      {"q=%e2%82%AC", {{"q", "\xe2\x82\xac"}}, ""},
      {"a=%zz&b=2", {{"b", "2"}}, "invalid URL escape \"%zz\""},
      {"a=%4&b=%", {}, "invalid URL escape \"%4\""},
      {"a=1;b=2&c=3", {{"c", "3"}}, "invalid semicolon separator in query"},
      {"%zz=1&a=1;b", {}, "invalid semicolon separator in query"},
  };
  for (const auto& c : cases) {
    FormParams params;
    std::string error = ParseUrlEncoded(c.input, &params);
    EXPECT_EQ(params.pairs(), c.want) << c.input;
    EXPECT_EQ(error, c.error) << c.input;
  }
}

TEST(FormParamsTest, FirstValueWinsAndAllAreKept) {
  FormParams p;
  p.Add("query", "body");
  p.Add("match[]", "a");
  p.Add("query", "url");
  p.Add("match[]", "b");
  EXPECT_EQ(p.Get("query"), "body");
  EXPECT_EQ(p.Get("missing"), "");
  EXPECT_FALSE(p.Has("missing"));
  EXPECT_EQ(p.GetAll("match[]"), (std::vector<std::string_view>{"a", "b"}));
}

HttpRequest MakeRequest(std::string method, std::string target,
                        std::string content_type = "", std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  if (!content_type.empty())
    r.headers.emplace_back("content-type", content_type);
  r.body = std::move(body);
  return r;
}

TEST(ParseRequestParamsTest, PostBodyComesBeforeUrlQuery) {
  HttpRequest r =
      MakeRequest("POST", "/api/v1/query?query=url&time=5",
                  "application/x-www-form-urlencoded", "query=body&match[]=x");
  ASSERT_TRUE(ParseRequestParams(&r));
  EXPECT_EQ(r.path, "/api/v1/query");
  EXPECT_EQ(r.raw_query, "query=url&time=5");
  EXPECT_EQ(r.params.Get("query"), "body");
  EXPECT_EQ(r.params.GetAll("query"),
            (std::vector<std::string_view>{"body", "url"}));
  EXPECT_EQ(r.params.Get("time"), "5");
}

TEST(ParseRequestParamsTest, BodyOnlyForFormContentType) {
  for (const char* type :
       {"application/x-www-form-urlencoded",
        "Application/X-WWW-Form-Urlencoded; charset=utf-8"}) {
    HttpRequest r = MakeRequest("POST", "/q", type, "a=1");
    ASSERT_TRUE(ParseRequestParams(&r));
    EXPECT_EQ(r.params.Get("a"), "1") << type;
  }
  HttpRequest json = MakeRequest("POST", "/q", "application/json", "a=1");
  ASSERT_TRUE(ParseRequestParams(&json));
  EXPECT_FALSE(json.params.Has("a"));
  HttpRequest get =
      MakeRequest("GET", "/q", "application/x-www-form-urlencoded", "a=1");
  ASSERT_TRUE(ParseRequestParams(&get));
  EXPECT_FALSE(get.params.Has("a"));
}

TEST(ParseRequestParamsTest, BodyErrorIsReportedFirst) {
  HttpRequest r = MakeRequest("POST", "/q?x=%zz",
                              "application/x-www-form-urlencoded", "y=%qq");
  ASSERT_TRUE(ParseRequestParams(&r));
  EXPECT_EQ(r.form_error, "invalid URL escape \"%qq\"");
}

TEST(ParseRequestParamsTest, DecodesPath) {
  HttpRequest r = MakeRequest("GET", "/api/v1/label/a%2Bb+c/values");
  ASSERT_TRUE(ParseRequestParams(&r));
  EXPECT_EQ(r.path, "/api/v1/label/a+b+c/values");
  HttpRequest bad = MakeRequest("GET", "/api/%zz");
  EXPECT_FALSE(ParseRequestParams(&bad));
}

TEST(HttpRequestTest, HeadersAreCaseInsensitive) {
  HttpRequest r;
  r.headers = {{"Content-Type", "text/plain"}, {"origin", "http://x"}};
  EXPECT_EQ(r.Header("content-type"), "text/plain");
  EXPECT_EQ(r.Header("Origin"), "http://x");
  EXPECT_EQ(r.Header("Accept"), "");
}

HttpHandler Echo(std::string name) {
  return [name](const HttpRequest& r) {
    HttpResponse resp;
    resp.body = name;
    for (const auto& [k, v] : r.path_params) resp.body += " " + k + "=" + v;
    return resp;
  };
}

TEST(RouterTest, RoutesByMethodAndPath) {
  Router router;
  router.Handle("GET", "/api/v1/query", Echo("query-get"));
  router.Handle("POST", "/api/v1/query", Echo("query-post"));
  router.Handle("GET", "/api/v1/label/:name/values", Echo("values"));
  router.Handle("OPTIONS", "/api/v1/*path", Echo("options"));
  router.Handle("GET", "/", Echo("root"));

  struct Case {
    const char* method;
    const char* path;
    int status;
    std::string body;
  };
  const Case cases[] = {
      {"GET", "/api/v1/query", 200, "query-get"},
      {"POST", "/api/v1/query", 200, "query-post"},
      {"GET", "/api/v1/label/job/values", 200, "values name=job"},
      {"GET", "/api/v1/label//values", 404, "404 page not found\n"},
      {"GET", "/api/v1/label/a/b/values", 404, "404 page not found\n"},
      {"GET", "/api/v1/query/", 404, "404 page not found\n"},
      {"GET", "/api/v1/nope", 404, "404 page not found\n"},
      {"GET", "/", 200, "root"},
      {"OPTIONS", "/api/v1/anything/at/all", 200,
       "options path=/anything/at/all"},
      {"DELETE", "/api/v1/query", 405, "Method Not Allowed\n"},
      {"POST", "/api/v1/label/job/values", 405, "Method Not Allowed\n"},
  };
  for (const auto& c : cases) {
    HttpRequest r;
    r.method = c.method;
    r.path = c.path;
    HttpResponse resp = router.Serve(&r);
    EXPECT_EQ(resp.status, c.status) << c.method << " " << c.path;
    EXPECT_EQ(resp.body, c.body) << c.method << " " << c.path;
  }
  HttpRequest del;
  del.method = "DELETE";
  del.path = "/api/v1/query";
  HttpResponse resp = router.Serve(&del);
  ASSERT_EQ(resp.headers.size(), 2u);
  EXPECT_EQ(resp.headers[1], (std::pair<std::string, std::string>{
                                 "Allow", "GET, OPTIONS, POST"}));
  EXPECT_EQ(resp.content_type, "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace tocsin::engine
