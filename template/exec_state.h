// Internal to the executor: the state of one execution (Go's exec.go
// state). exec.cc walks the tree and evaluates pipelines, fields and
// variables; exec_call.cc calls functions and methods and converts their
// arguments. Not thread-safe; one per execution.

#ifndef TOCSIN_TEMPLATE_EXEC_STATE_H_
#define TOCSIN_TEMPLATE_EXEC_STATE_H_

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "promql/status.h"
#include "template/ast.h"
#include "template/template.h"
#include "template/value.h"

namespace tocsin::tmpl::exec_internal {

using Args = std::span<const NodePtr>;

enum class Flow { kNormal, kBreak, kContinue };

inline bool IsNilInterface(const Value& v) {
  return v.valid() && v.is_nil() && v.kind() == Kind::kInterface;
}

// Go's canBeNil: whether an untyped nil converts to the type.
inline bool CanBeNil(const Type* t) {
  switch (t->kind) {
    case Kind::kList:
    case Kind::kMap:
    case Kind::kInterface:
    case Kind::kReflectValue:
      return true;
    case Kind::kStruct:
      return t->pointer;
    default:
      return false;
  }
}

class State {
 public:
  State(const Template& set, const FuncMap* funcs, std::string& out)
      : set_(set), funcs_(funcs), out_(out) {}

  // Executes `tree` on `data`, appending to the output.
  Status Run(const Tree& tree, const Value& data);

 private:
  bool failed() const { return !error_.ok(); }
  void At(const Node* n) { node_ = n; }
  void Errorf(const std::string& message);

  size_t Mark() const { return vars_.size(); }
  void Pop(size_t mark) { vars_.resize(mark); }
  void SetVar(const std::string& name, const Value& v);
  Value VarValue(const std::string& name);

  Flow Walk(const Value& dot, const Node* node);
  Flow WalkIfOrWith(const Value& dot, const BranchNode& n);
  void WalkRange(const Value& dot, const BranchNode& n);
  void WalkTemplate(const Value& dot, const TemplateNode& n);
  void PrintValue(const Node& n, const Value& v);

  Value EvalPipeline(const Value& dot, const PipeNode* pipe);
  void NotAFunction(const Node& first, Args args, const Value* final);
  Value EvalCommand(const Value& dot, const CommandNode& cmd,
                    const Value* final);
  Value IdealConstant(const NumberNode& n);
  Value EvalFieldNode(const Value& dot, const FieldNode& field, Args args,
                      const Value* final);
  Value EvalChainNode(const Value& dot, const ChainNode& chain, Args args,
                      const Value* final);
  Value EvalVariableNode(const Value& dot, const VariableNode& var, Args args,
                         const Value* final);
  Value EvalFieldChain(const Value& dot, Value receiver, const Node& node,
                       std::span<const std::string> ident, Args args,
                       const Value* final);
  Value EvalFunction(const Value& dot, const IdentifierNode& id,
                     const Node& cmd, Args args, const Value* final);
  Value EvalField(const Value& dot, const std::string& field, const Node& node,
                  Args args, const Value* final, const Value& receiver);
  Value EvalCall(const Value& dot, const Func& fn, bool is_builtin,
                 const Node& node, std::string_view name, Args args,
                 const Value* final, const Value& receiver);
  Value ValidateType(const Value& v, const Type* typ);
  Value EvalArg(const Value& dot, const Type* typ, const Node& n);
  Value EvalLiteralArg(const Type* typ, const Node& n);
  Value EvalEmptyInterface(const Node& n);

  const Template& set_;
  const FuncMap* funcs_;
  std::string& out_;
  const Node* node_ = nullptr;
  std::vector<std::pair<std::string, Value>> vars_;
  std::string name_;
  int depth_ = 0;
  Status error_;
};

}  // namespace tocsin::tmpl::exec_internal

#endif  // TOCSIN_TEMPLATE_EXEC_STATE_H_
