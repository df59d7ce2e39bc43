#include "template/parser.h"

#include "go/strconv.h"
#include "template/tree_parser.h"

namespace tocsin::tmpl {
namespace parse_internal {

std::vector<std::string> SplitDots(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    out.emplace_back(s.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

Item TreeParser::Next() {
  if (peek_count_ > 0) {
    --peek_count_;
  } else {
    token_[0] = sh_.lexer.Next();
  }
  return token_[peek_count_];
}

void TreeParser::Backup2(Item t1) {
  token_[1] = std::move(t1);
  peek_count_ = 2;
}

void TreeParser::Backup3(Item t2, Item t1) {
  token_[1] = std::move(t1);
  token_[2] = std::move(t2);
  peek_count_ = 3;
}

Item TreeParser::Peek() {
  if (peek_count_ > 0) return token_[peek_count_ - 1];
  peek_count_ = 1;
  token_[0] = sh_.lexer.Next();
  return token_[0];
}

Item TreeParser::NextNonSpace() {
  Item token;
  do {
    token = Next();
  } while (token.type == ItemType::kSpace);
  return token;
}

Item TreeParser::PeekNonSpace() {
  Item token = NextNonSpace();
  Backup();
  return token;
}

void TreeParser::Errorf(const std::string& message) {
  if (failed()) return;
  sh_.error =
      Status::InvalidArgument("template: " + src()->parse_name + ":" +
                              std::to_string(token_[0].line) + ": " + message);
}

void TreeParser::Unexpected(const Item& token, std::string_view context) {
  if (token.type == ItemType::kError) {
    std::string extra;
    if (action_line_ != 0 && action_line_ != token.line) {
      extra = " in action started at " + src()->parse_name + ":" +
              std::to_string(action_line_);
      if (token.error.ends_with(" action")) {
        extra = extra.substr(std::string_view(" in action").size());
      }
    }
    Errorf(token.String() + extra);
    return;
  }
  Errorf("unexpected " + token.String() + " in " + std::string(context));
}

Item TreeParser::Expect(ItemType expected, std::string_view context) {
  Item token = NextNonSpace();
  if (token.type != expected) Unexpected(token, context);
  return token;
}

Item TreeParser::ExpectOneOf(ItemType a, ItemType b, std::string_view context) {
  Item token = NextNonSpace();
  if (token.type != a && token.type != b) Unexpected(token, context);
  return token;
}

void TreeParser::Add() {
  if (failed()) return;
  auto it = sh_.trees.find(tree_->name);
  if (it == sh_.trees.end() || IsEmptyTree(it->second->root.get())) {
    sh_.trees[tree_->name] = tree_;
    return;
  }
  if (!IsEmptyTree(tree_->root.get())) {
    Errorf("template: multiple definition of template " +
           go::Quote(tree_->name));
  }
}

void TreeParser::ParseTop() {
  tree_->root = std::make_unique<ListNode>(Peek().pos, src());
  while (!failed() && Peek().type != ItemType::kEOF) {
    if (Peek().type == ItemType::kLeftDelim) {
      Item delim = Next();
      if (NextNonSpace().type == ItemType::kDefine) {
        TreeParser def(sh_, "definition");
        def.ParseDefinition();
        continue;
      }
      Backup2(std::move(delim));
    }
    NodePtr n = TextOrAction();
    if (failed()) return;
    if (n->type == NodeType::kEnd || n->type == NodeType::kElse) {
      Errorf("unexpected " + n->String());
      return;
    }
    tree_->root->nodes.push_back(std::move(n));
  }
  if (!failed()) Add();
}

void TreeParser::ParseDefinition() {
  constexpr std::string_view kContext = "define clause";
  Item name = ExpectOneOf(ItemType::kString, ItemType::kRawString, kContext);
  if (failed()) return;
  Result<std::string> unquoted = go::Unquote(name.val);
  if (!unquoted.ok()) return Errorf(unquoted.status().message());
  tree_->name = *unquoted;
  Expect(ItemType::kRightDelim, kContext);
  if (failed()) return;
  NodePtr end;
  tree_->root = ItemList(&end);
  if (failed()) return;
  if (end->type != NodeType::kEnd) {
    return Errorf("unexpected " + end->String() + " in " +
                  std::string(kContext));
  }
  Add();
}

void TreeParser::ParseBlockBody(const std::string& context, const Item& start) {
  (void)start;
  NodePtr end;
  tree_->root = ItemList(&end);
  if (failed()) return;
  if (end->type != NodeType::kEnd) {
    return Errorf("unexpected " + end->String() + " in " + context);
  }
  Add();
}

std::unique_ptr<ListNode> TreeParser::ItemList(NodePtr* next) {
  auto list = std::make_unique<ListNode>(PeekNonSpace().pos, src());
  while (!failed() && PeekNonSpace().type != ItemType::kEOF) {
    NodePtr n = TextOrAction();
    if (failed()) return nullptr;
    if (n->type == NodeType::kEnd || n->type == NodeType::kElse) {
      *next = std::move(n);
      return list;
    }
    list->nodes.push_back(std::move(n));
  }
  Errorf("unexpected EOF");
  return nullptr;
}

NodePtr TreeParser::TextOrAction() {
  Item token = NextNonSpace();
  switch (token.type) {
    case ItemType::kText:
      return std::make_unique<TextNode>(token.pos, src(),
                                        std::string(token.val));
    case ItemType::kLeftDelim: {
      action_line_ = token.line;
      NodePtr n = Action();
      action_line_ = 0;
      return n;
    }
    default:
      Unexpected(token, "input");
      return nullptr;
  }
}

NodePtr TreeParser::Action() {
  Item token = NextNonSpace();
  switch (token.type) {
    case ItemType::kBlock:
      return BlockControl();
    case ItemType::kBreak:
      return BreakOrContinue(token, true);
    case ItemType::kContinue:
      return BreakOrContinue(token, false);
    case ItemType::kElse:
      return ElseControl();
    case ItemType::kEnd: {
      Item end = Expect(ItemType::kRightDelim, "end");
      if (failed()) return nullptr;
      return std::make_unique<EndNode>(end.pos, src());
    }
    case ItemType::kIf:
      return Control(NodeType::kIf, "if");
    case ItemType::kRange:
      return Control(NodeType::kRange, "range");
    case ItemType::kTemplate:
      return TemplateControl();
    case ItemType::kWith:
      return Control(NodeType::kWith, "with");
    default:
      break;
  }
  Backup();
  Item first = Peek();
  auto pipe = Pipeline("command", ItemType::kRightDelim);
  if (failed()) return nullptr;
  return std::make_unique<ActionNode>(first.pos, src(), first.line,
                                      std::move(pipe));
}

NodePtr TreeParser::BreakOrContinue(const Item& token, bool is_break) {
  const char* name = is_break ? "{{break}}" : "{{continue}}";
  Item next = NextNonSpace();
  if (next.type != ItemType::kRightDelim) {
    Unexpected(next, name);
    return nullptr;
  }
  if (range_depth_ == 0) {
    Errorf(std::string(name) + " outside {{range}}");
    return nullptr;
  }
  if (is_break)
    return std::make_unique<BreakNode>(token.pos, src(), token.line);
  return std::make_unique<ContinueNode>(token.pos, src(), token.line);
}

NodePtr TreeParser::Control(NodeType type, std::string_view context) {
  size_t vars_mark = vars_.size();
  auto node = std::make_unique<BranchNode>(type, 0, src(), 0);
  node->pipe = Pipeline(context, ItemType::kRightDelim);
  if (failed()) return nullptr;
  node->pos = node->pipe->pos;
  node->line = node->pipe->line;
  if (type == NodeType::kRange) ++range_depth_;
  NodePtr next;
  node->list = ItemList(&next);
  if (type == NodeType::kRange) --range_depth_;
  if (failed()) return nullptr;
  if (next->type == NodeType::kElse) {
    if (type == NodeType::kIf && Peek().type == ItemType::kIf) {
      // {{else if ...}} is {{else}}{{if ...}}...{{end}} sharing one {{end}}.
      Next();
      node->else_list = std::make_unique<ListNode>(next->pos, src());
      NodePtr inner = Control(NodeType::kIf, "if");
      if (failed()) return nullptr;
      node->else_list->nodes.push_back(std::move(inner));
    } else {
      NodePtr end;
      node->else_list = ItemList(&end);
      if (failed()) return nullptr;
      if (end->type != NodeType::kEnd) {
        Errorf("expected end; found " + end->String());
        return nullptr;
      }
    }
  }
  vars_.resize(vars_mark);
  return node;
}

NodePtr TreeParser::ElseControl() {
  Item peek = PeekNonSpace();
  if (peek.type == ItemType::kIf) {
    return std::make_unique<ElseNode>(peek.pos, src(), peek.line);
  }
  Item token = Expect(ItemType::kRightDelim, "else");
  if (failed()) return nullptr;
  return std::make_unique<ElseNode>(token.pos, src(), token.line);
}

std::string TreeParser::TemplateName(const Item& token,
                                     std::string_view context) {
  if (token.type != ItemType::kString && token.type != ItemType::kRawString) {
    Unexpected(token, context);
    return {};
  }
  Result<std::string> s = go::Unquote(token.val);
  if (!s.ok()) {
    Errorf(s.status().message());
    return {};
  }
  return std::move(*s);
}

NodePtr TreeParser::BlockControl() {
  const std::string kContext = "block clause";
  Item token = NextNonSpace();
  std::string name = TemplateName(token, kContext);
  if (failed()) return nullptr;
  auto pipe = Pipeline(kContext, ItemType::kRightDelim);
  if (failed()) return nullptr;
  TreeParser block(sh_, name);
  block.ParseBlockBody(kContext, token);
  if (failed()) return nullptr;
  auto node = std::make_unique<TemplateNode>(token.pos, src(), token.line,
                                             std::move(name));
  node->pipe = std::move(pipe);
  return node;
}

NodePtr TreeParser::TemplateControl() {
  constexpr std::string_view kContext = "template clause";
  Item token = NextNonSpace();
  std::string name = TemplateName(token, kContext);
  if (failed()) return nullptr;
  auto node = std::make_unique<TemplateNode>(token.pos, src(), token.line,
                                             std::move(name));
  if (NextNonSpace().type != ItemType::kRightDelim) {
    Backup();
    node->pipe = Pipeline(kContext, ItemType::kRightDelim);
    if (failed()) return nullptr;
  }
  return node;
}

}  // namespace parse_internal

Result<TreeSet> ParseTemplate(std::string_view name, std::string_view text,
                              const FunctionLookup& has_function) {
  auto source = std::make_shared<Source>();
  source->parse_name = std::string(name);
  source->text = std::string(text);
  parse_internal::Shared shared(source, has_function);
  parse_internal::TreeParser top(shared, std::string(name));
  top.ParseTop();
  if (!shared.error.ok()) return shared.error;
  TreeSet out;
  for (auto& [n, tree] : shared.trees) out.emplace(n, std::move(tree));
  return out;
}

}  // namespace tocsin::tmpl
