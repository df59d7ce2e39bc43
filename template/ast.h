// The parse tree of a template, shaped like Go's text/template/parse nodes.
// Every node records its byte offset in the source so that errors name the
// same line and column as Go, and prints itself the way Go's Node.String
// does (errors quote nodes: `executing "x" at <.Labels.job>`).
//
// Trees are immutable after parsing and may be executed from many threads.

#ifndef TOCSIN_TEMPLATE_AST_H_
#define TOCSIN_TEMPLATE_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::tmpl {

// The text one Parse call read, shared by all the trees it produced.
struct Source {
  std::string parse_name;  // the name of the template Parse was called for
  std::string text;
};

enum class NodeType {
  kText,
  kAction,
  kBool,
  kChain,
  kCommand,
  kDot,
  kElse,  // only while parsing
  kEnd,   // only while parsing
  kField,
  kIdentifier,
  kIf,
  kList,
  kNil,
  kNumber,
  kPipe,
  kRange,
  kString,
  kTemplate,
  kVariable,
  kWith,
  kComment,
  kBreak,
  kContinue,
};

struct Node {
  Node(NodeType t, size_t p, const Source* s) : type(t), pos(p), source(s) {}
  virtual ~Node() = default;
  // Appends Go's String() form.
  virtual void WriteTo(std::string& out) const = 0;
  std::string String() const;

  NodeType type;
  size_t pos;
  const Source* source;
};

using NodePtr = std::unique_ptr<Node>;

struct ListNode : Node {
  ListNode(size_t p, const Source* s) : Node(NodeType::kList, p, s) {}
  void WriteTo(std::string& out) const override;
  std::vector<NodePtr> nodes;
};

struct TextNode : Node {
  TextNode(size_t p, const Source* s, std::string t)
      : Node(NodeType::kText, p, s), text(std::move(t)) {}
  void WriteTo(std::string& out) const override;
  std::string text;
};

struct VariableNode : Node {
  VariableNode(size_t p, const Source* s, std::vector<std::string> i)
      : Node(NodeType::kVariable, p, s), ident(std::move(i)) {}
  void WriteTo(std::string& out) const override;
  std::vector<std::string> ident;  // "$x" then field names
};

struct CommandNode : Node {
  CommandNode(size_t p, const Source* s) : Node(NodeType::kCommand, p, s) {}
  void WriteTo(std::string& out) const override;
  std::vector<NodePtr> args;
};

struct PipeNode : Node {
  PipeNode(size_t p, const Source* s, int l)
      : Node(NodeType::kPipe, p, s), line(l) {}
  void WriteTo(std::string& out) const override;
  int line;
  bool is_assign = false;
  std::vector<std::unique_ptr<VariableNode>> decl;
  std::vector<std::unique_ptr<CommandNode>> cmds;
};

struct ActionNode : Node {
  ActionNode(size_t p, const Source* s, int l, std::unique_ptr<PipeNode> pp)
      : Node(NodeType::kAction, p, s), line(l), pipe(std::move(pp)) {}
  void WriteTo(std::string& out) const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
};

struct IdentifierNode : Node {
  IdentifierNode(size_t p, const Source* s, std::string i)
      : Node(NodeType::kIdentifier, p, s), ident(std::move(i)) {}
  void WriteTo(std::string& out) const override;
  std::string ident;
};

struct DotNode : Node {
  DotNode(size_t p, const Source* s) : Node(NodeType::kDot, p, s) {}
  void WriteTo(std::string& out) const override;
};

struct NilNode : Node {
  NilNode(size_t p, const Source* s) : Node(NodeType::kNil, p, s) {}
  void WriteTo(std::string& out) const override;
};

struct FieldNode : Node {
  FieldNode(size_t p, const Source* s, std::vector<std::string> i)
      : Node(NodeType::kField, p, s), ident(std::move(i)) {}
  void WriteTo(std::string& out) const override;
  std::vector<std::string> ident;  // without the dots
};

