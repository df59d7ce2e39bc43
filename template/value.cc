#include "template/value.h"

#include <algorithm>

namespace tocsin::tmpl {
namespace {

Type MakeBasic(std::string name, Kind kind) {
  Type t;
  t.name = std::move(name);
  t.kind = kind;
  return t;
}

Type MakeContainer(std::string name, Kind kind, const Type* elem) {
  Type t = MakeBasic(std::move(name), kind);
  t.elem = elem;
  return t;
}

const Type* Underlying(const Type* t) {
  return t->underlying != nullptr ? t->underlying : t;
}

}  // namespace

const Type* BoolType() {
  static const Type t = MakeBasic("bool", Kind::kBool);
  return &t;
}
const Type* IntType() {
  static const Type t = MakeBasic("int", Kind::kInt);
  return &t;
}
const Type* Int64Type() {
  static const Type t = MakeBasic("int64", Kind::kInt);
  return &t;
}
const Type* Uint8Type() {
  static const Type t = MakeBasic("uint8", Kind::kInt);
  return &t;
}
const Type* Float64Type() {
  static const Type t = MakeBasic("float64", Kind::kFloat);
  return &t;
}
const Type* StringType() {
  static const Type t = MakeBasic("string", Kind::kString);
  return &t;
}
const Type* InterfaceType() {
  static const Type t = MakeBasic("interface {}", Kind::kInterface);
  return &t;
}
const Type* ReflectValueType() {
  static const Type t = MakeBasic("reflect.Value", Kind::kReflectValue);
  return &t;
}
const Type* StringListType() {
  static const Type t = MakeContainer("[]string", Kind::kList, StringType());
  return &t;
}
const Type* InterfaceListType() {
  static const Type t =
      MakeContainer("[]interface {}", Kind::kList, InterfaceType());
  return &t;
}
const Type* StringMapType() {
  static const Type t =
      MakeContainer("map[string]string", Kind::kMap, StringType());
  return &t;
}
const Type* InterfaceMapType() {
  static const Type t =
      MakeContainer("map[string]interface {}", Kind::kMap, InterfaceType());
  return &t;
}

const Func* Type::FindMethod(std::string_view method) const {
  for (const Func& f : methods) {
    if (f.name == method) return &f;
  }
  return nullptr;
}

int Type::FieldIndex(std::string_view field) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return static_cast<int>(i);
  }
  return -1;
}

bool AssignableTo(const Type* from, const Type* to) {
  if (from == to) return true;
  if (to->kind == Kind::kInterface || to->kind == Kind::kReflectValue) {
    return true;
  }
  // Identical underlying types, at least one of them unnamed.
  if (Underlying(from) != Underlying(to)) return false;
  return from->underlying == nullptr || to->underlying == nullptr;
}

Value Value::Bool(bool b) {
  Value v;
  v.type_ = BoolType();
  v.data_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.type_ = IntType();
  v.data_ = i;
  return v;
}

Value Value::Float(double f) {
  Value v;
  v.type_ = Float64Type();
  v.data_ = f;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.type_ = StringType();
  v.data_ = std::move(s);
  return v;
}

Value Value::Scalar(const Type* type,
                    std::variant<bool, int64_t, double, std::string> s) {
  Value v;
  v.type_ = type;
  std::visit([&](auto&& x) { v.data_ = std::move(x); }, std::move(s));
  return v;
}

Value Value::Nil(const Type* type) {
  Value v;
  v.type_ = type;
  v.nil_ = true;
  if (type->kind == Kind::kList || type->kind == Kind::kMap) {
    v.data_ = std::make_shared<const Rep>();
  }
  return v;
}

Value Value::List(const Type* type, std::vector<Value> items) {
  Value v;
  v.type_ = type;
  auto rep = std::make_shared<Rep>();
  rep->items = std::move(items);
  v.data_ = std::shared_ptr<const Rep>(std::move(rep));
  return v;
}

Value Value::Map(const Type* type, std::vector<Entry> entries) {
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const Entry& a, const Entry& b) { return a.first < b.first; });
  // Keep the last of repeated keys.
  std::vector<Entry> unique;
  unique.reserve(entries.size());
  for (Entry& e : entries) {
    if (!unique.empty() && unique.back().first == e.first) {
      unique.back() = std::move(e);
    } else {
      unique.push_back(std::move(e));
    }
  }
  Value v;
  v.type_ = type;
  auto rep = std::make_shared<Rep>();
  rep->entries = std::move(unique);
  v.data_ = std::shared_ptr<const Rep>(std::move(rep));
  return v;
}

