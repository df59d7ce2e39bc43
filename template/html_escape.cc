#include "template/html_escape.h"

#include <map>
#include <set>
#include <vector>

#include "go/strconv.h"
#include "template/html_context.h"

namespace tocsin::tmpl {
namespace {

using html::Context;
using html::Delim;
using html::State;
using html::UrlPart;

bool IsPredefinedEscaper(std::string_view name) {
  return name == "html" || name == "urlquery";
}

// The builtin escaper a contextual escaper is equivalent to, if any.
std::string_view NormalizeEscaper(std::string_view e) {
  if (e == "_html_template_attrescaper" || e == "_html_template_htmlescaper" ||
      e == "_html_template_rcdataescaper") {
    return "html";
  }
  if (e == "_html_template_urlescaper" || e == "_html_template_urlnormalizer") {
    return "urlquery";
  }
  return e;
}

// Whether escaper `b` applied after `a` changes nothing.
bool Redundant(std::string_view a, std::string_view b) {
  if (a == "_html_template_commentescaper") {
    return b == "_html_template_attrescaper" ||
           b == "_html_template_htmlescaper";
  }
  if (a == "_html_template_cssescaper" ||
      a == "_html_template_jsregexpescaper" ||
      a == "_html_template_jsstrescaper") {
    return b == "_html_template_attrescaper";
  }
  if (a == "_html_template_urlescaper") {
    return b == "_html_template_urlnormalizer";
  }
  return false;
}

const IdentifierNode* FirstIdentifier(const CommandNode& cmd) {
  if (cmd.args.empty() || cmd.args[0]->type != NodeType::kIdentifier) {
    return nullptr;
  }
  return static_cast<const IdentifierNode*>(cmd.args[0].get());
}

std::unique_ptr<CommandNode> IdentCommand(std::string name, size_t pos,
                                          const Source* src) {
  auto cmd = std::make_unique<CommandNode>(pos, src);
  cmd->args.push_back(
      std::make_unique<IdentifierNode>(pos, src, std::move(name)));
  return cmd;
}

void AppendCommand(std::vector<std::unique_ptr<CommandNode>>& cmds,
                   std::unique_ptr<CommandNode> cmd) {
  if (!cmds.empty()) {
    const IdentifierNode* last = FirstIdentifier(*cmds.back());
    const IdentifierNode* next = FirstIdentifier(*cmd);
    if (last && next && Redundant(last->ident, next->ident)) return;
  }
  cmds.push_back(std::move(cmd));
}

// Go's ensurePipelineContains: appends the escapers `s` to the pipeline,
// merging them with a trailing html or urlquery call.
void EnsurePipelineContains(PipeNode& p, std::vector<std::string> s) {
  if (s.empty()) return;
  size_t pipeline_len = p.cmds.size();
  if (pipeline_len > 0) {
    CommandNode& last = *p.cmds.back();
    const IdentifierNode* id = FirstIdentifier(last);
    if (id != nullptr && IsPredefinedEscaper(id->ident)) {
      std::string esc = id->ident;
      if (p.cmds.size() == 1 && last.args.size() > 1) {
        // {{ esc a b }} becomes {{ _eval_args_ a b | esc }}.
        last.args[0] = std::make_unique<IdentifierNode>(
            last.args[0]->pos, last.args[0]->source, "_eval_args_");
        AppendCommand(p.cmds, IdentCommand(esc, p.pos, p.source));
        ++pipeline_len;
      }
      bool dup = false;
      for (std::string& e : s) {
        if (NormalizeEscaper(esc) == NormalizeEscaper(e)) {
          e = esc;
          dup = true;
        }
      }
      if (dup) --pipeline_len;
    }
  }
  std::vector<std::unique_ptr<CommandNode>> cmds;
  std::set<std::string, std::less<>> inserted;
  for (size_t i = 0; i < pipeline_len; ++i) {
    if (const IdentifierNode* id = FirstIdentifier(*p.cmds[i])) {
      inserted.emplace(NormalizeEscaper(id->ident));
    }
    cmds.push_back(std::move(p.cmds[i]));
  }
  for (const std::string& name : s) {
    if (!inserted.count(NormalizeEscaper(name))) {
      AppendCommand(cmds, IdentCommand(name, p.pos, p.source));
    }
  }
  p.cmds = std::move(cmds);
}

// Go's join: the context after a branch whose arms end in `a` and `b`.
Context Join(const Context& a, const Context& b, const Node* node,
             std::string_view node_name) {
  if (a.state == State::kError) return a;
  if (b.state == State::kError) return b;
  if (a.state == State::kDead) return b;
  if (b.state == State::kDead) return a;
  if (a == b) return a;
  Context c = a;
  c.url_part = b.url_part;
  if (c == b) {
    c.url_part = UrlPart::kUnknown;
    return c;
  }
  c = a;
  c.js_ctx = b.js_ctx;
  if (c == b) {
    c.js_ctx = html::JsCtx::kUnknown;
    return c;
  }
  Context na = html::Nudge(a), nb = html::Nudge(b);
  if (!(na == a && nb == b)) {
    Context e = Join(na, nb, node, node_name);
    if (e.state != State::kError) return e;
  }
  return html::ErrorContext("{{" + std::string(node_name) +
                                "}} branches end in different contexts: " +
                                a.String() + ", " + b.String(),
                            node);
}

// The trees being rewritten: clones of the set's templates.
struct Workspace {
  const Template* original;
  std::map<std::string, std::shared_ptr<Tree>, std::less<>> trees;
};

struct RangeContext {
  RangeContext* outer = nullptr;
  std::vector<std::pair<Context, const Node*>> breaks;
  std::vector<std::pair<Context, const Node*>> continues;
};

class Escaper {
 public:
  explicit Escaper(Workspace* ws) : ws_(ws) {}