struct ChainNode : Node {
  ChainNode(size_t p, const Source* s, NodePtr n)
      : Node(NodeType::kChain, p, s), node(std::move(n)) {}
  void WriteTo(std::string& out) const override;
  NodePtr node;
  std::vector<std::string> field;
};

struct BoolNode : Node {
  BoolNode(size_t p, const Source* s, bool v)
      : Node(NodeType::kBool, p, s), value(v) {}
  void WriteTo(std::string& out) const override;
  bool value;
};

// A number constant, held in every representation that is exact for it
// (Go's ideal constants).
struct NumberNode : Node {
  NumberNode(size_t p, const Source* s, std::string t)
      : Node(NodeType::kNumber, p, s), text(std::move(t)) {}
  void WriteTo(std::string& out) const override;
  bool is_int = false;
  bool is_uint = false;
  bool is_float = false;
  bool is_complex = false;
  int64_t int64 = 0;
  uint64_t uint64 = 0;
  double float64 = 0;
  double imag = 0;  // imaginary part of a complex constant
  std::string text;
};

// The syntax a number constant was written in.
enum class NumberSyntax { kNumber, kChar, kComplex };

// Go's newNumber: the constant's node with every exact representation, or
// Go's error ("illegal number syntax: \"x\"", "integer overflow: ...").
Result<std::unique_ptr<NumberNode>> NewNumberNode(size_t pos, const Source* src,
                                                  std::string_view text,
                                                  NumberSyntax syntax);

struct StringNode : Node {
  StringNode(size_t p, const Source* s, std::string q, std::string t)
      : Node(NodeType::kString, p, s),
        quoted(std::move(q)),
        text(std::move(t)) {}
  void WriteTo(std::string& out) const override;
  std::string quoted;
  std::string text;
};

// {{end}} and {{else}} exist only during parsing.
struct EndNode : Node {
  EndNode(size_t p, const Source* s) : Node(NodeType::kEnd, p, s) {}
  void WriteTo(std::string& out) const override;
};

struct ElseNode : Node {
  ElseNode(size_t p, const Source* s, int l)
      : Node(NodeType::kElse, p, s), line(l) {}
  void WriteTo(std::string& out) const override;
  int line;
};

// if, range and with.
struct BranchNode : Node {
  BranchNode(NodeType t, size_t p, const Source* s, int l)
      : Node(t, p, s), line(l) {}
  void WriteTo(std::string& out) const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
  std::unique_ptr<ListNode> list;
  std::unique_ptr<ListNode> else_list;  // null when absent
};

struct BreakNode : Node {
  BreakNode(size_t p, const Source* s, int l)
      : Node(NodeType::kBreak, p, s), line(l) {}
  void WriteTo(std::string& out) const override;
  int line;
};

struct ContinueNode : Node {
  ContinueNode(size_t p, const Source* s, int l)
      : Node(NodeType::kContinue, p, s), line(l) {}
  void WriteTo(std::string& out) const override;
  int line;
};

struct TemplateNode : Node {
  TemplateNode(size_t p, const Source* s, int l, std::string n)
      : Node(NodeType::kTemplate, p, s), line(l), name(std::move(n)) {}
  void WriteTo(std::string& out) const override;
  int line;
  std::string name;
  std::unique_ptr<PipeNode> pipe;  // null when absent
};

// One parsed template: `{{define "name"}}` bodies and the top level text of
// a Parse call each become a Tree.
struct Tree {
  std::string name;
  std::shared_ptr<const Source> source;
  std::unique_ptr<ListNode> root;
};

// A deep copy of a node (Go's Node.Copy), for rewriting trees.
NodePtr CloneNode(const Node& n);
std::unique_ptr<ListNode> CloneList(const ListNode& n);

// Whether the tree holds nothing but space and comments (Go's IsEmptyTree).
bool IsEmptyTree(const Node* n);

// Go's Tree.ErrorContext: "NAME:LINE:COL" of the node (COL counts bytes from
// 0) and the node's text.
struct ErrorContext {
  std::string location;
  std::string context;
};
ErrorContext MakeErrorContext(const Node& n);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_AST_H_
