#include "template/alertmanager.h"

#include <algorithm>
#include <map>

#include "template/go_regexp.h"
#include "template/go_strings.h"

namespace tocsin::tmpl {
namespace {

using Args = std::span<const Value>;

Func MakeFunc(std::string name, std::vector<const Type*> params, bool variadic,
              Func::Fn fn) {
  Func f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.variadic = variadic;
  f.fn = std::move(fn);
  return f;
}

// KV.SortedPairs: "alertname" first, then the other names in order.
Value SortedPairs(const Value& kv) {
  std::vector<Value> pairs;
  std::span<const Value::Entry> entries = kv.AsMap();
  pairs.reserve(entries.size());
  auto add = [&](const Value::Entry& e) {
    pairs.push_back(
        Value::Struct(PairType(), {Value::String(e.first), e.second}));
  };
  for (const Value::Entry& e : entries) {
    if (e.first == "alertname") add(e);
  }
  for (const Value::Entry& e : entries) {
    if (e.first != "alertname") add(e);
  }
  return Value::List(PairsType(), std::move(pairs));
}

Value PairField(const Value& pairs, int field) {
  std::vector<Value> out;
  for (const Value& p : pairs.AsList()) out.push_back(p.Fields()[field]);
  return Value::List(StringListType(), std::move(out));
}

Value FilterAlerts(const Value& alerts, std::string_view status) {
  std::vector<Value> out;
  for (const Value& a : alerts.AsList()) {
    if (a.Fields()[0].AsString() == status) out.push_back(a);
  }
  return Value::List(AmAlertSliceType(), std::move(out));
}

Type* NewType(std::string name, Kind kind) {
  auto* t = new Type;
  t->name = std::move(name);
  t->kind = kind;
  return t;
}

const Type* PairSliceType() {
  static const Type* t = [] {
    Type* type = NewType("[]template.Pair", Kind::kList);
    type->elem = PairType();
    return type;
  }();
  return t;
}

FuncMap MakeAlertmanagerFuncs() {
  const Type* s = StringType();
  FuncMap m;
  auto add = [&m](Func f) {
    std::string name = f.name;
    m.emplace(std::move(name), std::move(f));
  };
  add(MakeFunc("toUpper", {s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 return Value::String(ToUpper(a[0].AsString()));
               }));
  add(MakeFunc("toLower", {s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 return Value::String(ToLower(a[0].AsString()));
               }));
  add(MakeFunc("title", {s}, false, [](const Value&, Args a) -> Result<Value> {
    return Value::String(CasesTitle(a[0].AsString()));
  }));
  add(MakeFunc("join", {s, StringListType()}, false,
               [](const Value&, Args a) -> Result<Value> {
                 std::string out;
                 bool first = true;
                 for (const Value& item : a[1].AsList()) {
                   if (!first) out += a[0].AsString();
                   first = false;
                   out += item.AsString();
                 }
                 return Value::String(std::move(out));
               }));
  add(MakeFunc(
      "match", {s, s}, false, [](const Value&, Args a) -> Result<Value> {
        Result<bool> r = RegexpMatchString(a[0].AsString(), a[1].AsString());
        if (!r.ok()) return r.status();
        return Value::Bool(*r);
      }));
  add(MakeFunc("safeHtml", {s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 return Value::Scalar(HTMLType(), a[0].AsString());
               }));
  add(MakeFunc("reReplaceAll", {s, s, s}, false,
               [](const Value&, Args a) -> Result<Value> {
                 Result<std::string> r = RegexpReplaceAllString(
                     a[0].AsString(), a[2].AsString(), a[1].AsString());
                 if (!r.ok()) return r.status();
                 return Value::String(std::move(*r));
               }));
  add(MakeFunc("stringSlice", {s}, true,
               [](const Value&, Args a) -> Result<Value> {
                 std::vector<Value> items(a.begin(), a.end());
                 return Value::List(StringListType(), std::move(items));
               }));
  return m;
}

}  // namespace

const Type* PairType() {
  static const Type* t = [] {
    Type* type = NewType("template.Pair", Kind::kStruct);
    type->fields = {{"Name", StringType()}, {"Value", StringType()}};
    return type;
  }();
  return t;
}

const Type* PairsType() {
  static const Type* t = [] {
    Type* type = NewType("template.Pairs", Kind::kList);
    type->elem = PairType();
    type->underlying = PairSliceType();
    type->methods.push_back(MakeFunc(
        "Names", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return PairField(recv, 0);
        }));
    type->methods.push_back(MakeFunc(
        "Values", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return PairField(recv, 1);
        }));
    return type;
  }();
  return t;
}

