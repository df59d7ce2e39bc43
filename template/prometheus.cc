#include "template/prometheus.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "template/go_regexp.h"
#include "template/go_strings.h"
#include "template/html_escape.h"
#include "template/humanize.h"

namespace tocsin::tmpl {
namespace {

using Args = std::span<const Value>;

constexpr std::string_view kPreamble =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
    "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

Func MakeFunc(std::string name, std::vector<const Type*> params, bool variadic,
              Func::Fn fn) {
  Func f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.variadic = variadic;
  f.fn = std::move(fn);
  return f;
}

Status NilDereference() {
  return Status::Execution(
      "runtime error: invalid memory address or nil pointer dereference");
}

Func StringFunc(std::string name, std::string (*fn)(std::string_view)) {
  return MakeFunc(std::move(name), {StringType()}, false,
                  [fn](const Value&, Args a) -> Result<Value> {
                    return Value::String(fn(a[0].AsString()));
                  });
}

// A humanize-style function: interface{} in, string out.
Func NumberFunc(std::string name, std::string (*fn)(double)) {
  return MakeFunc(std::move(name), {InterfaceType()}, false,
                  [fn](const Value&, Args a) -> Result<Value> {
                    Result<double> v = ConvertToFloat(a[0]);
                    if (!v.ok()) return v.status();
                    return Value::String(fn(*v));
                  });
}

std::string StripPort(std::string_view host_port) {
  auto hp = SplitHostPort(host_port);
  return hp ? hp->host : std::string(host_port);
}

std::string StripDomain(std::string_view host_port) {
  auto hp = SplitHostPort(host_port);
  std::string host = hp ? hp->host : std::string(host_port);
  std::string port = hp ? hp->port : std::string();
  if (IsIP(host)) return std::string(host_port);
  host = host.substr(0, host.find('.'));
  if (!port.empty()) return JoinHostPort(host, port);
  return host;
}

// model.ParseDuration in seconds.
Result<double> ParsePromDuration(std::string_view s) {
  if (s == "0") return 0.0;
  if (s.empty()) return Status::Execution("empty duration string");
  static const std::pair<std::string_view, int64_t> kUnits[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"m", 60LL * 1000},
      {"s", 1000},
      {"ms", 1}};
  auto invalid = [&] {
    return Status::Execution("not a valid duration string: \"" +
                             std::string(s) + "\"");
  };
  size_t i = 0, next_unit = 0;
  int64_t total_ms = 0;
  bool overflow = false;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return invalid();
    std::string_view digits = s.substr(start, i - start);
    size_t u = next_unit;
    // Units must appear in order; "ms" is tried before "m".
    bool found = false;
    for (; u < std::size(kUnits); ++u) {
      std::string_view unit = kUnits[u].first;
      if (unit == "m" && s.substr(i).starts_with("ms")) continue;
      if (s.substr(i).starts_with(unit)) {
        found = true;
        break;
      }
    }
    if (!found) return invalid();
    i += kUnits[u].first.size();
    next_unit = u + 1;
    int64_t mult = kUnits[u].second;
    uint64_t n = 0;
    for (char c : digits) {
      if (n > (UINT64_MAX - 9) / 10) {
        overflow = true;
        break;
      }
      n = n * 10 + (c - '0');
    }
    if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() /
                                  1000000 / mult)) {
      overflow = true;
    } else {
      total_ms += static_cast<int64_t>(n) * mult;
      if (total_ms < 0 ||
          total_ms > std::numeric_limits<int64_t>::max() / 1000000) {
        overflow = true;
      }
    }
  }
  if (overflow) return Status::Execution("duration out of range");
  return static_cast<double>(total_ms) / 1000.0;
}

const Type* SampleListType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "[]*template.sample";
    type->kind = Kind::kList;
    type->elem = SampleType();
    return type;
  }();
  return t;
}

// What Go's template executor reports for a function that dereferences
// Prometheus's nil external URL.
Status NilURL() {
  return Status::Execution(
      "runtime error: invalid memory address or nil pointer dereference");
}

