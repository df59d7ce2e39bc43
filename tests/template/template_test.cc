// The Template set API: parsing into a set, redefinition, missingkey,
// per-execution functions, errors and concurrent execution.

#include "template/template.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "template/exec.h"
#include "template/go_fmt.h"

namespace tocsin::tmpl {
namespace template_test {

Func MakeFunc(std::string name, std::vector<const Type*> params, bool variadic,
              Func::Fn fn) {
  Func f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.variadic = variadic;
  f.fn = std::move(fn);
  return f;
}

std::string Render(const Template& t, const Value& data) {
  Result<std::string> out = t.Execute(data);
  return out.ok() ? *out : "ERROR: " + out.status().message();
}

Value Data() {
  return Value::Map(
      InterfaceMapType(),
      {{"s", Value::StringMap({{"a", Value::String("1")}})},
       {"i", Value::Map(InterfaceMapType(), {{"a", Value::Int(1)}})},
       {"list", Value::StringList({"x", "y", "z"})}});
}

struct MissingKeyCase {
  MissingKey mode;
  std::string text;
  std::string want;
};

class MissingKeyTest : public testing::TestWithParam<MissingKeyCase> {};

TEST_P(MissingKeyTest, FollowsOption) {
  const MissingKeyCase& c = GetParam();
  Template t("t");
  t.set_missing_key(c.mode);
  ASSERT_TRUE(t.Parse(c.text).ok());
  EXPECT_EQ(Render(t, Data()), c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Modes, MissingKeyTest,
    testing::Values(
        MissingKeyCase{MissingKey::kInvalid, "[{{.s.b}}]", "[<no value>]"},
        MissingKeyCase{MissingKey::kZero, "[{{.s.b}}]", "[]"},
        MissingKeyCase{MissingKey::kError, "[{{.s.b}}]",
                       "ERROR: template: t:1:5: executing \"t\" at <.s.b>: "
                       "map has no entry for key \"b\""},
        MissingKeyCase{MissingKey::kInvalid, "[{{.i.b}}]", "[<no value>]"},
        MissingKeyCase{MissingKey::kZero, "[{{.i.b}}]", "[<no value>]"},
        MissingKeyCase{MissingKey::kZero, "[{{.i.b.c}}]",
                       "ERROR: template: t:1:5: executing \"t\" at <.i.b.c>: "
                       "nil pointer evaluating interface {}.c"},
        MissingKeyCase{MissingKey::kInvalid, "[{{.nope.x}}]", "[<no value>]"},
        MissingKeyCase{MissingKey::kError, "[{{.nope.x}}]",
                       "ERROR: template: t:1:8: executing \"t\" at "
                       "<.nope.x>: map has no entry for key \"nope\""},
        MissingKeyCase{MissingKey::kZero, "{{ len .s.b }}", "0"},
        MissingKeyCase{MissingKey::kInvalid, "{{ print .s.b }}", "<nil>"}));

TEST(TemplateTest, Options) {
  Template t;
  EXPECT_TRUE(t.SetOption("missingkey=zero").ok());
  EXPECT_EQ(t.missing_key(), MissingKey::kZero);
  EXPECT_TRUE(t.SetOption("missingkey=default").ok());
  EXPECT_EQ(t.missing_key(), MissingKey::kInvalid);
  EXPECT_TRUE(t.SetOption("missingkey=error").ok());
  EXPECT_EQ(t.missing_key(), MissingKey::kError);
  EXPECT_FALSE(t.SetOption("missingkey=nope").ok());
  EXPECT_FALSE(t.SetOption("other=1").ok());
}

TEST(TemplateTest, NilData) {
  Template t("t");
  ASSERT_TRUE(t.Parse("{{.x}} {{.}}").ok());
  EXPECT_EQ(Render(t, Value()), "<no value> <no value>");
  t.set_missing_key(MissingKey::kError);
  EXPECT_EQ(Render(t, Value()),
            "ERROR: template: t:1:2: executing \"t\" at <.x>: nil data; no "
            "entry for key \"x\"");
}

TEST(TemplateTest, RedefinitionAcrossParses) {
  Template t("main");
  ASSERT_TRUE(t.Parse("{{define \"a\"}}1{{end}}{{template \"a\"}}").ok());
  EXPECT_EQ(Render(t, Value()), "1");
  ASSERT_TRUE(t.ParseNamed("x", "{{define \"a\"}}2{{end}}").ok());
  EXPECT_EQ(Render(t, Value()), "2");
  // An empty definition does not replace a body.
  ASSERT_TRUE(t.ParseNamed("y", "{{define \"a\"}}  {{/* c */}} {{end}}").ok());
  EXPECT_EQ(Render(t, Value()), "2");
  EXPECT_EQ(t.DefinedNames(),
            (std::vector<std::string>{"a", "main", "x", "y"}));
  // Within one text, two bodies for a name are an error.
  Status s =
      t.ParseNamed("z", "{{define \"b\"}}1{{end}}{{define \"b\"}}2{{end}}");
  EXPECT_EQ(s.message(),
            "template: z:1: template: multiple definition of template \"b\"");
  // A failed parse leaves the set unchanged.
  EXPECT_FALSE(t.Defined("b"));
}

TEST(TemplateTest, CopiesAreIndependent) {
  Template t("main");
  ASSERT_TRUE(t.Parse("{{define \"a\"}}1{{end}}{{template \"a\"}}").ok());
  Template copy = t;
  ASSERT_TRUE(copy.ParseNamed("x", "{{define \"a\"}}2{{end}}").ok());
  EXPECT_EQ(Render(t, Value()), "1");
  EXPECT_EQ(Render(copy, Value()), "2");
}

TEST(TemplateTest, ExecuteErrors) {
  Template t("t");
  EXPECT_EQ(Render(t, Value()),
            "ERROR: template: t: \"t\" is an incomplete or empty template");
  ASSERT_TRUE(t.Parse("a{{.x.y}}b").ok());
  Result<std::string> r = t.ExecuteNamed("nope", Value());
  EXPECT_EQ(r.status().message(),
            "template: no template \"nope\" associated with template \"t\"");
  // Output written before an error stays in the buffer.
  std::string out;
  Value data = Value::StringMap({{"x", Value::String("s")}});
  EXPECT_FALSE(t.ExecuteTo(out, "t", data).ok());
  EXPECT_EQ(out, "a");
}

TEST(TemplateTest, RecursionIsBounded) {
  Template t("t");
  ASSERT_TRUE(
      t.Parse("{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\"}}")
          .ok());
  Result<std::string> r = t.Execute(Value());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("exceeded maximum template depth (" +
                                      std::to_string(kMaxExecDepth) + ")"),
            std::string::npos);
}

TEST(TemplateTest, CustomFunctions) {
  Template t("t");
  t.AddFuncs(
      {{"join",
        MakeFunc("join", {StringType(), StringType()}, true,
                 [](const Value&, std::span<const Value> a) -> Result<Value> {
                   std::string out;
                   for (size_t i = 1; i < a.size(); ++i) {
                     if (i > 1) out += a[0].AsString();
                     out += a[i].AsString();
                   }
                   return Value::String(out);
                 })},
       {"fail",
        MakeFunc("fail", {}, false,
                 [](const Value&, std::span<const Value>) -> Result<Value> {
                   return Status::Execution("boom");
                 })},
       {"f", MakeFunc("f", {}, false,
                      [](const Value&, std::span<const Value>)
                          -> Result<Value> { return Value::String("set"); })}});
  ASSERT_TRUE(t.Parse("{{ join \",\" \"a\" \"b\" }} {{ \"c\" | join \"-\" "
                      "\"d\" }} {{ f }}")
                  .ok());
  EXPECT_EQ(Render(t, Value()), "a,b d-c set");
  // Functions given at execution take precedence.
  FuncMap bound = {
      {"f", MakeFunc("f", {}, false,
                     [](const Value&, std::span<const Value>) -> Result<Value> {
                       return Value::String("bound");
                     })}};
  std::string out;
  ASSERT_TRUE(t.ExecuteTo(out, "t", Value(), &bound).ok());
  EXPECT_EQ(out, "a,b d-c bound");
  Template u("u");
  u.AddFuncs({{"fail", MakeFunc("fail", {}, false,
                                [](const Value&,
                                   std::span<const Value>) -> Result<Value> {
                                  return Status::Execution("boom");
                                })}});
  ASSERT_TRUE(u.Parse("x{{ fail }}").ok());
  EXPECT_EQ(Render(u, Value()),
            "ERROR: template: u:1:4: executing \"u\" at <fail>: error "
            "calling fail: boom");
}

TEST(TemplateTest, BreakIsAFunctionWhenDefined) {
  Template t("t");
  t.AddFuncs({{"break", MakeFunc("break", {}, false,
                                 [](const Value&,
                                    std::span<const Value>) -> Result<Value> {
                                   return Value::String("called");
                                 })}});
  ASSERT_TRUE(t.Parse("{{ break }}").ok());
  EXPECT_EQ(Render(t, Value()), "called");
}

TEST(TemplateTest, ConcurrentExecution) {
  Template t("t");
  ASSERT_TRUE(t.Parse("{{ range $i, $x := .list }}{{ $i }}{{ $x }}{{ end }}"
                      "{{ printf \"%.2f\" 3.14159 }}")
                  .ok());
  Value data = Data();
  std::vector<std::thread> threads;
  std::atomic<int> mismatches = 0;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200; ++k) {
        if (Render(t, data) != "0x1y2z3.14") ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, 0);
}

// The parse trees print back the way Go's nodes do.
struct RoundTripCase {
  std::string text;
  std::string want;
};

class ParseTreeTest : public testing::TestWithParam<RoundTripCase> {};

TEST_P(ParseTreeTest, PrintsLikeGo) {
  const RoundTripCase& c = GetParam();
  Template t("t");
  t.AddFuncs({{"f", MakeFunc("f", {}, true, nullptr)}});
  Status s = t.Parse(c.text);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(t.FindTree("t")->root->String(), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Trees, ParseTreeTest,
    testing::Values(
        RoundTripCase{"{{.X}}", "{{.X}}"},
        RoundTripCase{"{{ .X.Y }} {{ $ }} {{ $.A }}", "{{.X.Y}} {{$}} {{$.A}}"},
        RoundTripCase{"{{ if .X }}a{{ else }}b{{ end }}",
                      "{{if .X}}a{{else}}b{{end}}"},
        RoundTripCase{"{{ if .X }}a{{ else if .Y }}b{{ end }}",
                      "{{if .X}}a{{else}}{{if .Y}}b{{end}}{{end}}"},
        RoundTripCase{"{{ range $i, $x := .L }}{{ . }}{{ break }}{{ end }}",
                      "{{range $i, $x := .L}}{{.}}{{break}}{{end}}"},
        RoundTripCase{"{{ with $x := 3 }}{{ $x = 4 }}{{ end }}",
                      "{{with $x := 3}}{{$x = 4}}{{end}}"},
        RoundTripCase{"{{ (f \"%d\" 1).X | f 'a' 1.5 true nil }}",
                      "{{(f \"%d\" 1).X | f 'a' 1.5 true nil}}"},
        RoundTripCase{"{{ template \"x\" . }}{{ template `y` }}",
                      "{{template \"x\" .}}{{template \"y\"}}"},
        RoundTripCase{"a{{/* c */}}b {{- \" \" -}} c", "ab{{\" \"}}c"},
        RoundTripCase{"{{ block \"b\" . }}x{{ end }}", "{{template \"b\" .}}"},
        RoundTripCase{"{{ range .L }}{{ continue }}{{ else }}e{{ end }}",
                      "{{range .L}}{{continue}}{{else}}e{{end}}"}));

TEST(ValueTest, TruthAndZero) {
  EXPECT_FALSE(IsTrue(Value()));
  EXPECT_FALSE(IsTrue(Value::String("")));
  EXPECT_TRUE(IsTrue(Value::String("0")));
  EXPECT_FALSE(IsTrue(Value::Int(0)));
  EXPECT_FALSE(IsTrue(Value::Float(0.0)));
  EXPECT_TRUE(IsTrue(Value::Float(-0.5)));
  EXPECT_FALSE(IsTrue(Value::StringList({})));
  EXPECT_FALSE(IsTrue(Value::StringMap(std::vector<Value::Entry>{})));
  EXPECT_FALSE(IsTrue(Value::Nil(InterfaceType())));
  EXPECT_TRUE(IsTrue(Value::Struct(
      [] {
        static Type t;
        t.name = "S";
        t.kind = Kind::kStruct;
        return &t;
      }(),
      {})));
  EXPECT_EQ(Value::Zero(StringType()).AsString(), "");
  EXPECT_EQ(Value::Zero(Float64Type()).AsFloat(), 0.0);
  EXPECT_TRUE(Value::Zero(StringMapType()).is_nil());
}

TEST(ValueTest, MapsSortAndKeepLastDuplicate) {
  Value m = Value::StringMap({{"b", Value::String("1")},
                              {"a", Value::String("2")},
                              {"b", Value::String("3")}});
  ASSERT_EQ(m.Len(), 2u);
  EXPECT_EQ(m.AsMap()[0].first, "a");
  EXPECT_EQ(m.MapGet("b")->AsString(), "3");
  EXPECT_EQ(m.MapGet("c"), nullptr);
}

TEST(ValueTest, Assignability) {
  EXPECT_TRUE(AssignableTo(IntType(), InterfaceType()));
  EXPECT_TRUE(AssignableTo(IntType(), ReflectValueType()));
  EXPECT_FALSE(AssignableTo(IntType(), Int64Type()));
  EXPECT_FALSE(AssignableTo(StringType(), StringMapType()));
}

}  // namespace template_test
}  // namespace tocsin::tmpl
