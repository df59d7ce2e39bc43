// The single-pass decoder of POST /api/v2/alerts bodies against the
// general (document) decoder: whatever body the single-pass decoder
// accepts, it must decode exactly as the general one does; bodies of other
// shapes it must leave to the general one. Hand-written cases first, then
// seeded random mutations of a Prometheus-style body.

#include "engine/postable_alerts_decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/am_api_json.h"
#include "tests/engine/decoded_alerts.h"

namespace tocsin::engine {
namespace {

using notifiers::Alert;

// Checks `body` both ways; returns whether the single-pass decoder took it.
bool Check(const std::string& body) {
  std::vector<Alert> fast;
  bool took = DecodeCommonPostableAlerts(body, &fast);
  std::vector<Alert> general;
  auto err = DecodePostableAlertsDocument(body, &general);
  if (took) {
    EXPECT_FALSE(err.has_value())
        << "accepted a body the general decoder rejects (" << err->body
        << "): " << body;
    EXPECT_EQ(DescribeDecodedAlerts(fast), DescribeDecodedAlerts(general))
        << body;
  } else {
    EXPECT_TRUE(fast.empty()) << "left output behind: " << body;
  }
  // And the combined decoder answers as the general one.
  std::vector<Alert> combined;
  auto cerr = DecodePostableAlerts(body, &combined);
  EXPECT_EQ(cerr.has_value(), err.has_value()) << body;
  if (cerr && err) {
    EXPECT_EQ(cerr->status, err->status) << body;
    EXPECT_EQ(cerr->body, err->body) << body;
  }
  if (!cerr && !err) {
    EXPECT_EQ(DescribeDecodedAlerts(combined), DescribeDecodedAlerts(general))
        << body;
  }
  return took;
}

const char kPrometheusBody[] =
    R"([{"labels":{"alertname":"HighErrorRate","instance":"host-1:9100",)"
    R"("job":"api","severity":"critical"},"annotations":{"summary":"Errors )"
    R"(high","description":"5% of requests fail"},"startsAt":)"
    R"("2024-01-10T12:00:00.123Z","endsAt":"2024-01-10T12:04:00Z",)"
    R"("generatorURL":"http://prometheus:9090/graph?g0.expr=up%3D%3D0"},)"
    R"({"labels":{"alertname":"DiskSpaceLow","instance":"host-2:9100"},)"
    R"("startsAt":"2024-01-10T11:00:00+01:00","endsAt":)"
    R"("2024-01-10T12:04:00.5Z","generatorURL":"x"}])";

TEST(PostableAlertsDecoder, TakesTheCommonShapes) {
  const std::vector<std::string> bodies = {
      kPrometheusBody,
      "[]",
      " [ ] \n",
      R"([{"labels":{}}])",
      R"([{"labels":{"a":"1"}}])",
      R"( [ { "labels" : { "b" : "2" , "a" : "1" } , "annotations" : {} } ] )",
      // Empty label values are dropped, empty annotations kept.
      R"([{"labels":{"a":"","b":"x"},"annotations":{"z":"","y":"v"}}])",
      // Escapes, multi-line descriptions, UTF-8 and surrogate pairs.
      R"([{"labels":{"a":"q\"uote\\back\/slash"},"annotations":{"d":)"
      R"("line 1\nline 2\ttab\r\b\f","e":"\u00e9\u4e2d\ud83d\udea8 é 🚨"}}])",
      R"([{"labels":{"a":"\u0000nul"}}])",
      // Escaped names, and more escaped strings than fit in one block.
      R"([{"labels":{"n\u0061me":"v\n","b":"x"},"annotations":{)"
      R"("a1":"1\n","a2":"2\n","a3":"3\n","a4":"4\n","a5":"5\n","a6":"6\n",)"
      R"("a7":"7\n","a8":"8\n","a9":"9\n","b1":"\"1","b2":"\"2","b3":"\"3",)"
      R"("b4":"\"4","b5":"\"5","b6":"\"6","b7":"\"7","b8":"\"8","b9":"\"9",)"
      R"("c\u0031":"\"c","c2":"a long escaped value, longer than SSO: \t\t"}}])",
      // Times with offsets and fractions; generator URLs.
      R"([{"labels":{"a":"1"},"startsAt":"2024-01-10T12:00:00.123456789-07:30",)"
      R"("endsAt":"2024-01-10T12:00:00Z","generatorURL":""}])",
  };
  for (const std::string& b : bodies) EXPECT_TRUE(Check(b)) << b;
}

TEST(PostableAlertsDecoder, LeavesEverythingElseToTheGeneralDecoder) {
  const std::vector<std::string> bodies = {
      "",
      "   ",
      "null",
      "{}",
      "[null]",
      "[1]",
      "[{}]",
      R"([{"annotations":{"a":"1"}}])",
      R"([{"labels":null}])",
      R"([{"labels":{"a":null}}])",
      R"([{"labels":{"a":1}}])",
      R"([{"labels":{"a":"1"},"startsAt":null}])",
      R"([{"labels":{"a":"1"},"startsAt":"bad"}])",
      R"([{"labels":{"a":"1"},"endsAt":""}])",
      R"([{"labels":{"a":"1"},"generatorURL":null}])",
      R"([{"labels":{"a":"1"},"generatorURL":5}])",
      R"([{"labels":{"a":"1"},"status":"firing"}])",
      R"([{"Labels":{"a":"1"}}])",
      R"([{"labels":{"a":"1"},"labels":{"b":"2"}}])",
      R"([{"labels":{"a":"1","a":"2"}}])",
      R"([{"labels":{"a":"1","a":""}}])",
      R"([{"labels":{"a":"1"},"annotations":{"x":"1","x":"2"}}])",
      R"([{"labels":{"a":"\ud83d"}}])",
      R"([{"labels":{"a":"\udea8x"}}])",
      R"([{"labels":{"a":"\x"}}])",
      "[{\"labels\":{\"a\":\"\xff\"}}]",
      "[{\"labels\":{\"a\":\"\xc3\"}}]",
      "[{\"labels\":{\"a\":\"tab\there\"}}]",
      R"([{"labels":{"a":"1"}}] trailing)",
      R"([{"labels":{"a":"1"}}][])",
      R"([{"labels":{"a":"1"}},])",
      R"([{"labels":{"a":"1"},}])",
      R"([{"labels":{"a":"1"})",
      R"([{"labels":{"a":"1)",
  };
  for (const std::string& b : bodies) EXPECT_FALSE(Check(b)) << b;
}

TEST(PostableAlertsDecoder, AgreesWithTheGeneralDecoderOnMutatedBodies) {
  const std::string base = kPrometheusBody;
  const std::string alphabet =
      "{}[]:,\"\\ nu0123456789abcdefzAZ-+.T\xc3\xa9\xff";
  std::mt19937 rng(20240110);
  int taken = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string b = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % (b.size() + 1);
      switch (rng() % 3) {
        case 0:  // delete
          if (pos < b.size()) b.erase(pos, 1 + rng() % 3);
          break;
        case 1:  // insert
          b.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:  // replace
          if (pos < b.size()) b[pos] = alphabet[rng() % alphabet.size()];
      }
    }
    if (Check(b)) ++taken;
    if (::testing::Test::HasFailure()) break;
  }
  // Most mutations break the body; many (inside strings) do not.
  EXPECT_GT(taken, 1000);
}

}  // namespace
}  // namespace tocsin::engine
