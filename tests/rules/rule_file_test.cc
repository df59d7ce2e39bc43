// Rule files: decoding and validation, with promtool 2.42's messages
// (expected texts taken from running `promtool check rules` on the same
// input; positions promtool leaves out are tocsin's additions).

#include "rules/rule_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/rule_lint.h"

namespace tocsin::rules {
namespace rule_file_test {

using ::testing::ElementsAreArray;

struct Case {
  const char* name;
  const char* yaml;
  std::vector<std::string> errors;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class RuleFileErrors : public ::testing::TestWithParam<Case> {};

TEST_P(RuleFileErrors, Match) {
  const Case& c = GetParam();
  RuleFileResult r = ParseRuleFile(c.yaml, "f.yml");
  EXPECT_THAT(r.errors, ElementsAreArray(c.errors));
  if (!c.errors.empty()) {
    EXPECT_TRUE(r.file.groups.empty());
  }
}

const Case kCases[] = {
    {"valid",
     R"(groups:
  - name: a
    interval: 30s
    limit: 3
    rules:
      - alert: X
        expr: up == 0
        for: 5m
        keep_firing_for: 1m
        labels: {severity: page}
        annotations: {summary: "down"}
      - record: job:up:sum
        expr: sum by (job) (up)
)",
     {}},
    {"empty file", "", {}},
    {"unknown fields and type errors",
     R"(groups:
  - name: a
    foo: 1
    rules:
      - alert: X
        expr: up
        bar: 2
        labels: {a: 1, b: [1]}
)",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 3: field foo not found in type rulefmt.RuleGroup\n"
      "  line 7: field bar not found in type rulefmt.RuleNode\n"
      "  line 8: cannot unmarshal !!seq into string"}},
    {"limit not an int",
     "groups:\n  - name: a\n    limit: abc\n    rules: []\n",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 3: cannot unmarshal !!str `abc` into int"}},
    {"quoted limit",
     "groups:\n  - name: a\n    limit: \"3\"\n",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 3: cannot unmarshal !!str `3` into int"}},
    {"repeated key",
     R"(groups:
  - name: a
    rules:
      - alert: X
        alert: Y
        zzz: 1
        expr: up
      - alert: Z
        yyy: 2
        expr: up
)",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 5: mapping key \"alert\" already defined at line 4\n"
      "  line 9: field yyy not found in type rulefmt.RuleNode"}},
    {"bad duration stops decoding",
     "groups:\n  - name: a\n    interval: 5x\n    rules:\n      - foo: 1\n",
     {"f.yml: not a valid duration string: \"5x\""}},
    {"empty duration",
     "groups:\n  - name: a\n    rules:\n      - alert: X\n"
     "        expr: up\n        for: \"\"\n",
     {"f.yml: empty duration string"}},
    {"groups not a list",
     "groups: 3\n",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 1: cannot unmarshal !!int `3` into []rulefmt.RuleGroup",
      "f.yml: yaml: unmarshal errors:\n"
      "  line 1: cannot unmarshal !!int `3` into []yaml.Node"}},
    {"top level list",
     "- a\n",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 1: cannot unmarshal !!seq into rulefmt.RuleGroups",
      "f.yml: yaml: unmarshal errors:\n"
      "  line 1: cannot unmarshal !!seq into rulefmt.ruleGroups"}},
    {"unknown top-level field",
     "foo: 1\n",
     {"f.yml: yaml: unmarshal errors:\n"
      "  line 1: field foo not found in type rulefmt.RuleGroups"}},
    {"validation",
     R"(groups:
  - name: a
    rules:
      - alert: X
        expr: up ==
        for: 5m
      - record: "bad name"
        expr: sum(up)
        for: 5m
        keep_firing_for: 1m
        annotations:
          a: b
        labels:
          __name__: x
          "0bad": y
  - name: a
    rules:
      - expr: x
      - alert: Y
        record: z
        expr: ""
      - alert: Z
        expr: up
        annotations:
          "1x": "y"
  - name: ""
    rules: []
)",
     {"f.yml: 5:15: group \"a\", rule 1, \"X\": could not parse expression: "
      "1:6: parse error: unexpected end of input",
      "f.yml: 7:17: group \"a\", rule 2, \"bad name\": invalid field "
      "'annotations' in recording rule",
      "f.yml: 7:17: group \"a\", rule 2, \"bad name\": invalid field 'for' in "
      "recording rule",
      "f.yml: 7:17: group \"a\", rule 2, \"bad name\": invalid field "
      "'keep_firing_for' in recording rule",
      "f.yml: 7:17: group \"a\", rule 2, \"bad name\": invalid recording rule "
      "name: bad name",
      "f.yml: 15:11: group \"a\", rule 2, \"bad name\": invalid label name: "
      "0bad",
      "f.yml: 14:11: group \"a\", rule 2, \"bad name\": invalid label name: "
      "__name__",
      "f.yml: 16:5: groupname: \"a\" is repeated in the same file",
      "f.yml: 18:9: group \"a\", rule 1, \"\": one of 'record' or 'alert' must "
      "be set",
      "f.yml: 20:17: 19:16: group \"a\", rule 2, \"Y\": only one of 'record' "
      "and 'alert' must be set",
      "f.yml: 21:15: group \"a\", rule 2, \"Y\": field 'expr' must be set in "
      "rule",
      "f.yml: 25:11: group \"a\", rule 3, \"Z\": invalid annotation name: 1x",
      "f.yml: 26:5: Groupname must not be empty"}},
    {"block scalar expression positions",
     R"(groups:
  - name: a
    rules:
      - alert: X
        expr: |
          up ==
)",
     {"f.yml: 5:15: group \"a\", rule 1, \"X\": could not parse expression: "
      "2:1: parse error: unexpected end of input"}},
};

