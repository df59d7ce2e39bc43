// Function and method calls: argument counts, Go's conversions of
// arguments to parameter types, and the lazy and/or.

#include "go/strconv.h"
#include "template/exec_state.h"

namespace tocsin::tmpl::exec_internal {

Value State::EvalFunction(const Value& dot, const IdentifierNode& id,
                          const Node& cmd, Args args, const Value* final) {
  At(&id);
  bool is_builtin = false;
  const Func* fn = nullptr;
  if (funcs_ != nullptr) {
    auto it = funcs_->find(id.ident);
    if (it != funcs_->end()) fn = &it->second;
  }
  if (fn == nullptr) fn = set_.FindFunction(id.ident, &is_builtin);
  if (fn == nullptr) {
    Errorf(go::Quote(id.ident) + " is not a defined function");
    return Value();
  }
  return EvalCall(dot, *fn, is_builtin, cmd, id.ident, args, final, Value());
}

Value State::EvalCall(const Value& dot, const Func& fn, bool is_builtin,
                      const Node& node, std::string_view name, Args args,
                      const Value* final, const Value& receiver) {
  size_t num_in = args.size() + (final != nullptr ? 1 : 0);
  size_t num_params = fn.params.size();
  size_t num_fixed = args.size();
  if (fn.variadic) {
    num_fixed = num_params - 1;
    if (num_in < num_fixed) {
      Errorf("wrong number of args for " + std::string(name) +
             ": want at least " + std::to_string(num_params - 1) + " got " +
             std::to_string(args.size()));
      return Value();
    }
  } else if (num_in != num_params) {
    Errorf("wrong number of args for " + std::string(name) + ": want " +
           std::to_string(num_params) + " got " + std::to_string(num_in));
    return Value();
  }
  if (is_builtin && (name == "and" || name == "or")) {
    // and/or evaluate their arguments lazily.
    const Type* arg_type = fn.params[0];
    bool is_or = name == "or";
    Value v;
    for (const NodePtr& arg : args) {
      v = EvalArg(dot, arg_type, *arg);
      if (failed()) return Value();
      if (IsTrue(v) == is_or) return v;
    }
    if (final != nullptr) v = ValidateType(*final, arg_type);
    return v;
  }
  std::vector<Value> argv;
  argv.reserve(num_in);
  size_t i = 0;
  for (; i < num_fixed && i < args.size(); ++i) {
    argv.push_back(EvalArg(dot, fn.params[i], *args[i]));
    if (failed()) return Value();
  }
  if (fn.variadic) {
    const Type* elem = fn.params.back();
    for (; i < args.size(); ++i) {
      argv.push_back(EvalArg(dot, elem, *args[i]));
      if (failed()) return Value();
    }
  }
  if (final != nullptr) {
    const Type* t = fn.params.back();
    if (fn.variadic && num_in - 1 < num_fixed) t = fn.params[num_in - 1];
    argv.push_back(ValidateType(*final, t));
    if (failed()) return Value();
  }
  Result<Value> result = fn.fn(receiver, argv);
  if (!result.ok()) {
    At(&node);
    Errorf("error calling " + std::string(name) + ": " +
           result.status().message());
    return Value();
  }
  return std::move(*result);
}

Value State::ValidateType(const Value& v, const Type* typ) {
  if (!v.valid()) {
    if (typ == nullptr) return Value();
    if (CanBeNil(typ)) return Value::Zero(typ);
    Errorf("invalid value; expected " + typ->name);
    return Value();
  }
  if (typ == nullptr || typ->kind == Kind::kReflectValue) return v;
  if (typ->kind == Kind::kInterface && IsNilInterface(v)) return v;
  if (!AssignableTo(v.type(), typ)) {
    Errorf("wrong type for value; expected " + typ->name + "; got " +
           v.type()->name);
    return Value();
  }
  return v;
}

Value State::EvalArg(const Value& dot, const Type* typ, const Node& n) {
  At(&n);
  switch (n.type) {
    case NodeType::kDot:
      return ValidateType(dot, typ);
    case NodeType::kNil:
      if (typ != nullptr && CanBeNil(typ)) return Value::Zero(typ);
      Errorf("cannot assign nil to " + (typ ? typ->name : "<nil>"));
      return Value();
    case NodeType::kField: {
      Value v =
          EvalFieldNode(dot, static_cast<const FieldNode&>(n), {}, nullptr);
      if (failed()) return Value();
      return ValidateType(v, typ);
    }
    case NodeType::kVariable: {
      Value v = EvalVariableNode(dot, static_cast<const VariableNode&>(n), {},
                                 nullptr);
      if (failed()) return Value();
      return ValidateType(v, typ);
    }
    case NodeType::kPipe: {
      Value v = EvalPipeline(dot, static_cast<const PipeNode*>(&n));
      if (failed()) return Value();
      return ValidateType(v, typ);
    }
    case NodeType::kIdentifier: {
      const auto& id = static_cast<const IdentifierNode&>(n);
      Value v = EvalFunction(dot, id, id, {}, nullptr);
      if (failed()) return Value();
      return ValidateType(v, typ);
    }
    case NodeType::kChain: {
      Value v =
          EvalChainNode(dot, static_cast<const ChainNode&>(n), {}, nullptr);
      if (failed()) return Value();
      return ValidateType(v, typ);
    }
    default:
      break;
  }
  return EvalLiteralArg(typ, n);
}

// A constant argument converted to the parameter type, as Go's evalBool,
// evalFloat, evalInteger and evalString do.
Value State::EvalLiteralArg(const Type* typ, const Node& n) {
  if (typ == nullptr) {
    Errorf("can't handle " + n.String() + " for arg of type <nil>");
    return Value();
  }
  switch (typ->kind) {
    case Kind::kBool:
      if (n.type == NodeType::kBool) {
        return Value::Scalar(typ, static_cast<const BoolNode&>(n).value);
      }
      Errorf("expected bool; found " + n.String());
      return Value();
    case Kind::kFloat:
      if (n.type == NodeType::kNumber &&
          static_cast<const NumberNode&>(n).is_float) {
        return Value::Scalar(typ, static_cast<const NumberNode&>(n).float64);
      }
      Errorf("expected float; found " + n.String());
      return Value();
    case Kind::kInt:
      if (n.type == NodeType::kNumber &&
          static_cast<const NumberNode&>(n).is_int) {
        return Value::Scalar(typ, static_cast<const NumberNode&>(n).int64);
      }
      Errorf("expected integer; found " + n.String());
      return Value();
    case Kind::kString:
      if (n.type == NodeType::kString) {
        return Value::Scalar(typ, static_cast<const StringNode&>(n).text);
      }
      Errorf("expected string; found " + n.String());
      return Value();
    case Kind::kInterface:
    case Kind::kReflectValue:
      return EvalEmptyInterface(n);
    default:
      break;
  }
  Errorf("can't handle " + n.String() + " for arg of type " + typ->name);
  return Value();
}

Value State::EvalEmptyInterface(const Node& n) {
  At(&n);
  switch (n.type) {
    case NodeType::kBool:
      return Value::Bool(static_cast<const BoolNode&>(n).value);
    case NodeType::kNumber:
      return IdealConstant(static_cast<const NumberNode&>(n));
    case NodeType::kString:
      return Value::String(static_cast<const StringNode&>(n).text);
    default:
      Errorf("can't handle assignment of " + n.String() +
             " to empty interface argument");
      return Value();
  }
}

}  // namespace tocsin::tmpl::exec_internal
