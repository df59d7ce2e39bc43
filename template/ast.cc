#include "template/ast.h"

#include <algorithm>

#include "go/strconv.h"
#include "go/unicode.h"

namespace tocsin::tmpl {

std::string Node::String() const {
  std::string out;
  WriteTo(out);
  return out;
}

void ListNode::WriteTo(std::string& out) const {
  for (const NodePtr& n : nodes) n->WriteTo(out);
}

void TextNode::WriteTo(std::string& out) const { out += text; }

void VariableNode::WriteTo(std::string& out) const {
  for (size_t i = 0; i < ident.size(); ++i) {
    if (i > 0) out += '.';
    out += ident[i];
  }
}

void CommandNode::WriteTo(std::string& out) const {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    if (args[i]->type == NodeType::kPipe) {
      out += '(';
      args[i]->WriteTo(out);
      out += ')';
    } else {
      args[i]->WriteTo(out);
    }
  }
}

void PipeNode::WriteTo(std::string& out) const {
  if (!decl.empty()) {
    for (size_t i = 0; i < decl.size(); ++i) {
      if (i > 0) out += ", ";
      decl[i]->WriteTo(out);
    }
    out += is_assign ? " = " : " := ";
  }
  for (size_t i = 0; i < cmds.size(); ++i) {
    if (i > 0) out += " | ";
    cmds[i]->WriteTo(out);
  }
}

void ActionNode::WriteTo(std::string& out) const {
  out += "{{";
  pipe->WriteTo(out);
  out += "}}";
}

void IdentifierNode::WriteTo(std::string& out) const { out += ident; }
void DotNode::WriteTo(std::string& out) const { out += '.'; }
void NilNode::WriteTo(std::string& out) const { out += "nil"; }

void FieldNode::WriteTo(std::string& out) const {
  for (const std::string& id : ident) {
    out += '.';
    out += id;
  }
}

void ChainNode::WriteTo(std::string& out) const {
  if (node->type == NodeType::kPipe) {
    out += '(';
    node->WriteTo(out);
    out += ')';
  } else {
    node->WriteTo(out);
  }
  for (const std::string& f : field) {
    out += '.';
    out += f;
  }
}

void BoolNode::WriteTo(std::string& out) const {
  out += value ? "true" : "false";
}
void NumberNode::WriteTo(std::string& out) const { out += text; }
void StringNode::WriteTo(std::string& out) const { out += quoted; }
void EndNode::WriteTo(std::string& out) const { out += "{{end}}"; }
void ElseNode::WriteTo(std::string& out) const { out += "{{else}}"; }
void BreakNode::WriteTo(std::string& out) const { out += "{{break}}"; }
void ContinueNode::WriteTo(std::string& out) const { out += "{{continue}}"; }

void BranchNode::WriteTo(std::string& out) const {
  const char* name = type == NodeType::kIf      ? "if"
                     : type == NodeType::kRange ? "range"
                                                : "with";
  out += "{{";
  out += name;
  out += ' ';
  pipe->WriteTo(out);
  out += "}}";
  list->WriteTo(out);
  if (else_list) {
    out += "{{else}}";
    else_list->WriteTo(out);
  }
  out += "{{end}}";
}

void TemplateNode::WriteTo(std::string& out) const {
  out += "{{template ";
  out += go::Quote(name);
  if (pipe) {
    out += ' ';
    pipe->WriteTo(out);
  }
  out += "}}";
}

namespace {

std::unique_ptr<PipeNode> ClonePipe(const PipeNode* p) {
  if (p == nullptr) return nullptr;
  auto out = std::make_unique<PipeNode>(p->pos, p->source, p->line);
  out->is_assign = p->is_assign;
  for (const auto& d : p->decl) {
    out->decl.push_back(
        std::make_unique<VariableNode>(d->pos, d->source, d->ident));
  }
  for (const auto& c : p->cmds) {
    auto cmd = std::make_unique<CommandNode>(c->pos, c->source);
    for (const NodePtr& a : c->args) cmd->args.push_back(CloneNode(*a));
    out->cmds.push_back(std::move(cmd));
  }
  return out;
}

}  // namespace

std::unique_ptr<ListNode> CloneList(const ListNode& n) {
  auto out = std::make_unique<ListNode>(n.pos, n.source);
  for (const NodePtr& c : n.nodes) out->nodes.push_back(CloneNode(*c));
  return out;
}