// The functions whose behaviour depends on the evaluation (query, time,
// external URL). `ctx` must outlive the functions.
void AddContextFuncs(FuncMap& m, const PrometheusContext* ctx) {
  m["query"] =
      MakeFunc("query", {StringType()}, false,
               [ctx](const Value&, Args a) -> Result<Value> {
                 if (!ctx->query) {
                   return Status::Execution("no query function to run \"" +
                                            a[0].AsString() + "\"");
                 }
                 Result<promql::Vector> v =
                     ctx->query(a[0].AsString(), ctx->timestamp_ms);
                 if (!v.ok()) return v.status();
                 return QueryResultValue(*v);
               });
  m["externalURL"] = MakeFunc("externalURL", {}, false,
                              [ctx](const Value&, Args) -> Result<Value> {
                                if (!ctx->has_external_url) return NilURL();
                                return Value::String(ctx->external_url);
                              });
  m["pathPrefix"] = MakeFunc(
      "pathPrefix", {}, false, [ctx](const Value&, Args) -> Result<Value> {
        if (!ctx->has_external_url) return NilURL();
        std::string_view url = ctx->external_url;
        size_t scheme = url.find("://");
        if (scheme != std::string_view::npos) {
          url.remove_prefix(scheme + 3);
          size_t slash = url.find('/');
          url = slash == std::string_view::npos ? std::string_view()
                                                : url.substr(slash);
        }
        url = url.substr(0, url.find_first_of("?#"));
        return Value::String(std::string(url));
      });
}

// first, label, value, strvalue and sortByLabel: functions on query results.
void AddSampleFuncs(FuncMap& m) {
  const Type* s = StringType();
  const Type* sample = SampleType();
  auto add = [&m](Func f) {
    std::string name = f.name;
    m[name] = std::move(f);
  };
  add(MakeFunc("first", {QueryResultType()}, false,
               [](const Value&, Args a) -> Result<Value> {
                 std::span<const Value> v = a[0].AsList();
                 if (v.empty()) {
                   return Status::Execution(
                       "first() called on vector with no elements");
                 }
                 return v[0];
               }));
  add(MakeFunc("label", {s, sample}, false,
               [](const Value&, Args a) -> Result<Value> {
                 if (a[1].is_nil()) return NilDereference();
                 const Value* v = a[1].Fields()[0].MapGet(a[0].AsString());
                 return v ? *v : Value::String("");
               }));
  add(MakeFunc("value", {sample}, false,
               [](const Value&, Args a) -> Result<Value> {
                 if (a[0].is_nil()) return NilDereference();
                 return a[0].Fields()[1];
               }));
  add(MakeFunc("strvalue", {sample}, false,
               [](const Value&, Args a) -> Result<Value> {
                 if (a[0].is_nil()) return NilDereference();
                 const Value* v = a[0].Fields()[0].MapGet("__value__");
                 return v ? *v : Value::String("");
               }));
  add(MakeFunc("sortByLabel", {s, QueryResultType()}, false,
               [](const Value&, Args a) -> Result<Value> {
                 std::vector<Value> v(a[1].AsList().begin(),
                                      a[1].AsList().end());
                 const std::string& label = a[0].AsString();
                 auto key = [&label](const Value& smpl) -> std::string {
                   if (smpl.is_nil()) return "";
                   const Value* l = smpl.Fields()[0].MapGet(label);
                   return l ? l->AsString() : "";
                 };
                 std::stable_sort(v.begin(), v.end(),
                                  [&](const Value& x, const Value& y) {
                                    return key(x) < key(y);
                                  });
                 return Value::List(a[1].type(), std::move(v));
               }));
}

