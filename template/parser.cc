#include "template/parser.h"

#include <vector>

#include "template/go_strconv.h"
#include "template/lexer.h"

namespace tocsin::tmpl {
namespace {

constexpr int kMaxParenDepth = 1000;

// State shared by the parsers of one Parse call: the top-level template and
// the {{define}} / {{block}} bodies read from the same lexer.
struct Shared {
  Shared(std::shared_ptr<Source> src, const FunctionLookup& funcs)
      : lexer(src->text, !funcs("break"), !funcs("continue")),
        source(std::move(src)),
        has_function(funcs) {}

  Lexer lexer;
  std::shared_ptr<Source> source;
  const FunctionLookup& has_function;
  std::map<std::string, std::shared_ptr<Tree>, std::less<>> trees;
  Status error;
};

class TreeParser {
 public:
  TreeParser(Shared& shared, std::string name)
      : sh_(shared), tree_(std::make_shared<Tree>()) {
    tree_->name = std::move(name);
    tree_->source = sh_.source;
  }

  // Go's parse(): the top level, which may contain {{define}}s.
  void ParseTop();
  // Go's parseDefinition(): after "{{define".
  void ParseDefinition();
  // The body of a {{block}}, up to its {{end}}.
  void ParseBlockBody(const std::string& context, const Item& start);

 private:
  bool failed() const { return !sh_.error.ok(); }
  const Source* src() const { return sh_.source.get(); }

  // Token buffer with three tokens of look-ahead, as in Go.
  Item Next();
  void Backup() { ++peek_count_; }
  void Backup2(Item t1);
  void Backup3(Item t2, Item t1);
  Item Peek();
  Item NextNonSpace();
  Item PeekNonSpace();

  void Errorf(const std::string& message);
  void Unexpected(const Item& token, std::string_view context);
  Item Expect(ItemType expected, std::string_view context);
  Item ExpectOneOf(ItemType a, ItemType b, std::string_view context);
  void Add();

  // Grammar actions; each returns null after an error.
  std::unique_ptr<ListNode> ItemList(NodePtr* next);
  NodePtr TextOrAction();
  NodePtr Action();
  NodePtr BreakOrContinue(const Item& token, bool is_break);
  std::unique_ptr<PipeNode> Pipeline(std::string_view context, ItemType end);
  void CheckPipeline(const PipeNode& pipe, std::string_view context);
  NodePtr Control(NodeType type, std::string_view context);
  NodePtr ElseControl();
  NodePtr BlockControl();
  NodePtr TemplateControl();
  std::string TemplateName(const Item& token, std::string_view context);
  std::unique_ptr<CommandNode> Command();
  NodePtr Operand();
  NodePtr Term();
  NodePtr UseVar(size_t pos, std::string_view name);
  NodePtr NewNumber(const Item& token);