INSTANTIATE_TEST_SUITE_P(All, RuleFileErrors, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           std::string n = p.param.name;
                           for (char& c : n) {
                             if (!isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           }
                           return n;
                         });

TEST(RuleFile, Model) {
  RuleFileResult r = ParseRuleFile(kCases[0].yaml, "f.yml");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.file.groups.size(), 1u);
  const GroupSpec& g = r.file.groups[0];
  EXPECT_EQ(g.name, "a");
  EXPECT_EQ(g.interval_ms, 30000);
  EXPECT_EQ(g.limit, 3);
  ASSERT_EQ(g.rules.size(), 2u);
  EXPECT_TRUE(g.rules[0].is_alerting());
  EXPECT_EQ(g.rules[0].for_ms, 300000);
  EXPECT_EQ(g.rules[0].keep_firing_for_ms, 60000);
  ASSERT_NE(g.rules[0].parsed_expr, nullptr);
  EXPECT_EQ(g.rules[1].name(), "job:up:sum");
  EXPECT_EQ(r.file.NumRules(), 2u);
}

TEST(RuleFile, UnreadableFile) {
  RuleFileResult r = LoadRuleFile("/nonexistent/x.yml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "/nonexistent/x.yml: open /nonexistent/x.yml: no such file or "
            "directory");
}

TEST(RuleFile, Names) {
  EXPECT_TRUE(IsValidMetricName("job:up:sum"));
  EXPECT_FALSE(IsValidMetricName("0x"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("_a0"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_TRUE(IsValidLabelValue("ünïcode"));
  EXPECT_FALSE(IsValidLabelValue("\xc0\x80"));      // overlong
  EXPECT_FALSE(IsValidLabelValue("\xed\xa0\x80"));  // surrogate
}

TEST(RuleLint, DuplicateRules) {
  RuleFileResult r = ParseRuleFile(R"(groups:
  - name: a
    rules:
      - record: job:x:sum
        expr: sum(x)
        labels: {a: b, c: d}
      - record: job:x:sum
        expr: sum(y)
        labels: {c: d, a: b}
      - alert: A
        expr: x
      - alert: A
        expr: y
      - alert: A
        expr: z
      - alert: B
        expr: z
)",
                                   "f.yml");
  ASSERT_TRUE(r.ok());
  auto dups = FindDuplicateRules(r.file);
  EXPECT_EQ(DuplicateRulesMessage(dups),
            "2 duplicate rule(s) found.\n"
            "Metric: A\nLabel(s):\n"
            "Metric: job:x:sum\nLabel(s):\n\ta: b\n\tc: d\n"
            "Might cause inconsistency while recording expressions");
}

}  // namespace rule_file_test
}  // namespace tocsin::rules