// args, reReplaceAll, safeHtml, match, title, toUpper, toLower, graphLink,
// tableLink: string functions.
void AddStringFuncs(FuncMap& m) {
  const Type* s = StringType();
  auto add = [&m](Func f) {
    std::string name = f.name;
    m[name] = std::move(f);
  };
  add(MakeFunc("args", {InterfaceType()}, true,
               [](const Value&, Args a) -> Result<Value> {
                 std::vector<Value::Entry> entries;
                 for (size_t i = 0; i < a.size(); ++i) {
                   entries.emplace_back("arg" + std::to_string(i), a[i]);
                 }
                 return Value::Map(InterfaceMapType(), std::move(entries));
               }));
  add(MakeFunc("reReplaceAll", {s, s, s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 Result<std::string> r = RegexpReplaceAllString(
                     a[0].AsString(), a[2].AsString(), a[1].AsString());
                 if (!r.ok()) return r.status();
                 return Value::String(std::move(*r));
               }));
  add(MakeFunc("safeHtml", {s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 return Value::Scalar(HTMLType(), a[0].AsString());
               }));
  add(MakeFunc(
      "match", {s, s}, false, [](const Value&, Args a) -> Result<Value> {
        Result<bool> r = RegexpMatchString(a[0].AsString(), a[1].AsString());
        if (!r.ok()) return r.status();
        return Value::Bool(*r);
      }));
  add(StringFunc("title", StringsTitle));
  add(StringFunc("toUpper", ToUpper));
  add(StringFunc("toLower", ToLower));
  add(StringFunc("graphLink", GraphLink));
  add(StringFunc("tableLink", TableLink));
}

// stripPort, stripDomain, humanize*, toTime, parseDuration.
void AddConversionFuncs(FuncMap& m) {
  const Type* s = StringType();
  auto add = [&m](Func f) {
    std::string name = f.name;
    m[name] = std::move(f);
  };
  add(StringFunc("stripPort", StripPort));
  add(StringFunc("stripDomain", StripDomain));
  add(NumberFunc("humanize", Humanize));
  add(NumberFunc("humanize1024", Humanize1024));
  add(NumberFunc("humanizeDuration", HumanizeDuration));
  add(NumberFunc("humanizePercentage", HumanizePercentage));
  add(MakeFunc("humanizeTimestamp", {InterfaceType()}, false,
               [](const Value&, Args a) -> Result<Value> {
                 Result<double> v = ConvertToFloat(a[0]);
                 if (!v.ok()) return v.status();
                 Result<std::string> t = HumanizeTimestamp(*v);
                 if (!t.ok()) return t.status();
                 return Value::String(std::move(*t));
               }));
  add(MakeFunc("toTime", {InterfaceType()}, false,
               [](const Value&, Args a) -> Result<Value> {
                 Result<double> v = ConvertToFloat(a[0]);
                 if (!v.ok()) return v.status();
                 if (std::isnan(*v) || std::isinf(*v)) {
                   return Status::Execution("value is NaN or Inf");
                 }
                 Result<GoTime> t = FloatToTime(*v);
                 if (!t.ok()) return t.status();
                 return TimePtrValue(*t);
               }));
  add(MakeFunc("parseDuration", {s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 Result<double> d = ParsePromDuration(a[0].AsString());
                 if (!d.ok()) return d.status();
                 return Value::Float(*d);
               }));
}

// The functions that do not depend on the evaluation.
FuncMap StaticFuncs() {
  FuncMap m;
  AddSampleFuncs(m);
  AddStringFuncs(m);
  AddConversionFuncs(m);
  return m;
}

// The set every rule template is parsed with: the static functions plus
// placeholders for the evaluation-bound ones (overridden at expansion).
const FuncMap& ParseFuncs() {
  static const FuncMap* funcs = [] {
    auto* m = new FuncMap(StaticFuncs());
    static const PrometheusContext kNoContext;
    AddContextFuncs(*m, &kNoContext);
    return m;
  }();
  return *funcs;
}

}  // namespace

const Type* SampleType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "*template.sample";
    type->kind = Kind::kStruct;
    type->pointer = true;
    type->fields = {{"Labels", StringMapType()}, {"Value", Float64Type()}};
    return type;
  }();
  return t;
}

const Type* QueryResultType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "template.queryResult";
    type->kind = Kind::kList;
    type->elem = SampleType();
    type->underlying = SampleListType();
    return type;
  }();
  return t;
}

