#include "template/exec.h"

#include "go/strconv.h"
#include "template/exec_state.h"
#include "template/go_fmt.h"

namespace tocsin::tmpl {
namespace exec_internal {
namespace {

std::string PrintV(const Value& v) {
  std::string s;
  AppendPrint(s, v);
  return s;
}

}  // namespace

Status State::Run(const Tree& tree, const Value& data) {
  name_ = tree.name;
  vars_.emplace_back("$", data);
  if (!tree.root) {
    Errorf(go::Quote(tree.name) + " is an incomplete or empty template");
    return error_;
  }
  Walk(data, tree.root.get());
  return error_;
}

void State::Errorf(const std::string& message) {
  if (failed()) return;
  std::string text;
  if (node_ == nullptr) {
    text = "template: " + name_ + ": " + message;
  } else {
    ErrorContext ec = MakeErrorContext(*node_);
    text = "template: " + ec.location + ": executing " + go::Quote(name_) +
           " at <" + ec.context + ">: " + message;
  }
  error_ = Status::Execution(std::move(text));
}

void State::SetVar(const std::string& name, const Value& v) {
  for (size_t i = vars_.size(); i-- > 0;) {
    if (vars_[i].first == name) {
      vars_[i].second = v;
      return;
    }
  }
  Errorf("undefined variable: " + name);
}

Value State::VarValue(const std::string& name) {
  for (size_t i = vars_.size(); i-- > 0;) {
    if (vars_[i].first == name) return vars_[i].second;
  }
  Errorf("undefined variable: " + name);
  return Value();
}

Flow State::Walk(const Value& dot, const Node* node) {
  At(node);
  switch (node->type) {
    case NodeType::kAction: {
      const auto& a = static_cast<const ActionNode&>(*node);
      Value v = EvalPipeline(dot, a.pipe.get());
      if (failed()) return Flow::kNormal;
      if (a.pipe->decl.empty()) PrintValue(*node, v);
      return Flow::kNormal;
    }
    case NodeType::kBreak:
      return Flow::kBreak;
    case NodeType::kContinue:
      return Flow::kContinue;
    case NodeType::kComment:
      return Flow::kNormal;
    case NodeType::kIf:
    case NodeType::kWith:
      return WalkIfOrWith(dot, static_cast<const BranchNode&>(*node));
    case NodeType::kList:
      for (const NodePtr& n : static_cast<const ListNode&>(*node).nodes) {
        Flow f = Walk(dot, n.get());
        if (failed()) return Flow::kNormal;
        if (f != Flow::kNormal) return f;
      }
      return Flow::kNormal;
    case NodeType::kRange:
      WalkRange(dot, static_cast<const BranchNode&>(*node));
      return Flow::kNormal;
    case NodeType::kTemplate:
      WalkTemplate(dot, static_cast<const TemplateNode&>(*node));
      return Flow::kNormal;
    case NodeType::kText:
      out_ += static_cast<const TextNode&>(*node).text;
      return Flow::kNormal;
    default:
      Errorf("unknown node: " + node->String());
      return Flow::kNormal;
  }
}

Flow State::WalkIfOrWith(const Value& dot, const BranchNode& n) {
  size_t mark = Mark();
  Value v = EvalPipeline(dot, n.pipe.get());
  Flow flow = Flow::kNormal;
  if (!failed()) {
    if (IsTrue(v)) {
      flow = Walk(n.type == NodeType::kWith ? v : dot, n.list.get());
    } else if (n.else_list) {
      flow = Walk(dot, n.else_list.get());
    }
  }
  Pop(mark);
  return flow;
}

void State::WalkRange(const Value& dot, const BranchNode& r) {
  At(&r);
  size_t outer = Mark();
  Value v = EvalPipeline(dot, r.pipe.get());
  if (failed()) return;
  size_t mark = Mark();
  const auto& decl = r.pipe->decl;
  // One iteration; returns false to stop the loop.
  auto one = [&](const Value& index, const Value& elem) {
    if (!decl.empty()) {
      if (r.pipe->is_assign) {
        SetVar(decl[0]->ident[0], decl.size() > 1 ? index : elem);
      } else {
        vars_[vars_.size() - 1].second = elem;
      }
    }
    if (decl.size() > 1) {
      if (r.pipe->is_assign) {
        SetVar(decl[1]->ident[0], elem);
      } else {
        vars_[vars_.size() - 2].second = index;
      }
    }
    Flow f = Walk(elem, r.list.get());
    Pop(mark);
    return !failed() && f != Flow::kBreak;
  };
  bool empty = true;
  if (!v.valid() || v.is_nil()) {
    // A nil map, slice or pointer ranges like an empty one.
  } else if (v.kind() == Kind::kList) {
    std::span<const Value> items = v.AsList();
    empty = items.empty();
    for (size_t i = 0; i < items.size(); ++i) {
      if (!one(Value::Int(static_cast<int64_t>(i)), items[i])) break;
    }
  } else if (v.kind() == Kind::kMap) {
    std::span<const Value::Entry> entries = v.AsMap();
    empty = entries.empty();
    for (const Value::Entry& e : entries) {
      if (!one(Value::String(e.first), e.second)) break;
    }
  } else {
    Errorf("range can't iterate over " + PrintV(v));
  }
  if (!failed() && empty && r.else_list) Walk(dot, r.else_list.get());
  Pop(outer);
}

void State::WalkTemplate(const Value& dot, const TemplateNode& t) {
  At(&t);
  const Tree* tree = set_.FindTree(t.name);
  if (tree == nullptr) {
    return Errorf("template " + go::Quote(t.name) + " not defined");
  }
  if (depth_ == kMaxExecDepth) {
    return Errorf("exceeded maximum template depth (" +
                  std::to_string(kMaxExecDepth) + ")");
  }
  Value new_dot = EvalPipeline(dot, t.pipe.get());
  if (failed()) return;
  std::vector<std::pair<std::string, Value>> saved_vars;
  saved_vars.swap(vars_);
  vars_.emplace_back("$", new_dot);
  std::string saved_name = std::exchange(name_, tree->name);
  ++depth_;
  Walk(new_dot, tree->root.get());
  --depth_;
  name_ = std::move(saved_name);
  vars_ = std::move(saved_vars);
}

void State::PrintValue(const Node& n, const Value& v) {
  At(&n);
  if (!v.valid()) {
    out_ += "<no value>";
    return;
  }
  AppendPrintIndirect(out_, v);
}

Value State::EvalPipeline(const Value& dot, const PipeNode* pipe) {
  if (pipe == nullptr) return Value();
  At(pipe);
  Value value;
  bool have = false;
  for (const auto& cmd : pipe->cmds) {
    value = EvalCommand(dot, *cmd, have ? &value : nullptr);
    if (failed()) return Value();
    have = true;
    if (IsNilInterface(value)) value = Value();
  }
  for (const auto& var : pipe->decl) {
    if (pipe->is_assign) {
      SetVar(var->ident[0], value);
    } else {
      vars_.emplace_back(var->ident[0], value);
    }
  }
  return value;
}

void State::NotAFunction(const Node& first, Args args, const Value* final) {
  if (!args.empty() || final != nullptr) {
    Errorf("can't give argument to non-function " + first.String());
  }
}

Value State::EvalCommand(const Value& dot, const CommandNode& cmd,
                         const Value* final) {
  const Node& first = *cmd.args[0];
  Args rest = Args(cmd.args).subspan(1);
  switch (first.type) {
    case NodeType::kField:
      return EvalFieldNode(dot, static_cast<const FieldNode&>(first), rest,
                           final);
    case NodeType::kChain:
      return EvalChainNode(dot, static_cast<const ChainNode&>(first), rest,
                           final);
    case NodeType::kIdentifier:
      return EvalFunction(dot, static_cast<const IdentifierNode&>(first), cmd,
                          rest, final);
    case NodeType::kPipe:
      NotAFunction(first, rest, final);
      if (failed()) return Value();
      return EvalPipeline(dot, static_cast<const PipeNode*>(&first));
    case NodeType::kVariable:
      return EvalVariableNode(dot, static_cast<const VariableNode&>(first),
                              rest, final);
    default:
      break;
  }
  At(&first);
  NotAFunction(first, rest, final);
  if (failed()) return Value();
  switch (first.type) {
    case NodeType::kBool:
      return Value::Bool(static_cast<const BoolNode&>(first).value);
    case NodeType::kDot:
      return dot;
    case NodeType::kNil:
      Errorf("nil is not a command");
      return Value();
    case NodeType::kNumber:
      return IdealConstant(static_cast<const NumberNode&>(first));
    case NodeType::kString:
      return Value::String(static_cast<const StringNode&>(first).text);
    default:
      Errorf("can't evaluate command " + go::Quote(first.String()));
      return Value();
  }
}

Value State::IdealConstant(const NumberNode& n) {
  At(&n);
  const std::string& text = n.text;
  bool hex_int = text.size() > 2 && text[0] == '0' &&
                 (text[1] == 'x' || text[1] == 'X') &&
                 text.find_first_of("pP") == std::string::npos;
  bool rune_int = !text.empty() && text[0] == '\'';
  if (n.is_complex) {
    if (n.is_float) return Value::Float(n.float64);
    Errorf("complex constants are not supported: " + text);
    return Value();
  }
  if (n.is_float && !hex_int && !rune_int &&
      text.find_first_of(".eEpP") != std::string::npos) {
    return Value::Float(n.float64);
  }
  if (n.is_int) return Value::Int(n.int64);
  if (n.is_uint) Errorf(text + " overflows int");
  return Value();
}

Value State::EvalFieldNode(const Value& dot, const FieldNode& field, Args args,
                           const Value* final) {
  At(&field);
  return EvalFieldChain(dot, dot, field, field.ident, args, final);
}

Value State::EvalChainNode(const Value& dot, const ChainNode& chain, Args args,
                           const Value* final) {
  At(&chain);
  if (chain.field.empty()) {
    Errorf("internal error: no fields in evalChainNode");
    return Value();
  }
  if (chain.node->type == NodeType::kNil) {
    Errorf("indirection through explicit nil in " + chain.String());
    return Value();
  }
  Value pipe = EvalArg(dot, nullptr, *chain.node);
  if (failed()) return Value();
  return EvalFieldChain(dot, pipe, chain, chain.field, args, final);
}

Value State::EvalVariableNode(const Value& dot, const VariableNode& var,
                              Args args, const Value* final) {
  At(&var);
  Value value = VarValue(var.ident[0]);
  if (failed()) return Value();
  if (var.ident.size() == 1) {
    NotAFunction(var, args, final);
    return value;
  }
  return EvalFieldChain(dot, value, var,
                        std::span<const std::string>(var.ident).subspan(1),
                        args, final);
}

Value State::EvalFieldChain(const Value& dot, Value receiver, const Node& node,
                            std::span<const std::string> ident, Args args,
                            const Value* final) {
  for (size_t i = 0; i + 1 < ident.size(); ++i) {
    receiver = EvalField(dot, ident[i], node, {}, nullptr, receiver);
    if (failed()) return Value();
  }
  return EvalField(dot, ident.back(), node, args, final, receiver);
}

Value State::EvalField(const Value& dot, const std::string& field,
                       const Node& node, Args args, const Value* final,
                       const Value& receiver) {
  if (!receiver.valid()) {
    if (set_.missing_key() == MissingKey::kError) {
      Errorf("nil data; no entry for key " + go::Quote(field));
    }
    return Value();
  }
  const Type* typ = receiver.type();
  if (IsNilInterface(receiver)) {
    Errorf("nil pointer evaluating " + typ->name + "." + field);
    return Value();
  }
  if (const Func* method = typ->FindMethod(field)) {
    return EvalCall(dot, *method, false, node, field, args, final, receiver);
  }
  bool has_args = !args.empty() || final != nullptr;
  switch (typ->kind) {
    case Kind::kStruct: {
      int i = typ->FieldIndex(field);
      if (i < 0) break;
      if (receiver.is_nil()) {
        Errorf("nil pointer evaluating " + typ->name + "." + field);
        return Value();
      }
      if (has_args) {
        Errorf(field + " has arguments but cannot be invoked as function");
        return Value();
      }
      return receiver.Fields()[i];
    }
    case Kind::kMap: {
      if (has_args) {
        Errorf(field + " is not a method but has arguments");
        return Value();
      }
      if (const Value* v = receiver.MapGet(field)) return *v;
      switch (set_.missing_key()) {
        case MissingKey::kInvalid:
          return Value();
        case MissingKey::kZero:
          return Value::Zero(typ->elem);
        case MissingKey::kError:
          Errorf("map has no entry for key " + go::Quote(field));
          return Value();
      }
      return Value();
    }
    default:
      break;
  }
  Errorf("can't evaluate field " + field + " in type " + typ->name);
  return Value();
}

}  // namespace exec_internal

Status ExecuteTree(const Template& set, const Tree& tree, const Value& data,
                   const FuncMap* funcs, std::string& out) {
  exec_internal::State state(set, funcs, out);
  return state.Run(tree, data);
}

}  // namespace tocsin::tmpl