const Type* KVType() {
  static const Type* t = [] {
    Type* type = NewType("template.KV", Kind::kMap);
    type->elem = StringType();
    type->underlying = StringMapType();
    type->methods.push_back(MakeFunc(
        "SortedPairs", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return SortedPairs(recv);
        }));
    type->methods.push_back(MakeFunc(
        "Remove", {StringListType()}, false,
        [](const Value& recv, Args a) -> Result<Value> {
          std::vector<Value::Entry> kept;
          std::span<const Value> keys = a[0].AsList();
          for (const Value::Entry& e : recv.AsMap()) {
            bool drop = std::any_of(
                keys.begin(), keys.end(),
                [&](const Value& k) { return k.AsString() == e.first; });
            if (!drop) kept.push_back(e);
          }
          return Value::Map(KVType(), std::move(kept));
        }));
    type->methods.push_back(MakeFunc(
        "Names", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return PairField(SortedPairs(recv), 0);
        }));
    type->methods.push_back(MakeFunc(
        "Values", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return PairField(SortedPairs(recv), 1);
        }));
    return type;
  }();
  return t;
}

const Type* AmAlertType() {
  static const Type* t = [] {
    Type* type = NewType("template.Alert", Kind::kStruct);
    type->fields = {
        {"Status", StringType()},     {"Labels", KVType()},
        {"Annotations", KVType()},    {"StartsAt", TimeType()},
        {"EndsAt", TimeType()},       {"GeneratorURL", StringType()},
        {"Fingerprint", StringType()}};
    return type;
  }();
  return t;
}

const Type* AmAlertSliceType() {
  static const Type* t = [] {
    Type* type = NewType("[]template.Alert", Kind::kList);
    type->elem = AmAlertType();
    return type;
  }();
  return t;
}

const Type* AmAlertsType() {
  static const Type* t = [] {
    Type* type = NewType("template.Alerts", Kind::kList);
    type->elem = AmAlertType();
    type->underlying = AmAlertSliceType();
    type->methods.push_back(MakeFunc(
        "Firing", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return FilterAlerts(recv, "firing");
        }));
    type->methods.push_back(MakeFunc(
        "Resolved", {}, false, [](const Value& recv, Args) -> Result<Value> {
          return FilterAlerts(recv, "resolved");
        }));
    return type;
  }();
  return t;
}

namespace {

Type* MakeDataType(const char* name, bool pointer) {
  Type* type = NewType(name, Kind::kStruct);
  type->pointer = pointer;
  type->fields = {{"Receiver", StringType()},   {"Status", StringType()},
                  {"Alerts", AmAlertsType()},   {"GroupLabels", KVType()},
                  {"CommonLabels", KVType()},   {"CommonAnnotations", KVType()},
                  {"ExternalURL", StringType()}};
  return type;
}

}  // namespace

const Type* AmDataType() {
  static const Type* t = MakeDataType("template.Data", false);
  return t;
}

const Type* AmDataPtrType() {
  static const Type* t = MakeDataType("*template.Data", true);
  return t;
}

Value KVValue(KVPairs pairs) {
  std::vector<Value::Entry> entries;
  entries.reserve(pairs.size());
  for (auto& [k, v] : pairs) {
    entries.emplace_back(std::move(k), Value::String(std::move(v)));
  }
  return Value::Map(KVType(), std::move(entries));
}