Value QueryResultValue(const promql::Vector& vector) {
  std::vector<Value> samples;
  samples.reserve(vector.size());
  for (const promql::Sample& s : vector) {
    samples.push_back(Value::Struct(
        SampleType(), {Value::StringMap(s.metric), Value::Float(s.v)}));
  }
  return Value::List(QueryResultType(), std::move(samples));
}

const Type* AlertTemplateDataType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name =
        "struct { Labels map[string]string; ExternalLabels "
        "map[string]string; ExternalURL string; Value float64 }";
    type->kind = Kind::kStruct;
    type->fields = {{"Labels", StringMapType()},
                    {"ExternalLabels", StringMapType()},
                    {"ExternalURL", StringType()},
                    {"Value", Float64Type()}};
    return type;
  }();
  return t;
}

Value AlertTemplateData(const promql::Labels& labels,
                        const promql::Labels& external_labels,
                        std::string_view external_url, double value) {
  return Value::Struct(
      AlertTemplateDataType(),
      {Value::StringMap(labels), Value::StringMap(external_labels),
       Value::String(std::string(external_url)), Value::Float(value)});
}

FuncMap PrometheusFuncs(const PrometheusContext& ctx) {
  FuncMap m = StaticFuncs();
  // The context-bound functions own a copy of the context.
  auto owned = std::make_shared<const PrometheusContext>(ctx);
  FuncMap bound;
  AddContextFuncs(bound, owned.get());
  for (auto& [name, f] : bound) {
    Func::Fn inner = std::move(f.fn);
    f.fn = [owned, inner](const Value& recv, Args a) { return inner(recv, a); };
    m[name] = std::move(f);
  }
  return m;
}

Result<std::string> ExpandTemplate(std::string_view name, std::string_view text,
                                   const Value& data,
                                   const PrometheusContext& ctx) {
  Template t{std::string(name)};
  t.AddFuncs(ParseFuncs());
  t.set_missing_key(MissingKey::kZero);
  Status parsed = t.Parse(text);
  if (!parsed.ok()) {
    return Status::InvalidArgument("error parsing template " +
                                   std::string(name) + ": " + parsed.message());
  }
  FuncMap bound;
  AddContextFuncs(bound, &ctx);
  std::string out;
  Status s = t.ExecuteTo(out, name, data, &bound);
  if (!s.ok()) {
    return Status::Execution("error executing template " + std::string(name) +
                             ": " + s.message());
  }
  return out;
}

RuleTemplate RuleTemplate::Parse(std::string_view alert_name,
                                 std::string_view text) {
  RuleTemplate r;
  r.name_ = "__alert_" + std::string(alert_name);
  r.text_ = std::string(text);
  if (text.find("{{") == std::string_view::npos) {
    r.plain_ = true;
    return r;
  }
  auto set = std::make_shared<Template>(r.name_);
  set->AddFuncs(ParseFuncs());
  set->set_missing_key(MissingKey::kZero);
  r.parse_status_ = set->Parse(std::string(kPreamble) + std::string(text));
  r.set_ = std::move(set);
  return r;
}

std::string RuleTemplate::Expand(const Value& data,
                                 const PrometheusContext& ctx,
                                 Status* error) const {
  Status s;
  std::string out;
  if (plain_) {
    out = text_;
  } else if (!parse_status_.ok()) {
    s = Status::InvalidArgument("error parsing template " + name_ + ": " +
                                parse_status_.message());
  } else {
    FuncMap bound;
    AddContextFuncs(bound, &ctx);
    Status e = set_->ExecuteTo(out, name_, data, &bound);
    if (!e.ok()) {
      s = Status::Execution("error executing template " + name_ + ": " +
                            e.message());
    }
  }
  if (error != nullptr) *error = s;
  if (!s.ok()) return "<error expanding template: " + s.message() + ">";
  return out;
}

Status CheckRuleTemplate(std::string_view alert_name, std::string_view text) {
  return RuleTemplate::Parse(alert_name, text).parse_status();
}

std::string GraphLink(std::string_view expr) {
  return "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=0";
}

std::string TableLink(std::string_view expr) {
  return "/graph?g0.expr=" + QueryEscape(expr) + "&g0.tab=1";
}

}  // namespace tocsin::tmpl
