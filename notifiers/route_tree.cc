#include "notifiers/route_tree.h"

#include <memory>

namespace tocsin::notifiers {
namespace {

struct TreeNode {
  std::string value;
  std::vector<std::unique_ptr<TreeNode>> children;
  TreeNode* Add(std::string v) {
    children.push_back(std::make_unique<TreeNode>());
    children.back()->value = std::move(v);
    return children.back().get();
  }
};

void Print(const TreeNode& node, const std::string& prefix, std::string* out) {
  for (size_t i = 0; i < node.children.size(); ++i) {
    bool last = i + 1 == node.children.size();
    *out += prefix;
    *out += last ? "└── " : "├── ";
    *out += node.children[i]->value;
    *out += '\n';
    Print(*node.children[i], prefix + (last ? "    " : "│   "), out);
  }
}

std::string Render(const TreeNode& root) {
  std::string out = ".\n";
  Print(root, "", &out);
  return out;
}

std::string Slug(const Route& r, bool show_continue, bool show_receiver) {
  std::string s =
      r.matchers().empty() ? "default-route" : MatchersToString(r.matchers());
  if (r.continue_matching() && show_continue) s += "  continue: true";
  if (show_receiver) s += "  receiver: " + r.opts().receiver;
  return s;
}

void AddRoute(const Route& r, TreeNode* tree) {
  TreeNode* branch = tree->Add(Slug(r, true, true));
  for (const auto& child : r.routes()) AddRoute(*child, branch);
}

void AddMatching(const Route& r, TreeNode* tree, const promql::Labels& labels) {
  bool final_route = true;
  TreeNode* branch = tree->Add(Slug(r, false, false));
  for (const auto& child : r.routes()) {
    if (!MatchesAll(child->matchers(), labels)) continue;
    AddMatching(*child, branch, labels);
    final_route = false;
    if (!child->continue_matching()) break;
  }
  if (final_route) branch->value = Slug(r, false, true);
}

}  // namespace

std::string RoutingTreeText(const Route& root) {
  TreeNode tree;
  AddRoute(root, &tree);
  return Render(tree);
}

std::string MatchingTreeText(const Route& root, const promql::Labels& labels) {
  TreeNode tree;
  AddMatching(root, &tree, labels);
  return Render(tree);
}

std::vector<std::string> MatchingReceivers(const Route& root,
                                           const promql::Labels& labels) {
  std::vector<std::string> out;
  for (const Route* r : root.Match(labels)) out.push_back(r->opts().receiver);
  return out;
}

}  // namespace tocsin::notifiers
