// The builtin functions of text/template, with Go's argument rules and
// error texts.

#include <algorithm>

#include "template/go_fmt.h"
#include "template/go_strings.h"
#include "template/template.h"

namespace tocsin::tmpl {
namespace {

using Args = std::span<const Value>;

bool IsNilInterface(const Value& v) {
  return v.valid() && v.is_nil() && v.kind() == Kind::kInterface;
}

// Go's indirectInterface: a nil interface becomes the invalid value.
Value Concrete(const Value& v) { return IsNilInterface(v) ? Value() : v; }

Status Err(std::string message) {
  return Status::Execution(std::move(message));
}

// The name of the type a pointer points to.
std::string ElemName(const Type* t) {
  if (t->pointer && !t->name.empty() && t->name[0] == '*') {
    return t->name.substr(1);
  }
  return t->name;
}

// text/template's evalArgs: fmt.Sprint of the arguments, with the invalid
// value printed as "<no value>".
std::string EvalArgs(Args args) {
  if (args.size() == 1 && args[0].valid() && args[0].type() == StringType()) {
    return args[0].AsString();
  }
  std::vector<Value> printable;
  printable.reserve(args.size());
  for (const Value& a : args) {
    if (!a.valid() || IsNilInterface(a)) {
      printable.push_back(Value::String("<no value>"));
    } else {
      printable.push_back(a);
    }
  }
  return Sprint(printable);
}

Func Make(std::string name, std::vector<const Type*> params, bool variadic,
          Func::Fn fn) {
  Func f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.variadic = variadic;
  f.fn = std::move(fn);
  return f;
}

Result<Value> AndOr(Args args, bool is_or) {
  Value v = args[0];
  for (const Value& a : args) {
    v = a;
    if (IsTrue(Concrete(a)) == is_or) break;
  }
  return v;
}

Result<Value> Length(const Value& item) {
  if (!item.valid()) {
    return Err("reflect: call of reflect.Value.Type on zero Value");
  }
  if (item.is_nil() &&
      (item.kind() == Kind::kInterface || item.kind() == Kind::kStruct)) {
    return Err("len of nil pointer");
  }
  switch (item.kind()) {
    case Kind::kString:
    case Kind::kList:
    case Kind::kMap:
      return Value::Int(static_cast<int64_t>(item.Len()));
    default:
      return Err("len of type " + ElemName(item.type()));
  }
}

// Go's indexArg.
Result<int64_t> IndexArg(const Value& index, size_t cap) {
  if (!index.valid() || IsNilInterface(index)) {
    return Err("cannot index slice/array with nil");
  }
  if (index.kind() != Kind::kInt) {
    return Err("cannot index slice/array with type " + index.type()->name);
  }
  int64_t x = index.AsInt();
  if (x < 0 || static_cast<uint64_t>(x) > cap) {
    return Err("index out of range: " + std::to_string(x));
  }
  return x;
}

Result<Value> Index(const Value& item_in, Args indexes) {
  Value item = Concrete(item_in);
  if (!item.valid()) return Err("index of untyped nil");
  for (const Value& index_in : indexes) {
    Value index = Concrete(index_in);
    if (item.is_nil() && item.kind() == Kind::kStruct) {
      return Err("index of nil pointer");
    }
    switch (item.kind()) {
      case Kind::kList:
      case Kind::kString: {
        Result<int64_t> x = IndexArg(index, item.Len());
        if (!x.ok()) return x.status();
        if (static_cast<size_t>(*x) >= item.Len()) {
          return Err(item.kind() == Kind::kString
                         ? "reflect: string index out of range"
                         : "reflect: slice index out of range");
        }
        if (item.kind() == Kind::kString) {
          item = Value::Scalar(Uint8Type(),
                               static_cast<int64_t>(static_cast<unsigned char>(
                                   item.AsString()[*x])));
        } else {
          item = item.AsList()[*x];
        }
        break;
      }
      case Kind::kMap: {
        if (!index.valid()) {
          return Err("value is nil; should be of type string");
        }
        if (index.kind() != Kind::kString) {
          return Err("value has type " + index.type()->name +
                     "; should be string");
        }
        const Value* v = item.MapGet(index.AsString());
        item = v != nullptr ? *v : Value::Zero(item.type()->elem);
        break;
      }
      default:
        return Err("can't index item of type " + ElemName(item.type()));
    }
  }
  return item;
}

Result<Value> Slice(const Value& item_in, Args indexes) {
  Value item = Concrete(item_in);
  if (!item.valid()) return Err("slice of untyped nil");
  if (indexes.size() > 3) {
    return Err("too many slice indexes: " + std::to_string(indexes.size()));
  }
  if (item.kind() == Kind::kString) {
    if (indexes.size() == 3) return Err("cannot 3-index slice a string");
  } else if (item.kind() != Kind::kList) {
    return Err("can't slice item of type " + ElemName(item.type()));
  }
  size_t cap = item.Len();
  int64_t idx[3] = {0, static_cast<int64_t>(item.Len()), 0};
  for (size_t i = 0; i < indexes.size(); ++i) {
    Result<int64_t> x = IndexArg(Concrete(indexes[i]), cap);
    if (!x.ok()) return x.status();
    idx[i] = *x;
  }
  if (idx[0] > idx[1]) {
    return Err("invalid slice index: " + std::to_string(idx[0]) + " > " +
               std::to_string(idx[1]));
  }
  if (indexes.size() == 3 && idx[1] > idx[2]) {
    return Err("invalid slice index: " + std::to_string(idx[1]) + " > " +
               std::to_string(idx[2]));
  }
  if (item.kind() == Kind::kString) {
    return Value::Scalar(item.type(),
                         item.AsString().substr(idx[0], idx[1] - idx[0]));
  }
  std::span<const Value> all = item.AsList();
  return Value::List(item.type(), std::vector<Value>(all.begin() + idx[0],
                                                     all.begin() + idx[1]));
}

enum class Basic { kInvalid, kBool, kInt, kFloat, kString };

Basic BasicKind(const Value& v) {
  if (!v.valid() || v.is_nil()) return Basic::kInvalid;
  switch (v.kind()) {
    case Kind::kBool:
      return Basic::kBool;
    case Kind::kInt:
      return Basic::kInt;
    case Kind::kFloat:
      return Basic::kFloat;
    case Kind::kString:
      return Basic::kString;
    default:
      return Basic::kInvalid;
  }
}

bool IsNil(const Value& v) { return !v.valid() || v.is_nil(); }

bool Comparable(const Type* t) {
  if (t->kind == Kind::kList || t->kind == Kind::kMap) return false;
  if (t->kind == Kind::kStruct && !t->pointer) {
    return std::all_of(t->fields.begin(), t->fields.end(),
                       [](const Field& f) { return Comparable(f.type); });
  }
  return true;
}

bool Identical(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (BasicKind(a)) {
    case Basic::kBool:
      return a.AsBool() == b.AsBool();
    case Basic::kInt:
      return a.AsInt() == b.AsInt();
    case Basic::kFloat:
      return a.AsFloat() == b.AsFloat();
    case Basic::kString:
      return a.AsString() == b.AsString();
    case Basic::kInvalid:
      break;
  }
  if (a.type()->pointer) return a.Fields().data() == b.Fields().data();
  std::span<const Value> fa = a.Fields(), fb = b.Fields();
  for (size_t i = 0; i < fa.size() && i < fb.size(); ++i) {
    if (!Identical(fa[i], fb[i])) return false;
  }
  return a.native() == b.native();
}

std::string Describe(const Value& v) {
  std::string s;
  AppendPrint(s, v);
  return s;
}

Result<bool> Eq(const Value& arg1_in, Args arg2) {
  Value arg1 = Concrete(arg1_in);
  if (arg2.empty()) return Err("missing argument for comparison");
  Basic k1 = BasicKind(arg1);
  for (const Value& arg_in : arg2) {
    Value arg = Concrete(arg_in);
    Basic k2 = BasicKind(arg);
    bool truth = false;
    if (k1 != k2) {
      if (arg1.valid() && arg.valid()) {
        return Err("incompatible types for comparison");
      }
    } else {
      switch (k1) {
        case Basic::kBool:
          truth = arg1.AsBool() == arg.AsBool();
          break;
        case Basic::kInt:
          truth = arg1.AsInt() == arg.AsInt();
          break;
        case Basic::kFloat:
          truth = arg1.AsFloat() == arg.AsFloat();
          break;
        case Basic::kString:
          truth = arg1.AsString() == arg.AsString();
          break;
        case Basic::kInvalid:
          if (arg1.valid() && arg.valid() && arg1.kind() != arg.kind()) {
            return Err("non-comparable types " + Describe(arg1) + ": " +
                       arg1.type()->name + ", " + arg.type()->name + ": " +
                       Describe(arg));
          }
          if (IsNil(arg1) || IsNil(arg)) {
            truth = IsNil(arg) == IsNil(arg1);
          } else {
            if (!Comparable(arg.type())) {
              return Err("non-comparable type " + Describe(arg) + ": " +
                         arg.type()->name);
            }
            truth = Identical(arg1, arg);
          }
          break;
      }
    }
    if (truth) return true;
  }
  return false;
}

Result<bool> Lt(const Value& a_in, const Value& b_in) {
  Value a = Concrete(a_in), b = Concrete(b_in);
  Basic k1 = BasicKind(a);
  if (k1 == Basic::kInvalid) return Err("invalid type for comparison");
  Basic k2 = BasicKind(b);
  if (k2 == Basic::kInvalid) return Err("invalid type for comparison");
  if (k1 != k2) return Err("incompatible types for comparison");
  switch (k1) {
    case Basic::kInt:
      return a.AsInt() < b.AsInt();
    case Basic::kFloat:
      return a.AsFloat() < b.AsFloat();
    case Basic::kString:
      return a.AsString() < b.AsString();
    default:
      return Err("invalid type for comparison");
  }
}

Result<bool> Le(const Value& a, const Value& b) {
  Result<bool> lt = Lt(a, b);
  if (!lt.ok() || *lt) return lt;
  return Eq(a, std::span<const Value>(&b, 1));
}

Result<Value> BoolResult(Result<bool> r, bool negate = false) {
  if (!r.ok()) return r.status();
  return Value::Bool(negate ? !*r : *r);
}

FuncMap MakeBuiltins() {
  const Type* rv = ReflectValueType();
  const Type* any = InterfaceType();
  FuncMap m;
  auto add = [&m](Func f) {
    std::string name = f.name;
    m.emplace(std::move(name), std::move(f));
  };
  add(Make("and", {rv, rv}, true,
           [](const Value&, Args a) { return AndOr(a, false); }));
  add(Make("or", {rv, rv}, true,
           [](const Value&, Args a) { return AndOr(a, true); }));
  add(Make("not", {rv}, false, [](const Value&, Args a) -> Result<Value> {
    return Value::Bool(!IsTrue(Concrete(a[0])));
  }));
  add(Make("len", {rv}, false,
           [](const Value&, Args a) { return Length(a[0]); }));
  add(Make("index", {rv, rv}, true,
           [](const Value&, Args a) { return Index(a[0], a.subspan(1)); }));
  add(Make("slice", {rv, rv}, true,
           [](const Value&, Args a) { return Slice(a[0], a.subspan(1)); }));
  add(Make("call", {rv, rv}, true, [](const Value&, Args a) -> Result<Value> {
    Value fn = Concrete(a[0]);
    if (!fn.valid()) return Err("call of nil");
    return Err("non-function of type " + fn.type()->name);
  }));
  add(Make("print", {any}, true, [](const Value&, Args a) -> Result<Value> {
    return Value::String(Sprint(a));
  }));
  add(Make("println", {any}, true, [](const Value&, Args a) -> Result<Value> {
    return Value::String(Sprintln(a));
  }));
  add(Make("printf", {StringType(), any}, true,
           [](const Value&, Args a) -> Result<Value> {
             return Value::String(Sprintf(a[0].AsString(), a.subspan(1)));
           }));
  add(Make("html", {any}, true, [](const Value&, Args a) -> Result<Value> {
    return Value::String(HTMLEscapeString(EvalArgs(a)));
  }));
  add(Make("js", {any}, true, [](const Value&, Args a) -> Result<Value> {
    return Value::String(JSEscapeString(EvalArgs(a)));
  }));
  add(Make("urlquery", {any}, true, [](const Value&, Args a) -> Result<Value> {
    return Value::String(QueryEscape(EvalArgs(a)));
  }));
  add(Make("eq", {rv, rv}, true, [](const Value&, Args a) {
    return BoolResult(Eq(a[0], a.subspan(1)));
  }));
  add(Make("ne", {rv, rv}, false, [](const Value&, Args a) {
    return BoolResult(Eq(a[0], a.subspan(1)), true);
  }));
  add(Make("lt", {rv, rv}, false,
           [](const Value&, Args a) { return BoolResult(Lt(a[0], a[1])); }));
  add(Make("le", {rv, rv}, false,
           [](const Value&, Args a) { return BoolResult(Le(a[0], a[1])); }));
  add(Make("gt", {rv, rv}, false, [](const Value&, Args a) {
    return BoolResult(Le(a[0], a[1]), true);
  }));
  add(Make("ge", {rv, rv}, false, [](const Value&, Args a) {
    return BoolResult(Lt(a[0], a[1]), true);
  }));
  return m;
}

}  // namespace

const FuncMap& Builtins() {
  static const FuncMap* builtins = new FuncMap(MakeBuiltins());
  return *builtins;
}

}  // namespace tocsin::tmpl