  Shared& sh_;
  std::shared_ptr<Tree> tree_;
  Item token_[3];
  int peek_count_ = 0;
  std::vector<std::string> vars_{"$"};
  int action_line_ = 0;
  int range_depth_ = 0;
  int paren_depth_ = 0;
};

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
    Errorf("template: multiple definition of template " + Quote(tree_->name));
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
  Result<std::string> unquoted = Unquote(name.val);
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
  Result<std::string> s = Unquote(token.val);
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
      Errorf("unexpected . after term " + Quote(node->String()));
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
        Errorf("function " + Quote(token.val) + " not defined");
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
      Result<std::string> s = Unquote(token.val);
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
  Errorf("undefined variable " + Quote(v->ident[0]));
  return nullptr;
}

// Whether the text has one of the characters that make a constant a float.
bool HasFloatSyntax(std::string_view text) {
  return text.find_first_of(".eEpP") != std::string_view::npos;
}

NodePtr TreeParser::NewNumber(const Item& token) {
  auto n =
      std::make_unique<NumberNode>(token.pos, src(), std::string(token.val));
  std::string_view text = token.val;
  if (token.type == ItemType::kCharConstant) {
    Result<int32_t> r = UnquoteCharLiteral(text);
    if (!r.ok()) {
      Errorf(r.status().message());
      return nullptr;
    }
    n->is_int = n->is_uint = n->is_float = true;
    n->int64 = *r;
    n->uint64 = static_cast<uint64_t>(*r);
    n->float64 = *r;
    return n;
  }
  auto simplify_complex = [&](double re, double im) {
    n->is_complex = true;
    n->float64 = re;
    n->imag = im;
    n->is_float = im == 0;
    if (n->is_float) {
      n->is_int = static_cast<double>(static_cast<int64_t>(re)) == re;
      if (n->is_int) n->int64 = static_cast<int64_t>(re);
      n->is_uint =
          re >= 0 && static_cast<double>(static_cast<uint64_t>(re)) == re;
      if (n->is_uint) n->uint64 = static_cast<uint64_t>(re);
    }
  };
  if (token.type == ItemType::kComplex) {
    // real part, then a signed imaginary part ending in 'i'.
    size_t split = text.find_last_of("+-");
    while (split > 0 && (text[split - 1] == 'e' || text[split - 1] == 'E')) {
      split = text.find_last_of("+-", split - 1);
    }
    Result<double> re = ParseFloat(text.substr(0, split));
    Result<double> im = ParseFloat(text.substr(split, text.size() - split - 1));
    if (!re.ok() || !im.ok()) {
      Errorf("expected integer");
      return nullptr;
    }
    simplify_complex(*re, *im);
    return n;
  }
  if (!text.empty() && text.back() == 'i') {
    Result<double> f = ParseFloat(text.substr(0, text.size() - 1));
    if (f.ok()) {
      simplify_complex(0, *f);
      return n;
    }
  }
  Result<uint64_t> u = ParseUint(text);
  if (u.ok()) {
    n->is_uint = true;
    n->uint64 = *u;
  }
  Result<int64_t> i = ParseInt(text);
  if (i.ok()) {
    n->is_int = true;
    n->int64 = *i;
    if (*i == 0) {
      n->is_uint = true;
      n->uint64 = u.ok() ? *u : 0;
    }
  }
  if (n->is_int) {
    n->is_float = true;
    n->float64 = static_cast<double>(n->int64);
  } else if (n->is_uint) {
    n->is_float = true;
    n->float64 = static_cast<double>(n->uint64);
  } else {
    Result<double> f = ParseFloat(text);
    if (f.ok()) {
      if (!HasFloatSyntax(text)) {
        Errorf("integer overflow: " + Quote(text));
        return nullptr;
      }
      n->is_float = true;
      n->float64 = *f;
      double v = *f;
      if (!n->is_int && v >= -9.2233720368547758e18 &&
          v < 9.2233720368547758e18 &&
          static_cast<double>(static_cast<int64_t>(v)) == v) {
        n->is_int = true;
        n->int64 = static_cast<int64_t>(v);
      }
      if (!n->is_uint && v >= 0 && v < 1.8446744073709552e19 &&
          static_cast<double>(static_cast<uint64_t>(v)) == v) {
        n->is_uint = true;
        n->uint64 = static_cast<uint64_t>(v);
      }
    }
  }
  if (!n->is_int && !n->is_uint && !n->is_float) {
    Errorf("illegal number syntax: " + Quote(text));
    return nullptr;
  }
  return n;
}

}  // namespace

Result<TreeSet> ParseTemplate(std::string_view name, std::string_view text,
                              const FunctionLookup& has_function) {
  auto source = std::make_shared<Source>();
  source->parse_name = std::string(name);
  source->text = std::string(text);
  Shared shared(source, has_function);
  TreeParser top(shared, std::string(name));
  top.ParseTop();
  if (!shared.error.ok()) return shared.error;
  TreeSet out;
  for (auto& [n, tree] : shared.trees) out.emplace(n, std::move(tree));
  return out;
}

}  // namespace tocsin::tmpl
