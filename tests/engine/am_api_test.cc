// The Alertmanager API v2 of `tocsin router`, driven through the HTTP
// router on a fake clock: bodies, codes and error payloads as Alertmanager
// 0.25 answers them (the expected texts were taken from a running
// Alertmanager 0.25).

#include "engine/am_api.h"

#include <gtest/gtest.h>

#include "engine/am_api_json.h"
#include "engine/go_json_syntax.h"
#include "tests/notifiers/router_fixture.h"

namespace tocsin::engine {
namespace {

using notifiers::testing::RouterFixture;

constexpr const char* kConfig = R"(
global:
  smtp_smarthost: 'localhost:25'
  smtp_from: 'a@b.c'
  smtp_auth_password: hunter2
route:
  receiver: r
  group_by: [alertname]
  routes:
  - matchers: [team="db"]
    receiver: db
    continue: true
  - receiver: r
receivers:
- name: r
  webhook_configs: [{url: 'http://127.0.0.1:1/hook'}]
- name: db
  slack_configs: [{api_url: 'http://127.0.0.1:1/secret-slack', channel: '#db'}]
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname]
)";

class AmApiTest : public RouterFixture {
 protected:
  void SetUp() override {
    Start(kConfig);
    api_ = std::make_unique<AlertmanagerApi>(router_.get(), [this] {
      ++reloads_;
      return reload_status_;
    });
    api_->Register(&http_);
  }

  HttpResponse Call(std::string method, std::string target,
                    std::string body = "") {
    HttpRequest req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.headers = {{"Content-Type", "application/json"}};
    EXPECT_TRUE(ParseRequestParams(&req));
    return http_.Serve(&req);
  }

  std::unique_ptr<AlertmanagerApi> api_;
  Router http_;
  int reloads_ = 0;
  Status reload_status_;
};

TEST_F(AmApiTest, MalformedAlertPostsAnswerAsAlertmanagerAndStoreNothing) {
  struct Case {
    std::string body;
    int status;
    std::string response;
  };
  const std::vector<Case> cases = {
      {"xx", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because invalid character 'x' looking for beginning of value"})"},
      {"", 422, R"({"code":602,"message":"alerts in body is required"})"},
      {"[{}]", 422, R"({"code":602,"message":"0.labels in body is required"})"},
      {"{}", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts"})"},
      {"[1", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because unexpected EOF"})"},
      {R"([{"labels":{"a":"b"}} xx)", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because invalid character 'x' after array element"})"},
      {R"([{"labels":{"a":1}}])", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal number into Go struct field Alert.labels of type string"})"},
      {R"([{"labels":{"a":"b"},"annotations":{"x":1}}])", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal number into Go struct field .annotations of type string"})"},
      {R"([{"labels":{"a":"b"},"startsAt":"bad"}])", 400,
       R"({"code":400,"message":"parsing alerts body from \"\" failed, because parsing time \"bad\" as \"2006-01-02 15:04:05\": cannot parse \"bad\" as \"2006\""})"},
      {R"([{"labels":{}}])", 400, "\"at least one label pair required\"\n"},
      {R"([{"labels":{"1a":"b"}}])", 400,
       "\"invalid label set: invalid name \\\"1a\\\"\"\n"},
      {R"([{"labels":{"a":"b"},"startsAt":"2025-01-01T00:00:00Z","endsAt":"2024-01-01T00:00:00Z"}])",
       400, "\"start time must be before end time\"\n"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Call("POST", "/api/v2/alerts", c.body);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_EQ(r.body, c.response) << c.body;
    EXPECT_EQ(r.content_type, "application/json") << c.body;
  }
  EXPECT_EQ(router_->alerts().size(), 0u);
}

TEST_F(AmApiTest, ValidAlertsOfAMixedPostAreStored) {
  HttpResponse r =
      Call("POST", "/api/v2/alerts",
           R"([{"labels":{"alertname":"A"}},{"labels":{"a":""}}])");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "\"at least one label pair required\"\n");
  EXPECT_EQ(router_->alerts().size(), 1u);
}