NodePtr CloneNode(const Node& n) {
  const Source* s = n.source;
  switch (n.type) {
    case NodeType::kList:
      return CloneList(static_cast<const ListNode&>(n));
    case NodeType::kText:
      return std::make_unique<TextNode>(n.pos, s,
                                        static_cast<const TextNode&>(n).text);
    case NodeType::kVariable:
      return std::make_unique<VariableNode>(
          n.pos, s, static_cast<const VariableNode&>(n).ident);
    case NodeType::kCommand: {
      auto out = std::make_unique<CommandNode>(n.pos, s);
      for (const NodePtr& a : static_cast<const CommandNode&>(n).args) {
        out->args.push_back(CloneNode(*a));
      }
      return out;
    }
    case NodeType::kPipe:
      return ClonePipe(static_cast<const PipeNode*>(&n));
    case NodeType::kAction: {
      const auto& a = static_cast<const ActionNode&>(n);
      return std::make_unique<ActionNode>(n.pos, s, a.line,
                                          ClonePipe(a.pipe.get()));
    }
    case NodeType::kIdentifier:
      return std::make_unique<IdentifierNode>(
          n.pos, s, static_cast<const IdentifierNode&>(n).ident);
    case NodeType::kDot:
      return std::make_unique<DotNode>(n.pos, s);
    case NodeType::kNil:
      return std::make_unique<NilNode>(n.pos, s);
    case NodeType::kField:
      return std::make_unique<FieldNode>(
          n.pos, s, static_cast<const FieldNode&>(n).ident);
    case NodeType::kChain: {
      const auto& c = static_cast<const ChainNode&>(n);
      auto out = std::make_unique<ChainNode>(n.pos, s, CloneNode(*c.node));
      out->field = c.field;
      return out;
    }
    case NodeType::kBool:
      return std::make_unique<BoolNode>(n.pos, s,
                                        static_cast<const BoolNode&>(n).value);
    case NodeType::kNumber:
      return std::make_unique<NumberNode>(static_cast<const NumberNode&>(n));
    case NodeType::kString:
      return std::make_unique<StringNode>(static_cast<const StringNode&>(n));
    case NodeType::kEnd:
      return std::make_unique<EndNode>(n.pos, s);
    case NodeType::kElse:
      return std::make_unique<ElseNode>(n.pos, s,
                                        static_cast<const ElseNode&>(n).line);
    case NodeType::kIf:
    case NodeType::kRange:
    case NodeType::kWith: {
      const auto& b = static_cast<const BranchNode&>(n);
      auto out = std::make_unique<BranchNode>(n.type, n.pos, s, b.line);
      out->pipe = ClonePipe(b.pipe.get());
      out->list = CloneList(*b.list);
      if (b.else_list) out->else_list = CloneList(*b.else_list);
      return out;
    }
    case NodeType::kBreak:
      return std::make_unique<BreakNode>(n.pos, s,
                                         static_cast<const BreakNode&>(n).line);
    case NodeType::kContinue:
      return std::make_unique<ContinueNode>(
          n.pos, s, static_cast<const ContinueNode&>(n).line);
    case NodeType::kTemplate: {
      const auto& t = static_cast<const TemplateNode&>(n);
      auto out = std::make_unique<TemplateNode>(n.pos, s, t.line, t.name);
      out->pipe = ClonePipe(t.pipe.get());
      return out;
    }
    case NodeType::kComment:
      break;
  }
  return std::make_unique<TextNode>(n.pos, s, "");
}

bool IsEmptyTree(const Node* n) {
  if (n == nullptr) return true;
  switch (n->type) {
    case NodeType::kComment:
      return true;
    case NodeType::kList:
      return std::all_of(static_cast<const ListNode*>(n)->nodes.begin(),
                         static_cast<const ListNode*>(n)->nodes.end(),
                         [](const NodePtr& c) { return IsEmptyTree(c.get()); });
    case NodeType::kText: {
      const std::string& t = static_cast<const TextNode*>(n)->text;
      for (size_t i = 0; i < t.size();) {
        go::DecodedRune d = go::DecodeRune(t, i);
        if (!go::IsSpace(d.rune)) return false;
        i += d.size;
      }
      return true;
    }
    default:
      return false;
  }
}

ErrorContext MakeErrorContext(const Node& n) {
  const std::string& text = n.source->text;
  size_t pos = std::min(n.pos, text.size());
  std::string_view before(text.data(), pos);
  size_t nl = before.rfind('\n');
  size_t col = nl == std::string_view::npos ? pos : pos - (nl + 1);
  int line =
      1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  ErrorContext ec;
  ec.location = n.source->parse_name + ":" + std::to_string(line) + ":" +
                std::to_string(col);
  ec.context = n.String();
  return ec;
}

}  // namespace tocsin::tmpl