Value AmAlertValue(const AmAlert& a) {
  return Value::Struct(
      AmAlertType(),
      {Value::String(a.status), KVValue(a.labels), KVValue(a.annotations),
       TimeValue(a.starts_at), TimeValue(a.ends_at),
       Value::String(a.generator_url), Value::String(a.fingerprint)});
}

Value AmDataValue(const AmData& d, bool pointer) {
  std::vector<Value> alerts;
  alerts.reserve(d.alerts.size());
  for (const AmAlert& a : d.alerts) alerts.push_back(AmAlertValue(a));
  return Value::Struct(
      pointer ? AmDataPtrType() : AmDataType(),
      {Value::String(d.receiver), Value::String(d.status),
       Value::List(AmAlertsType(), std::move(alerts)), KVValue(d.group_labels),
       KVValue(d.common_labels), KVValue(d.common_annotations),
       Value::String(d.external_url)});
}

namespace {

// The pairs of `common` that `other` has with the same value.
KVPairs Intersect(const KVPairs& common, const KVPairs& other) {
  std::map<std::string_view, std::string_view> index;
  for (const auto& [k, v] : other) index[k] = v;
  KVPairs out;
  for (const auto& [k, v] : common) {
    auto it = index.find(k);
    std::string_view ov = it == index.end() ? std::string_view() : it->second;
    if (ov == v) out.emplace_back(k, v);
  }
  return out;
}

}  // namespace

AmData MakeAmData(std::string_view receiver, const KVPairs& group_labels,
                  std::vector<AmAlert> alerts, std::string_view external_url) {
  AmData d;
  d.receiver = QuoteMeta(receiver);
  d.status = "resolved";
  for (const AmAlert& a : alerts) {
    if (a.status == "firing") d.status = "firing";
  }
  d.group_labels = group_labels;
  if (!alerts.empty()) {
    d.common_labels = alerts[0].labels;
    d.common_annotations = alerts[0].annotations;
    for (size_t i = 1; i < alerts.size(); ++i) {
      if (d.common_labels.empty() && d.common_annotations.empty()) break;
      d.common_labels = Intersect(d.common_labels, alerts[i].labels);
      d.common_annotations =
          Intersect(d.common_annotations, alerts[i].annotations);
    }
  }
  d.alerts = std::move(alerts);
  d.external_url = std::string(external_url);
  return d;
}

const FuncMap& AlertmanagerFuncs() {
  static const FuncMap* funcs = new FuncMap(MakeAlertmanagerFuncs());
  return *funcs;
}

Result<AlertmanagerTemplate> AlertmanagerTemplate::Create(
    const std::vector<std::string>& defaults,
    const std::vector<std::pair<std::string, std::string>>& files) {
  AlertmanagerTemplate t;
  t.set_.AddFuncs(AlertmanagerFuncs());
  t.set_.set_missing_key(MissingKey::kZero);
  for (const std::string& text : defaults) {
    Status s = t.set_.Parse(text);
    if (!s.ok()) return s;
  }
  for (const auto& [name, text] : files) {
    Status s = t.set_.ParseNamed(name, text);
    if (!s.ok()) return s;
  }
  return t;
}

Result<std::string> AlertmanagerTemplate::ExecuteText(std::string_view text,
                                                      const Value& data) const {
  if (text.empty()) return std::string();
  Template tmpl = set_;
  Status s = tmpl.Parse(text);
  if (!s.ok()) return s;
  return tmpl.Execute(data);
}

Result<std::string> AlertmanagerTemplate::ExecuteHTML(std::string_view text,
                                                      const Value& data) const {
  if (text.empty()) return std::string();
  Template tmpl = set_;
  Status s = tmpl.Parse(text);
  if (!s.ok()) return s;
  Result<Template> escaped = EscapeHTML(tmpl, tmpl.name());
  if (!escaped.ok()) return escaped.status();
  return escaped->Execute(data);
}

Result<std::string> AlertmanagerTemplate::ExecuteNamed(
    std::string_view name, const Value& data) const {
  return set_.ExecuteNamed(name, data);
}

}  // namespace tocsin::tmpl