Value Value::Struct(const Type* type, std::vector<Value> fields,
                    std::shared_ptr<const void> native) {
  Value v;
  v.type_ = type;
  auto rep = std::make_shared<Rep>();
  rep->items = std::move(fields);
  rep->native = std::move(native);
  v.data_ = std::shared_ptr<const Rep>(std::move(rep));
  return v;
}

Value Value::StringMap(const promql::Labels& labels) {
  Value v;
  v.type_ = StringMapType();
  auto rep = std::make_shared<Rep>();
  rep->entries.reserve(labels.size());
  for (promql::LabelView l : labels) {
    rep->entries.emplace_back(std::string(l.name),
                              Value::String(std::string(l.value)));
  }
  v.data_ = std::shared_ptr<const Rep>(std::move(rep));
  return v;
}

Value Value::StringMap(std::vector<Entry> entries) {
  return Map(StringMapType(), std::move(entries));
}

Value Value::StringList(std::vector<std::string> items) {
  std::vector<Value> values;
  values.reserve(items.size());
  for (std::string& s : items) values.push_back(Value::String(std::move(s)));
  return List(StringListType(), std::move(values));
}

Value Value::Zero(const Type* type) {
  switch (type->kind) {
    case Kind::kBool:
      return Scalar(type, false);
    case Kind::kInt:
      return Scalar(type, int64_t{0});
    case Kind::kFloat:
      return Scalar(type, 0.0);
    case Kind::kString:
      return Scalar(type, std::string());
    case Kind::kList:
    case Kind::kMap:
    case Kind::kInterface:
      return Nil(type);
    case Kind::kStruct: {
      if (type->pointer) return Nil(type);
      std::vector<Value> fields;
      for (const Field& f : type->fields) fields.push_back(Zero(f.type));
      return Struct(type, std::move(fields));
    }
    case Kind::kReflectValue:
      return Value();
  }
  return Value();
}

Kind Value::kind() const { return type_->kind; }

std::span<const Value> Value::AsList() const {
  const auto* rep = std::get_if<std::shared_ptr<const Rep>>(&data_);
  if (rep == nullptr || *rep == nullptr) return {};
  return (*rep)->items;
}

std::span<const Value::Entry> Value::AsMap() const {
  const auto* rep = std::get_if<std::shared_ptr<const Rep>>(&data_);
  if (rep == nullptr || *rep == nullptr) return {};
  return (*rep)->entries;
}

std::span<const Value> Value::Fields() const { return AsList(); }

const void* Value::native() const {
  const auto* rep = std::get_if<std::shared_ptr<const Rep>>(&data_);
  if (rep == nullptr || *rep == nullptr) return nullptr;
  return (*rep)->native.get();
}

const Value* Value::MapGet(std::string_view key) const {
  std::span<const Entry> entries = AsMap();
  auto it = std::lower_bound(
      entries.begin(), entries.end(), key,
      [](const Entry& e, std::string_view k) { return e.first < k; });
  if (it == entries.end() || it->first != key) return nullptr;
  return &it->second;
}

const Value* Value::FieldByName(std::string_view name) const {
  int i = type_->FieldIndex(name);
  if (i < 0 || is_nil()) return nullptr;
  return &AsList()[i];
}

size_t Value::Len() const {
  switch (type_->kind) {
    case Kind::kString:
      return AsString().size();
    case Kind::kList:
      return AsList().size();
    case Kind::kMap:
      return AsMap().size();
    default:
      return 0;
  }
}

bool IsTrue(const Value& v) {
  if (!v.valid()) return false;
  if (v.is_nil()) return false;
  switch (v.kind()) {
    case Kind::kBool:
      return v.AsBool();
    case Kind::kInt:
      return v.AsInt() != 0;
    case Kind::kFloat:
      return v.AsFloat() != 0;
    case Kind::kString:
    case Kind::kList:
    case Kind::kMap:
      return v.Len() > 0;
    case Kind::kStruct:
      return true;
    case Kind::kInterface:
    case Kind::kReflectValue:
      return false;
  }
  return false;
}

}  // namespace tocsin::tmpl
