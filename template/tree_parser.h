// Internal to the parser: the parser of one tree (the top level of a text
// or one {{define}} / {{block}} body), following Go's parse.Tree token for
// token. parser.cc holds the template structure (actions, control
// structures, definitions); parser_pipeline.cc the pipelines, commands and
// operands. Not thread-safe; one per Parse call.

#ifndef TOCSIN_TEMPLATE_TREE_PARSER_H_
#define TOCSIN_TEMPLATE_TREE_PARSER_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"
#include "template/ast.h"
#include "template/lexer.h"
#include "template/parser.h"

namespace tocsin::tmpl::parse_internal {

inline constexpr int kMaxParenDepth = 1000;

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

// "a.b.c" split at the dots.
std::vector<std::string> SplitDots(std::string_view s);

}  // namespace tocsin::tmpl::parse_internal

#endif  // TOCSIN_TEMPLATE_TREE_PARSER_H_
