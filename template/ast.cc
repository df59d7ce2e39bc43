#include "template/ast.h"

#include <algorithm>

#include "template/go_strconv.h"
#include "template/unicode.h"

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
  out += Quote(name);
  if (pipe) {
    out += ' ';
    pipe->WriteTo(out);
  }
  out += "}}";
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
        DecodedRune d = DecodeRune(t, i);
        if (!IsSpace(d.rune)) return false;
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