  std::pair<Context, std::string> EscapeTree(const Context& c, const Node* node,
                                             const std::string& name, int line);
  void Commit();
  const std::map<std::string, std::shared_ptr<Tree>>& derived() const {
    return derived_;
  }

 private:
  Context Escape(const Context& c, Node* n);
  Context EscapeAction(Context c, ActionNode* n);
  Context EscapeBranch(const Context& c, BranchNode* n,
                       std::string_view node_name);
  Context EscapeList(Context c, ListNode* n);
  std::pair<Context, bool> EscapeListConditionally(
      const Context& c, ListNode* n,
      const std::function<bool(Escaper&, const Context&)>& filter);
  Context EscapeText(const Context& c, TextNode* n);
  Context ComputeOutCtx(const Context& c, Tree* t);
  std::pair<Context, bool> EscapeTemplateBody(const Context& c, Tree* t);
  Context JoinRange(Context c0, const RangeContext& rc);
  Tree* Lookup(const std::string& name);

  Workspace* ws_;
  std::map<std::string, Context> output_;
  std::map<std::string, std::shared_ptr<Tree>> derived_;
  std::set<std::string> called_;
  std::map<ActionNode*, std::vector<std::string>> action_edits_;
  std::map<TemplateNode*, std::string> template_edits_;
  std::map<TextNode*, std::string> text_edits_;
  RangeContext* range_ = nullptr;
};

Tree* Escaper::Lookup(const std::string& name) {
  auto it = ws_->trees.find(name);
  if (it != ws_->trees.end() && it->second->root) return it->second.get();
  auto d = derived_.find(name);
  return d == derived_.end() ? nullptr : d->second.get();
}

Context Escaper::Escape(const Context& c, Node* n) {
  switch (n->type) {
    case NodeType::kAction:
      return EscapeAction(c, static_cast<ActionNode*>(n));
    case NodeType::kBreak:
    case NodeType::kContinue: {
      if (range_ != nullptr) {
        auto& list =
            n->type == NodeType::kBreak ? range_->breaks : range_->continues;
        list.emplace_back(c, n);
      }
      Context dead;
      dead.state = State::kDead;
      return dead;
    }
    case NodeType::kComment:
      return c;
    case NodeType::kIf:
      return EscapeBranch(c, static_cast<BranchNode*>(n), "if");
    case NodeType::kRange:
      return EscapeBranch(c, static_cast<BranchNode*>(n), "range");
    case NodeType::kWith:
      return EscapeBranch(c, static_cast<BranchNode*>(n), "with");
    case NodeType::kList:
      return EscapeList(c, static_cast<ListNode*>(n));
    case NodeType::kTemplate: {
      auto* t = static_cast<TemplateNode*>(n);
      auto [out, name] = EscapeTree(c, t, t->name, t->line);
      if (name != t->name) template_edits_[t] = name;
      return out;
    }
    case NodeType::kText:
      return EscapeText(c, static_cast<TextNode*>(n));
    default:
      return html::ErrorContext("escaping " + n->String() +
                                " is unimplemented");
  }
}

// The escapers for an action's content in context `c` (which it may
// update); an error context when the action may not appear there.
Context ContentEscapers(Context& c, const ActionNode* n,
                        std::vector<std::string>& s) {
  switch (c.state) {
    case State::kError:
      return c;
    case State::kURL:
    case State::kCSSDqStr:
    case State::kCSSSqStr:
    case State::kCSSDqURL:
    case State::kCSSSqURL:
    case State::kCSSURL:
      switch (c.url_part) {
        case UrlPart::kNone:
          s.push_back("_html_template_urlfilter");
          [[fallthrough]];
        case UrlPart::kPreQuery:
          s.push_back(c.state == State::kCSSDqStr || c.state == State::kCSSSqStr
                          ? "_html_template_cssescaper"
                          : "_html_template_urlnormalizer");
          break;
        case UrlPart::kQueryOrFrag:
          s.push_back("_html_template_urlescaper");
          break;
        case UrlPart::kUnknown:
          return html::ErrorContext(
              n->String() + " appears in an ambiguous context within a URL", n);
      }
      break;
    case State::kJS:
      s.push_back("_html_template_jsvalescaper");
      c.js_ctx = html::JsCtx::kDivOp;
      break;
    case State::kJSDqStr:
    case State::kJSSqStr:
      s.push_back("_html_template_jsstrescaper");
      break;
    case State::kJSBqStr:
      return html::ErrorContext(
          n->String() + " appears in a JS template literal", n);
    case State::kJSRegexp:
      s.push_back("_html_template_jsregexpescaper");
      break;
    case State::kCSS:
      s.push_back("_html_template_cssvaluefilter");
      break;
    case State::kText:
      s.push_back("_html_template_htmlescaper");
      break;
    case State::kRCDATA:
      s.push_back("_html_template_rcdataescaper");
      break;
    case State::kAttr:
      break;
    case State::kAttrName:
    case State::kTag:
      c.state = State::kAttrName;
      s.push_back("_html_template_htmlnamefilter");
      break;
    case State::kSrcset:
      s.push_back("_html_template_srcsetescaper");
      break;
    default:
      if (html::IsComment(c.state)) {
        s.push_back("_html_template_commentescaper");
      } else {
        return html::ErrorContext("unexpected context " + c.String(), n);
      }
  }
  return Context();
}

Context Escaper::EscapeAction(Context c, ActionNode* n) {
  if (!n->pipe->decl.empty()) return c;  // an assignment prints nothing
  c = html::Nudge(c);
  const auto& cmds = n->pipe->cmds;
  for (size_t pos = 0; pos < cmds.size(); ++pos) {
    const IdentifierNode* id = FirstIdentifier(*cmds[pos]);
    if (id == nullptr || !IsPredefinedEscaper(id->ident)) continue;
    if (pos + 1 < cmds.size() ||
        (c.state == State::kAttr && c.delim == Delim::kSpaceOrTagEnd &&
         id->ident == "html")) {
      return html::ErrorContext("predefined escaper " + go::Quote(id->ident) +
                                    " disallowed in template",
                                n);
    }
  }
  std::vector<std::string> s;
  if (Context err = ContentEscapers(c, n, s); err.state == State::kError) {
    return err;
  }
  switch (c.delim) {
    case Delim::kNone:
      break;
    case Delim::kSpaceOrTagEnd:
      s.push_back("_html_template_nospaceescaper");
      break;
    default:
      s.push_back("_html_template_attrescaper");
  }
  action_edits_[n] = std::move(s);
  return c;
}

Context Escaper::JoinRange(Context c0, const RangeContext& rc) {
  for (const auto* list : {&rc.breaks, &rc.continues}) {
    for (const auto& [c, node] : *list) {
      c0 = Join(c0, c, node, "range");
      if (c0.state == State::kError) {
        auto err = std::make_shared<html::EscapeError>(*c0.err);
        err->description =
            std::string(list == &rc.breaks ? "at range loop break: "
                                           : "at range loop continue: ") +
            err->description;
        c0.err = err;
        return c0;
      }
    }
  }
  return c0;
}

Context Escaper::EscapeBranch(const Context& c, BranchNode* n,
                              std::string_view node_name) {
  bool is_range = node_name == "range";
  RangeContext rc;
  if (is_range) {
    rc.outer = range_;
    range_ = &rc;
  }
  Context c0 = EscapeList(c, n->list.get());
  if (is_range) {
    if (c0.state != State::kError) c0 = JoinRange(c0, rc);
    range_ = rc.outer;
    if (c0.state == State::kError) return c0;
    // The body of a range may run again: it must end where it started.
    RangeContext rc2;
    rc2.outer = range_;
    range_ = &rc2;
    Context c1 = EscapeListConditionally(c0, n->list.get(), nullptr).first;
    c0 = Join(c0, c1, n, node_name);
    if (c0.state == State::kError) {
      range_ = rc2.outer;
      auto err = std::make_shared<html::EscapeError>(*c0.err);
      err->line = n->line;
      err->description = "on range loop re-entry: " + err->description;
      c0.err = err;
      return c0;
    }
    c0 = JoinRange(c0, rc2);
    range_ = rc2.outer;
    if (c0.state == State::kError) return c0;
  }
  Context c1 = EscapeList(c, n->else_list.get());
  return Join(c0, c1, n, node_name);
}

Context Escaper::EscapeList(Context c, ListNode* n) {
  if (n == nullptr) return c;
  for (NodePtr& m : n->nodes) {
    c = Escape(c, m.get());
    if (c.state == State::kDead) break;
  }
  return c;
}

std::pair<Context, bool> Escaper::EscapeListConditionally(
    const Context& c, ListNode* n,
    const std::function<bool(Escaper&, const Context&)>& filter) {
  Escaper e1(ws_);
  e1.range_ = range_;
  e1.output_ = output_;
  Context out = e1.EscapeList(c, n);
  bool ok = filter && filter(e1, out);
  if (ok) {
    for (auto& [k, v] : e1.output_) output_[k] = v;
    for (auto& [k, v] : e1.derived_) derived_[k] = v;
    called_.insert(e1.called_.begin(), e1.called_.end());
    for (auto& [k, v] : e1.action_edits_) action_edits_[k] = v;
    for (auto& [k, v] : e1.template_edits_) template_edits_[k] = v;
    for (auto& [k, v] : e1.text_edits_) text_edits_[k] = v;
  }
  return {out, ok};
}

std::pair<Context, std::string> Escaper::EscapeTree(const Context& c,
                                                    const Node* node,
                                                    const std::string& name,
                                                    int line) {
  std::string dname = c.Mangle(name);
  called_.insert(dname);
  if (auto it = output_.find(dname); it != output_.end()) {
    return {it->second, dname};
  }
  Tree* t = Lookup(name);
  if (t == nullptr) {
    bool known = ws_->original->FindTree(name) != nullptr;
    return {html::ErrorContext(
                known ? go::Quote(name) + " is an incomplete or empty template"
                      : "no such template " + go::Quote(name),
                node, line),
            dname};
  }
  if (dname != name) {
    Tree* dt = Lookup(dname);
    if (dt == nullptr) {
      const Tree* orig = ws_->original->FindTree(name);
      auto copy = std::make_shared<Tree>();
      copy->name = dname;
      copy->source = orig->source;
      copy->root = CloneList(*orig->root);
      dt = copy.get();
      derived_[dname] = std::move(copy);
    }
    t = dt;
  }
  return {ComputeOutCtx(c, t), dname};
}

Context Escaper::ComputeOutCtx(const Context& c, Tree* t) {
  auto [c1, ok] = EscapeTemplateBody(c, t);
  if (!ok) {
    auto [c2, ok2] = EscapeTemplateBody(c1, t);
    if (ok2) {
      c1 = c2;
      ok = true;
    }
  }
  if (!ok && c1.state != State::kError) {
    return html::ErrorContext(
        "cannot compute output context for template " + t->name, t->root.get());
  }
  return c1;
}

std::pair<Context, bool> Escaper::EscapeTemplateBody(const Context& c,
                                                     Tree* t) {
  std::string name = t->name;
  auto filter = [&c, name](Escaper& e1, const Context& c1) {
    if (c1.state == State::kError) return false;
    if (!e1.called_.count(name)) return true;
    return c == c1;
  };
  output_[name] = c;
  return EscapeListConditionally(c, t->root.get(), filter);
}

Context Escaper::EscapeText(const Context& c_in, TextNode* n) {
  const std::string& s = n->text;
  std::string b;
  size_t written = 0, i = 0;
  Context c = c_in;
  while (i != s.size()) {
    auto [c1, nread] = html::ContextAfterText(c, std::string_view(s).substr(i));
    size_t i1 = i + nread;
    if (c.state == State::kText || c.state == State::kRCDATA) {
      size_t end = i1;
      if (c1.state != c.state) {
        for (size_t j = end; j > i; --j) {
          if (s[j - 1] == '<') {
            end = j - 1;
            break;
          }
        }
      }
      for (size_t j = i; j < end; ++j) {
        if (s[j] != '<') continue;
        std::string upper = s.substr(j, 9);
        for (char& ch : upper) ch = static_cast<char>(std::toupper(ch));
        if (upper == "<!DOCTYPE") continue;
        b.append(s, written, j - written);
        b += "&lt;";
        written = j + 1;
      }
    } else if (html::IsComment(c.state) && c.delim == Delim::kNone) {
      if (c.state == State::kJSBlockCmt) {
        std::string_view part =
            std::string_view(s).substr(written, i1 - written);
        bool newline = part.find_first_of("\n\r") != std::string_view::npos ||
                       part.find("\xE2\x80\xA8") != std::string_view::npos ||
                       part.find("\xE2\x80\xA9") != std::string_view::npos;
        b += newline ? '\n' : ' ';
      } else if (c.state == State::kCSSBlockCmt) {
        b += ' ';
      }
      written = i1;
    }
    if (c.state != c1.state && html::IsComment(c1.state) &&
        c1.delim == Delim::kNone) {
      size_t cs = i1 - 2;
      if (c1.state == State::kHTMLCmt) cs -= 2;
      b.append(s, written, cs - written);
      written = i1;
    }
    if (i == i1 && c.state == c1.state) {
      return html::ErrorContext("infinite loop in HTML context", n);
    }
    c = c1;
    i = i1;
  }
  if (written != 0 && c.state != State::kError) {
    if (!html::IsComment(c.state) || c.delim != Delim::kNone) {
      b.append(s, written);
    }
    text_edits_[n] = std::move(b);
  }
  return c;
}

void Escaper::Commit() {
  for (auto& [n, s] : action_edits_) EnsurePipelineContains(*n->pipe, s);
  for (auto& [n, name] : template_edits_) n->name = name;
  for (auto& [n, text] : text_edits_) n->text = text;
}

}  // namespace

Result<Template> EscapeHTML(const Template& set, std::string_view name) {
  Workspace ws;
  ws.original = &set;
  for (const std::string& n : set.DefinedNames()) {
    const Tree* t = set.FindTree(n);
    auto copy = std::make_shared<Tree>();
    copy->name = t->name;
    copy->source = t->source;
    if (t->root) copy->root = CloneList(*t->root);
    ws.trees.emplace(n, std::move(copy));
  }
  auto it = ws.trees.find(name);
  if (it == ws.trees.end()) {
    return Status::Execution("html/template: " + go::Quote(name) +
                             " is undefined");
  }
  Escaper e(&ws);
  std::string entry(name);
  Context c = e.EscapeTree(Context(), it->second->root.get(), entry, 0).first;
  if (c.err) return Status::Execution(c.err->Message(entry));
  if (c.state != State::kText) {
    html::EscapeError err{"ends in a non-text context: " + c.String()};
    return Status::Execution(err.Message(entry));
  }
  e.Commit();
  Template out = set;
  out.AddFuncs(HTMLEscaperFuncs());
  for (auto& [n, tree] : ws.trees) out.SetTree(n, tree);
  for (const auto& [n, tree] : e.derived()) out.SetTree(n, tree);
  return out;
}

}  // namespace tocsin::tmpl
