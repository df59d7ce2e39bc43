// The data model templates execute on: a small reflection system shaped
// like the part of Go's reflect package that text/template uses.
//
// A Value is either invalid (Go's zero reflect.Value, printed "<no value>")
// or has a Type. Types carry Go's type name (for error messages and fmt's
// %T), their kind, element types, struct fields, methods callable from a
// template (`.Alerts.Firing`, `.Labels.Remove (stringSlice "a")`) and an
// optional String method that fmt uses (time.Time). Maps have string keys
// and are kept sorted by key, which is the order Go's range and fmt use.
//
// Values are immutable and cheap to copy (containers share their storage),
// so they may be shared between threads. Types are created once (function
// local statics) and never destroyed.

#ifndef TOCSIN_TEMPLATE_VALUE_H_
#define TOCSIN_TEMPLATE_VALUE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::tmpl {

struct Type;

// The kinds of Go types tocsin models.
enum class Kind {
  kBool,
  kInt,    // int, int64 (signed integers)
  kFloat,  // float64
  kString,
  kList,          // slices
  kMap,           // maps with string keys
  kStruct,        // structs, or pointers to structs when Type::pointer is set
  kInterface,     // interface{}: only as a parameter or element type
  kReflectValue,  // reflect.Value: parameters that take any value as is
};

class Value {
 public:
  using Entry = std::pair<std::string, Value>;

  // The invalid value.
  Value() = default;

  static Value Bool(bool b);
  static Value Int(int64_t i);  // Go's int
  static Value Float(double f);
  static Value String(std::string s);
  // A value of a named scalar type (for example an int64 or a named string).
  static Value Scalar(const Type* type,
                      std::variant<bool, int64_t, double, std::string> v);
  // The nil of a pointer, interface, slice or map type.
  static Value Nil(const Type* type);
  static Value List(const Type* type, std::vector<Value> items);
  // `entries` need not be sorted; a repeated key keeps the last entry.
  static Value Map(const Type* type, std::vector<Entry> entries);
  // `fields` in the order of type->fields. `native` carries data that is
  // not a field (a time.Time's instant); the type's methods interpret it.
  static Value Struct(const Type* type, std::vector<Value> fields,
                      std::shared_ptr<const void> native = nullptr);
  // map[string]string and []string, the shapes templates meet most.
  static Value StringMap(const promql::Labels& labels);
  static Value StringMap(std::vector<Entry> entries);
  static Value StringList(std::vector<std::string> items);
  // The zero value of `type` (what Go's reflect.Zero gives).
  static Value Zero(const Type* type);

  bool valid() const { return type_ != nullptr; }
  const Type* type() const { return type_; }
  Kind kind() const;
  // A nil pointer, interface, slice or map.
  bool is_nil() const { return type_ != nullptr && nil_; }

  bool AsBool() const { return std::get<bool>(data_); }
  int64_t AsInt() const { return std::get<int64_t>(data_); }
  double AsFloat() const { return std::get<double>(data_); }
  const std::string& AsString() const { return std::get<std::string>(data_); }
  std::span<const Value> AsList() const;
  std::span<const Entry> AsMap() const;
  std::span<const Value> Fields() const;
  const void* native() const;
  // The entry for `key` in a map, or nullptr.
  const Value* MapGet(std::string_view key) const;
  // The struct field called `name`, or nullptr.
  const Value* FieldByName(std::string_view name) const;
  // Length of a string, list or map.
  size_t Len() const;

 private:
  struct Rep {
    std::vector<Value> items;  // list items or struct fields
    std::vector<Entry> entries;
    std::shared_ptr<const void> native;
  };

  const Type* type_ = nullptr;
  bool nil_ = false;
  std::variant<std::monostate, bool, int64_t, double, std::string,
               std::shared_ptr<const Rep>>
      data_;
};

// A function or method callable from a template. `params` are the Go
// parameter types; when `variadic` is set the last one is the element type
// of the `...` parameter. The receiver is the invalid value for functions.
// A non-OK status becomes Go's "error calling NAME: MESSAGE".
struct Func {
  using Fn = std::function<Result<Value>(const Value& receiver,
                                         std::span<const Value> args)>;
  std::string name;
  std::vector<const Type*> params;
  bool variadic = false;
  Fn fn;
};

struct Field {
  std::string name;
  const Type* type;
};

struct Type {
  std::string
      name;  // as Go prints it: "int", "template.KV", "*template.sample"
  Kind kind = Kind::kInterface;
  const Type* elem = nullptr;        // element type of lists and maps
  const Type* underlying = nullptr;  // unnamed type of a named list or map
  bool pointer = false;              // values are pointers to the struct (*T)
  std::vector<Field> fields;
  std::vector<Func> methods;
  // fmt.Stringer: used by %v, %s, %q, %x and when printing.
  std::function<std::string(const Value&)> stringer;
  // The fields fmt prints for verbs the Stringer does not serve, for types
  // whose Go fields are not exposed to templates (time.Time's wall, ext,
  // loc).
  std::function<std::vector<Value::Entry>(const Value&)> fmt_fields;

  const Func* FindMethod(std::string_view method) const;
  int FieldIndex(std::string_view field) const;
};

// Predeclared types.
const Type* BoolType();
const Type* IntType();
const Type* Int64Type();
const Type* Uint8Type();  // the byte that indexing a string yields
const Type* Float64Type();
const Type* StringType();
const Type* InterfaceType();      // interface {}
const Type* ReflectValueType();   // reflect.Value
const Type* StringListType();     // []string
const Type* InterfaceListType();  // []interface {}
const Type* StringMapType();      // map[string]string
const Type* InterfaceMapType();   // map[string]interface {}

// Go's assignability for the types tocsin models: identical types, any
// type to interface{} and reflect.Value, and a named list or map to its
// unnamed underlying type (and back).
bool AssignableTo(const Type* from, const Type* to);

// Go's truth (text/template's isTrue): false for the invalid value, false,
// 0, "", empty lists and maps and nil pointers; structs are true.
bool IsTrue(const Value& v);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_VALUE_H_
