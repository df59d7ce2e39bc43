// Renders the cases of testdata/text_template_golden.jsonl and compares
// them with the outputs and errors the real Alertmanager 0.25 (Go 1.19's
// text/template) produced for them (scripts/gen_template_golden.py).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "template/alertmanager.h"

namespace tocsin::tmpl {
namespace text_template_golden_test {

const std::string kTestData =
    std::string(TOCSIN_SOURCE_DIR) + "/tests/template/testdata/";
// Alertmanager 0.25's default templates, as Debian's prometheus-alertmanager
// package installs them.
const std::string kDefaultTmpl =
    "/usr/share/prometheus/alertmanager/default.tmpl";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct GoldenCase {
  std::string name;
  std::string text;
  std::string file;
  std::string data = "alertmanager_data.json";
  bool needs_default = false;
  bool html = false;
  bool want_error = false;
  std::string want;  // output or error message
};

std::vector<GoldenCase> LoadCases() {
  std::vector<GoldenCase> cases;
  std::ifstream in(kTestData + "text_template_golden.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    boost::json::object o = boost::json::parse(line).as_object();
    GoldenCase c;
    c.name = o.at("name").as_string();
    c.text = o.at("template").as_string();
    if (o.contains("file")) c.file = o.at("file").as_string();
    c.needs_default = o.contains("needs_default");
    c.html = o.contains("html");
    if (o.contains("data")) c.data = o.at("data").as_string();
    if (o.contains("error")) {
      c.want_error = true;
      c.want = o.at("error").as_string();
    } else {
      c.want = o.at("output").as_string();
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

KVPairs ToKV(const boost::json::value& v) {
  KVPairs out;
  for (const auto& [k, val] : v.as_object()) {
    out.emplace_back(std::string(k), std::string(val.as_string()));
  }
  return out;
}

GoTime ToTime(const boost::json::value& v) {
  Result<GoTime> t = ParseRFC3339(std::string(v.as_string()));
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? *t : GoTime();
}

// The data amtool rendered with, from a file in testdata/.
Value LoadData(const std::string& file) {
  boost::json::object j =
      boost::json::parse(ReadFile(kTestData + file)).as_object();
  AmData d;
  d.receiver = j.at("receiver").as_string();
  d.status = j.at("status").as_string();
  for (const auto& a : j.at("alerts").as_array()) {
    const auto& o = a.as_object();
    AmAlert alert;
    alert.status = o.at("status").as_string();
    alert.labels = ToKV(o.at("labels"));
    alert.annotations = ToKV(o.at("annotations"));
    alert.starts_at = ToTime(o.at("startsAt"));
    alert.ends_at = ToTime(o.at("endsAt"));
    alert.generator_url = o.at("generatorURL").as_string();
    alert.fingerprint = o.at("fingerprint").as_string();
    d.alerts.push_back(std::move(alert));
  }
  d.group_labels = ToKV(j.at("groupLabels"));
  d.common_labels = ToKV(j.at("commonLabels"));
  d.common_annotations = ToKV(j.at("commonAnnotations"));
  d.external_url = j.at("externalURL").as_string();
  // amtool renders a template.Data value, not a pointer.
  return AmDataValue(d, /*pointer=*/false);
}

class GoldenTest : public testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, RendersLikeGo) {
  const GoldenCase& c = GetParam();
  std::vector<std::pair<std::string, std::string>> files = {
      {"custom.tmpl", c.file}};
  if (c.needs_default) {
    if (!std::filesystem::exists(kDefaultTmpl)) {
      GTEST_SKIP() << kDefaultTmpl << " is not present";
    }
    files.emplace_back("default.tmpl", ReadFile(kDefaultTmpl));
  }
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create({}, files);
  std::string got;
  bool got_error = false;
  if (!t.ok()) {
    got_error = true;
    got = t.status().message();
  } else {
    Value data = LoadData(c.data);
    Result<std::string> out =
        c.html ? t->ExecuteHTML(c.text, data) : t->ExecuteText(c.text, data);
    got_error = !out.ok();
    got = out.ok() ? *out : out.status().message();
  }
  EXPECT_EQ(got_error, c.want_error) << c.text << "\n got: " << got;
  EXPECT_EQ(got, c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(Go, GoldenTest, testing::ValuesIn(LoadCases()),
                         [](const testing::TestParamInfo<GoldenCase>& p) {
                           return p.param.name;
                         });

TEST(GoldenFile, HasCases) { EXPECT_GT(LoadCases().size(), 250u); }

}  // namespace text_template_golden_test
}  // namespace tocsin::tmpl
