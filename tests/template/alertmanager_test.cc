// Alertmanager's template data model and template set.

#include "template/alertmanager.h"

#include <gtest/gtest.h>

namespace tocsin::tmpl {
namespace {

AmAlert Alert(std::string status, KVPairs labels, KVPairs annotations) {
  AmAlert a;
  a.status = std::move(status);
  a.labels = std::move(labels);
  a.annotations = std::move(annotations);
  return a;
}

std::string Render(const AlertmanagerTemplate& t, std::string_view text,
                   const Value& data) {
  Result<std::string> r = t.ExecuteText(text, data);
  return r.ok() ? *r : "ERROR: " + r.status().message();
}

TEST(AmDataTest, CommonLabelsAndStatus) {
  AmData d = MakeAmData(
      "team.x+y", {{"alertname", "A"}},
      {Alert("resolved", {{"alertname", "A"}, {"job", "x"}, {"i", "1"}},
             {{"summary", "s"}, {"d", "1"}}),
       Alert("firing", {{"alertname", "A"}, {"job", "x"}, {"i", "2"}},
             {{"summary", "s"}})},
      "http://am");
  EXPECT_EQ(d.receiver, "team\\.x\\+y");
  EXPECT_EQ(d.status, "firing");
  EXPECT_EQ(d.common_labels, (KVPairs{{"alertname", "A"}, {"job", "x"}}));
  EXPECT_EQ(d.common_annotations, (KVPairs{{"summary", "s"}}));
  AmData resolved = MakeAmData("r", {}, {Alert("resolved", {}, {})}, "");
  EXPECT_EQ(resolved.status, "resolved");
  EXPECT_TRUE(MakeAmData("r", {}, {}, "").common_labels.empty());
}

TEST(AmDataTest, KVMethods) {
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create({}, {});
  ASSERT_TRUE(t.ok());
  AmData d;
  d.common_labels = {{"zone", "z"}, {"alertname", "A"}, {"job", "j"}};
  d.group_labels = {{"job", "j"}};
  Value v = AmDataValue(d);
  EXPECT_EQ(Render(*t, "{{ .CommonLabels.SortedPairs }}", v),
            "[{alertname A} {job j} {zone z}]");
  EXPECT_EQ(
      Render(*t, "{{ .CommonLabels.Names }} {{ .CommonLabels.Values }}", v),
      "[alertname job zone] [A j z]");
  EXPECT_EQ(
      Render(*t, "{{ .CommonLabels.Remove .GroupLabels.Names | len }}", v),
      "2");
  EXPECT_EQ(Render(*t, "{{ .CommonLabels.SortedPairs.Names | join \",\" }}", v),
            "alertname,job,zone");
  // The notifiers pass a pointer: errors name *template.Data.
  EXPECT_EQ(Render(*t, "{{ .Nope }}", v),
            "ERROR: template: :1:3: executing \"\" at <.Nope>: can't "
            "evaluate field Nope in type *template.Data");
  EXPECT_EQ(Render(*t, "{{ . }}", v),
            "{  [] map[job:j] map[alertname:A job:j zone:z] map[] }");
}

TEST(AlertmanagerTemplateTest, FilesOverrideDefaults) {
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create(
      {"{{ define \"title\" }}default {{ .Status }}{{ end }}"
       "{{ define \"body\" }}[{{ template \"title\" . }}]{{ end }}"},
      {{"custom.tmpl", "{{ define \"title\" }}custom {{ .Status }}{{ end }}"}});
  ASSERT_TRUE(t.ok()) << t.status().message();
  AmData d;
  d.status = "firing";
  EXPECT_EQ(*t->ExecuteNamed("body", AmDataValue(d)), "[custom firing]");
  EXPECT_EQ(Render(*t, "{{ template \"body\" . }}!", AmDataValue(d)),
            "[custom firing]!");
  EXPECT_EQ(Render(*t, "", AmDataValue(d)), "");
  // The text is parsed into a copy: the set itself is unchanged.
  EXPECT_EQ(
      Render(*t, "{{ define \"title\" }}x{{ end }}{{ template \"body\" . }}",
             AmDataValue(d)),
      "[x]");
  EXPECT_EQ(*t->ExecuteNamed("body", AmDataValue(d)), "[custom firing]");
}

TEST(AlertmanagerTemplateTest, ErrorsNameTheFile) {
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create(
      {}, {{"bad.tmpl", "{{ define \"x\" }}\n{{ if }}\n{{ end }}"}});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "template: bad.tmpl:2: missing value for if");
  Result<AlertmanagerTemplate> ok = AlertmanagerTemplate::Create({}, {});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(Render(*ok, "{{ nope }}", Value()),
            "ERROR: template: :1: function \"nope\" not defined");
}

TEST(AlertmanagerTemplateTest, HTMLEscapesEmailBodies) {
  Result<AlertmanagerTemplate> t = AlertmanagerTemplate::Create({}, {});
  ASSERT_TRUE(t.ok());
  AmData d = MakeAmData(
      "r", {},
      {Alert("firing", {{"alertname", "A<b>"}}, {{"summary", "x & \"y\""}})},
      "http://am.example/?a=b");
  d.alerts[0].generator_url = "javascript:alert(1)";
  Result<std::string> out = t->ExecuteHTML(
      "<h1>{{ .CommonLabels.alertname }}</h1>{{ range .Alerts }}"
      "<a href=\"{{ .GeneratorURL }}\" title=\"{{ .Annotations.summary }}\">"
      "{{ .Annotations.summary }}</a>{{ end }}"
      "<a href=\"{{ .ExternalURL }}\">{{ safeHtml \"<i>am</i>\" }}</a>",
      AmDataValue(d));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out,
            "<h1>A&lt;b&gt;</h1><a href=\"#ZgotmplZ\" title=\"x &amp; "
            "&#34;y&#34;\">x &amp; &#34;y&#34;</a><a "
            "href=\"http://am.example/?a=b\"><i>am</i></a>");
}

}  // namespace
}  // namespace tocsin::tmpl
