// Pipelines, commands and operands of template actions.

#include "go/strconv.h"
#include "template/tree_parser.h"

namespace tocsin::tmpl::parse_internal {

std::unique_ptr<PipeNode> TreeParser::Pipeline(std::string_view context,
                                               ItemType end) {
  Item first = PeekNonSpace();
  auto pipe = std::make_unique<PipeNode>(first.pos, src(), first.line);
  for (;;) {  // declarations
    Item v = PeekNonSpace();
    if (v.type != ItemType::kVariable) break;
    Next();
    Item after_variable = Peek();
    Item next = PeekNonSpace();
    if (next.type == ItemType::kAssign || next.type == ItemType::kDeclare) {
      pipe->is_assign = next.type == ItemType::kAssign;
      NextNonSpace();
      pipe->decl.push_back(
          std::make_unique<VariableNode>(v.pos, src(), SplitDots(v.val)));
      vars_.emplace_back(v.val);
    } else if (next.type == ItemType::kChar && next.val == ",") {
      NextNonSpace();
      pipe->decl.push_back(
          std::make_unique<VariableNode>(v.pos, src(), SplitDots(v.val)));
      vars_.emplace_back(v.val);
      if (context == "range" && pipe->decl.size() < 2) {
        ItemType t = PeekNonSpace().type;
        if (t == ItemType::kVariable || t == ItemType::kRightDelim ||
            t == ItemType::kRightParen) {
          continue;  // the second variable of a range
        }
        Errorf("range can only initialize variables");
        return nullptr;
      }
      Errorf("too many declarations in " + std::string(context));
      return nullptr;
    } else if (after_variable.type == ItemType::kSpace) {
      Backup3(std::move(v), std::move(after_variable));
    } else {
      Backup2(std::move(v));
    }
    break;
  }
  for (;;) {
    Item token = NextNonSpace();
    if (token.type == end) {
      CheckPipeline(*pipe, context);
      if (failed()) return nullptr;
      return pipe;
    }
    switch (token.type) {
      case ItemType::kBool:
      case ItemType::kCharConstant:
      case ItemType::kComplex:
      case ItemType::kDot:
      case ItemType::kField:
      case ItemType::kIdentifier:
      case ItemType::kNumber:
      case ItemType::kNil:
      case ItemType::kRawString:
      case ItemType::kString:
      case ItemType::kVariable:
      case ItemType::kLeftParen: {
        Backup();
        auto cmd = Command();
        if (failed()) return nullptr;
        pipe->cmds.push_back(std::move(cmd));
        break;
      }
      default:
        Unexpected(token, context);
        return nullptr;
    }
  }
}

void TreeParser::CheckPipeline(const PipeNode& pipe, std::string_view context) {
  if (pipe.cmds.empty()) {
    return Errorf("missing value for " + std::string(context));
  }
  for (size_t i = 1; i < pipe.cmds.size(); ++i) {
    switch (pipe.cmds[i]->args[0]->type) {
      case NodeType::kBool:
      case NodeType::kDot:
      case NodeType::kNil:
      case NodeType::kNumber:
      case NodeType::kString:
        return Errorf("non executable command in pipeline stage " +
                      std::to_string(i + 1));
      default:
        break;
    }
  }
}

std::unique_ptr<CommandNode> TreeParser::Command() {
  auto cmd = std::make_unique<CommandNode>(PeekNonSpace().pos, src());
  for (;;) {
    PeekNonSpace();  // skip leading spaces
    NodePtr operand = Operand();
    if (failed()) return nullptr;
    if (operand) cmd->args.push_back(std::move(operand));
    Item token = Next();
    if (token.type == ItemType::kSpace) continue;
    if (token.type == ItemType::kRightDelim ||
        token.type == ItemType::kRightParen) {
      Backup();
    } else if (token.type != ItemType::kPipe) {
      Unexpected(token, "operand");
      return nullptr;
    }
    break;
  }
  if (cmd->args.empty()) {
    Errorf("empty command");
    return nullptr;
  }
  return cmd;
}

NodePtr TreeParser::Operand() {
  NodePtr node = Term();
  if (failed() || !node) return node;
  if (Peek().type != ItemType::kField) return node;
  auto chain = std::make_unique<ChainNode>(Peek().pos, src(), nullptr);
  while (Peek().type == ItemType::kField) {
    chain->field.emplace_back(Next().val.substr(1));
  }
  switch (node->type) {
    case NodeType::kField: {
      auto* f = static_cast<FieldNode*>(node.get());
      std::vector<std::string> ident = f->ident;
      ident.insert(ident.end(), chain->field.begin(), chain->field.end());
      return std::make_unique<FieldNode>(chain->pos, src(), std::move(ident));
    }
    case NodeType::kVariable: {
      auto* v = static_cast<VariableNode*>(node.get());
      std::vector<std::string> ident = v->ident;
      ident.insert(ident.end(), chain->field.begin(), chain->field.end());
      return std::make_unique<VariableNode>(chain->pos, src(),
                                            std::move(ident));
    }
    case NodeType::kBool:
    case NodeType::kString:
    case NodeType::kNumber:
    case NodeType::kNil:
    case NodeType::kDot:
      Errorf("unexpected . after term " + go::Quote(node->String()));
      return nullptr;
    default:
      chain->node = std::move(node);
      return chain;
  }
}

NodePtr TreeParser::Term() {
  Item token = NextNonSpace();
  switch (token.type) {
    case ItemType::kIdentifier:
      if (!sh_.has_function(token.val)) {
        Errorf("function " + go::Quote(token.val) + " not defined");
        return nullptr;
      }
      return std::make_unique<IdentifierNode>(token.pos, src(),
                                              std::string(token.val));
    case ItemType::kDot:
      return std::make_unique<DotNode>(token.pos, src());
    case ItemType::kNil:
      return std::make_unique<NilNode>(token.pos, src());
    case ItemType::kVariable:
      return UseVar(token.pos, token.val);
    case ItemType::kField:
      return std::make_unique<FieldNode>(token.pos, src(),
                                         SplitDots(token.val.substr(1)));
    case ItemType::kBool:
      return std::make_unique<BoolNode>(token.pos, src(), token.val == "true");
    case ItemType::kCharConstant:
    case ItemType::kComplex:
    case ItemType::kNumber:
      return NewNumber(token);
    case ItemType::kLeftParen: {
      if (paren_depth_ >= kMaxParenDepth) {
        Errorf("max expression depth exceeded");
        return nullptr;
      }
      ++paren_depth_;
      auto pipe = Pipeline("parenthesized pipeline", ItemType::kRightParen);
      --paren_depth_;
      return pipe;
    }
    case ItemType::kString:
    case ItemType::kRawString: {
      Result<std::string> s = go::Unquote(token.val);
      if (!s.ok()) {
        Errorf(s.status().message());
        return nullptr;
      }
      return std::make_unique<StringNode>(
          token.pos, src(), std::string(token.val), std::move(*s));
    }
    default:
      Backup();
      return nullptr;
  }
}

NodePtr TreeParser::UseVar(size_t pos, std::string_view name) {
  auto v = std::make_unique<VariableNode>(pos, src(), SplitDots(name));
  for (const std::string& var : vars_) {
    if (var == v->ident[0]) return v;
  }
  Errorf("undefined variable " + go::Quote(v->ident[0]));
  return nullptr;
}

NodePtr TreeParser::NewNumber(const Item& token) {
  NumberSyntax syntax =
      token.type == ItemType::kCharConstant ? NumberSyntax::kChar
      : token.type == ItemType::kComplex    ? NumberSyntax::kComplex
                                            : NumberSyntax::kNumber;
  Result<std::unique_ptr<NumberNode>> n =
      NewNumberNode(token.pos, src(), token.val, syntax);
  if (!n.ok()) {
    Errorf(n.status().message());
    return nullptr;
  }
  return std::move(*n);
}

}  // namespace tocsin::tmpl::parse_internal