TEST_F(AmApiTest, PostedAlertsAreListedWithStatusAndReceivers) {
  HttpResponse r = Call(
      "POST", "/api/v2/alerts",
      R"([{"labels":{"alertname":"A","team":"db","severity":"warning","v":"<a&b>"},"annotations":{"summary":"s"},"generatorURL":"http://g"},
          {"labels":{"alertname":"A","severity":"critical"}}])");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "");
  r = Call("GET", "/api/v2/alerts?filter=team%3D%22db%22");
  ASSERT_EQ(r.status, 200);
  // The warning is inhibited by the critical alert with the same name.
  EXPECT_EQ(
      r.body,
      R"([{"annotations":{"summary":"s"},"endsAt":"2024-01-10T12:05:00.000Z","fingerprint":")" +
          notifiers::FingerprintString(notifiers::LabelsFingerprint(
              promql::Labels::FromVector({{"alertname", "A"},
                                          {"severity", "warning"},
                                          {"team", "db"},
                                          {"v", "<a&b>"}}))) +
          R"(","receivers":[{"name":"db"},{"name":"r"}],"startsAt":"2024-01-10T12:00:00.000Z","status":{"inhibitedBy":[")" +
          notifiers::FingerprintString(
              notifiers::LabelsFingerprint(promql::Labels::FromVector(
                  {{"alertname", "A"}, {"severity", "critical"}}))) +
          R"("],"silencedBy":[],"state":"suppressed"},"updatedAt":"2024-01-10T12:00:00.000Z","generatorURL":"http://g","labels":{"alertname":"A","severity":"warning","team":"db","v":"\u003ca\u0026b\u003e"}}])"
          "\n");
  r = Call("GET", "/api/v2/alerts?inhibited=false");
  EXPECT_EQ(r.body.find("\"team\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("critical"), std::string::npos) << r.body;
  r = Call("GET", "/api/v2/alerts?receiver=db");
  EXPECT_EQ(r.body.find("critical"), std::string::npos) << r.body;
  r = Call("GET", "/api/v2/alerts?filter=x");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "\"bad matcher format: x\"\n");
  r = Call("GET", "/api/v2/alerts?receiver=%5B");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            "\"failed to parse receiver param: error parsing regexp: missing "
            "closing ]: `[)$`\"\n");
  r = Call("GET", "/api/v2/alerts?active=maybe");
  EXPECT_EQ(r.status, 422);
}

TEST_F(AmApiTest, GroupsAreSortedByLabelsThenReceiver) {
  Call(
      "POST", "/api/v2/alerts",
      R"([{"labels":{"alertname":"B","team":"db"}},{"labels":{"alertname":"A"}}])");
  HttpResponse r = Call("GET", "/api/v2/alerts/groups");
  ASSERT_EQ(r.status, 200);
  size_t a =
      r.body.find(R"("labels":{"alertname":"A"},"receiver":{"name":"r"})");
  size_t b_db =
      r.body.find(R"("labels":{"alertname":"B"},"receiver":{"name":"db"})");
  size_t b_r =
      r.body.find(R"("labels":{"alertname":"B"},"receiver":{"name":"r"})");
  ASSERT_NE(a, std::string::npos) << r.body;
  ASSERT_NE(b_db, std::string::npos) << r.body;
  ASSERT_NE(b_r, std::string::npos) << r.body;
  EXPECT_LT(a, b_db);
  EXPECT_LT(b_db, b_r);
  // An alert in two groups lists both receivers, sorted.
  EXPECT_NE(r.body.find(R"("receivers":[{"name":"db"},{"name":"r"}])"),
            std::string::npos);
  r = Call("GET", "/api/v2/alerts/groups?receiver=db");
  EXPECT_EQ(r.body.find(R"("name":"r"})"), std::string::npos) << r.body;
}

TEST_F(AmApiTest, SilenceLifecycle) {
  HttpResponse r = Call(
      "POST", "/api/v2/silences",
      R"({"matchers":[{"name":"alertname","value":"A","isRegex":false}],"startsAt":"2024-01-10T11:00:00Z","endsAt":"2024-01-10T13:00:00Z","createdBy":"me","comment":"c"})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body.rfind("{\"silenceID\":\"", 0), 0u) << r.body;
  std::string id = r.body.substr(14, 36);
  Call("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])");
  r = Call("GET", "/api/v2/alerts");
  EXPECT_NE(
      r.body.find("\"silencedBy\":[\"" + id + "\"],\"state\":\"suppressed\""),
      std::string::npos)
      << r.body;
  r = Call("GET", "/api/v2/silence/" + id);
  EXPECT_EQ(
      r.body,
      "{\"id\":\"" + id +
          R"(","status":{"state":"active"},"updatedAt":"2024-01-10T12:00:00.000Z","comment":"c","createdBy":"me","endsAt":"2024-01-10T13:00:00.000Z","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"A"}],"startsAt":"2024-01-10T12:00:00.000Z"})"
          "\n");
  r = Call("GET", "/api/v2/silences?filter=alertname%3D%22A%22");
  EXPECT_NE(r.body.find(id), std::string::npos);
  r = Call("GET", "/api/v2/silences?filter=alertname%3D%22B%22");
  EXPECT_EQ(r.body, "[]\n");
  Advance(10);
  r = Call("DELETE", "/api/v2/silence/" + id);
  EXPECT_EQ(r.status, 200);
  // The silence ends now; it is expired from the next instant on.
  Advance(0.001);
  r = Call("GET", "/api/v2/silence/" + id);
  EXPECT_NE(r.body.find(R"("state":"expired")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("endsAt":"2024-01-10T12:00:10.000Z")"),
            std::string::npos);
  r = Call("GET", "/api/v2/alerts");
  EXPECT_NE(r.body.find(R"("silencedBy":[],"state":"active")"),
            std::string::npos)
      << r.body;
}

TEST_F(AmApiTest, SilenceErrors) {
  struct Case {
    std::string method, target, body;
    int status;
    std::string response;
  };
  const std::string ok_tail =
      R"("startsAt":"2024-01-10T11:00:00Z","endsAt":"2024-01-10T13:00:00Z","createdBy":"me","comment":"c"})";
  const std::vector<Case> cases = {
      {"GET", "/api/v2/silence/nope", "", 422,
       R"({"code":601,"message":"silenceID in path must be of type uuid: \"nope\""})"},
      {"GET", "/api/v2/silence/4c058310-28ee-4fa8-8f2a-d5850949af3e", "", 404,
       ""},
      {"DELETE", "/api/v2/silence/4c058310-28ee-4fa8-8f2a-d5850949af3f", "",
       500, "\"silence not found\"\n"},
      {"GET", "/api/v2/silences?filter=foo", "", 400,
       "\"bad matcher format: foo\"\n"},
      {"POST", "/api/v2/silences", "x", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because invalid character 'x' looking for beginning of value"})"},
      {"POST", "/api/v2/silences", "{}", 422,
       R"({"code":602,"message":"comment in body is required"})"},
      {"POST", "/api/v2/silences", R"({"matchers":[],)" + ok_tail, 422,
       R"({"code":612,"message":"matchers in body should have at least 1 items"})"},
      {"POST", "/api/v2/silences",
       R"({"matchers":[{"name":"i","value":"1"}],)" + ok_tail, 422,
       R"({"code":602,"message":"matchers.0.isRegex in body is required"})"},
      {"POST", "/api/v2/silences",
       R"({"matchers":[{"name":"i","value":"1","isRegex":false}],"startsAt":"2024-01-10T13:00:00Z","endsAt":"2024-01-10T11:00:00Z","createdBy":"me","comment":"c"})",
       400,
       "\"Failed to create silence: start time must be before end time\"\n"},
      {"POST", "/api/v2/silences",
       R"({"matchers":[{"name":"i","value":"1","isRegex":false}],"startsAt":"2024-01-10T10:00:00Z","endsAt":"2024-01-10T11:00:00Z","createdBy":"me","comment":"c"})",
       400, "\"Failed to create silence: end time can't be in the past\"\n"},
      {"POST", "/api/v2/silences",
       R"({"id":"nope","matchers":[{"name":"i","value":"1","isRegex":false}],)" +
           ok_tail,
       404, "\"silence not found\"\n"},
      {"POST", "/api/v2/silences",
       R"({"matchers":[{"name":"i","value":"(","isRegex":true}],)" + ok_tail,
       400,
       "\"silence invalid: invalid label matcher 0: invalid regular "
       "expression \\\"(\\\": error parsing regexp: missing closing ): "
       "`(`\"\n"},
      {"POST", "/api/v2/silences",
       R"({"matchers":[{"name":"i","value":"","isRegex":false}],)" + ok_tail,
       400,
       "\"silence invalid: at least one matcher must not match the empty "
       "string\"\n"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Call(c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.status) << c.target << " " << c.body;
    EXPECT_EQ(r.body, c.response) << c.target << " " << c.body;
  }
  EXPECT_TRUE(router_->silences().Query({}).empty());
}

TEST_F(AmApiTest, StatusHidesSecretsAndReceiversAreListed) {
  HttpResponse r = Call("GET", "/api/v2/status");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("secret-slack"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("smtp_auth_password: \\u003csecret\\u003e"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"("cluster":{"peers":[],"status":"disabled"})"),
            std::string::npos);
  r = Call("GET", "/api/v2/receivers");
  EXPECT_EQ(r.body, "[{\"name\":\"r\"},{\"name\":\"db\"}]\n");
}

TEST_F(AmApiTest, HealthReadyAndReload) {
  EXPECT_EQ(Call("GET", "/-/healthy").body, "OK");
  EXPECT_EQ(Call("GET", "/-/ready").status, 200);
  EXPECT_EQ(Call("POST", "/-/reload").status, 200);
  reload_status_ = Status::InvalidArgument("bad.yml:1:1: oops");
  HttpResponse r = Call("POST", "/-/reload");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "failed to reload config: bad.yml:1:1: oops\n");
  EXPECT_EQ(reloads_, 2);
}

TEST(GoJsonSyntax, MessagesAsGoWordsThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1, 2]", ""},
      {"{\"a\" 1}", "invalid character '1' after object key"},
      {"{\"a\":1 \"b\"}", "invalid character '\"' after object key:value pair"},
      {"{1}",
       "invalid character '1' looking for beginning of object key string"},
      {"[tru]", "invalid character ']' in literal true (expecting 'e')"},
      {"[-x]", "invalid character 'x' in numeric literal"},
      {"\"a\nb\"", "invalid character '\\n' in string literal"},
      {"\"\\q\"", "invalid character 'q' in string escape code"},
      {"", "unexpected EOF"},
      {std::string(20000, '['), "exceeded max depth"},
  };
  for (const auto& [text, want] : cases) {
    size_t end = 0;
    EXPECT_EQ(CheckGoJsonSyntax(text, &end), want) << text.substr(0, 20);
  }
}

}  // namespace
}  // namespace tocsin::engine
