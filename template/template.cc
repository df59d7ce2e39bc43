#include "template/template.h"

#include "go/strconv.h"
#include "template/exec.h"
#include "template/parser.h"

namespace tocsin::tmpl {

Template::Template(std::string name)
    : name_(std::move(name)), funcs_(std::make_shared<const FuncMap>()) {}

void Template::AddFuncs(const FuncMap& funcs) {
  auto merged = std::make_shared<FuncMap>(*funcs_);
  for (const auto& [name, f] : funcs) (*merged)[name] = f;
  funcs_ = std::move(merged);
}

Status Template::SetOption(std::string_view option) {
  if (option.empty()) return Status::OK();
  size_t eq = option.find('=');
  if (eq != std::string_view::npos && option.substr(0, eq) == "missingkey") {
    std::string_view v = option.substr(eq + 1);
    if (v == "invalid" || v == "default") {
      missing_key_ = MissingKey::kInvalid;
      return Status::OK();
    }
    if (v == "zero") {
      missing_key_ = MissingKey::kZero;
      return Status::OK();
    }
    if (v == "error") {
      missing_key_ = MissingKey::kError;
      return Status::OK();
    }
  }
  return Status::InvalidArgument("unrecognized option: " + std::string(option));
}

bool Template::HasFunction(std::string_view name) const {
  return funcs_->count(name) > 0 || Builtins().count(name) > 0;
}

Status Template::ParseNamed(std::string_view name, std::string_view text) {
  Result<TreeSet> trees = ParseTemplate(
      name, text, [this](std::string_view f) { return HasFunction(f); });
  if (!trees.ok()) return trees.status();
  for (auto& [tree_name, tree] : *trees) {
    auto it = trees_.find(tree_name);
    if (it != trees_.end() && IsEmptyTree(tree->root.get())) continue;
    trees_[tree_name] = tree;
  }
  return Status::OK();
}

void Template::SetTree(std::string name, std::shared_ptr<const Tree> tree) {
  trees_[std::move(name)] = std::move(tree);
}

bool Template::Defined(std::string_view name) const {
  return trees_.find(name) != trees_.end();
}

std::vector<std::string> Template::DefinedNames() const {
  std::vector<std::string> names;
  for (const auto& [name, tree] : trees_) names.push_back(name);
  return names;
}

const Func* Template::FindFunction(std::string_view name,
                                   bool* is_builtin) const {
  if (auto it = funcs_->find(name); it != funcs_->end()) {
    *is_builtin = false;
    return &it->second;
  }
  if (auto it = Builtins().find(name); it != Builtins().end()) {
    *is_builtin = true;
    return &it->second;
  }
  return nullptr;
}

const Tree* Template::FindTree(std::string_view name) const {
  auto it = trees_.find(name);
  return it == trees_.end() ? nullptr : it->second.get();
}

Result<std::string> Template::ExecuteNamed(std::string_view name,
                                           const Value& data) const {
  std::string out;
  Status s = ExecuteTo(out, name, data);
  if (!s.ok()) return s;
  return out;
}

Status Template::ExecuteTo(std::string& out, std::string_view name,
                           const Value& data, const FuncMap* funcs) const {
  const Tree* tree = FindTree(name);
  if (tree == nullptr) {
    if (name == name_) {
      return Status::Execution("template: " + std::string(name) + ": " +
                               go::Quote(name) +
                               " is an incomplete or empty template");
    }
    return Status::Execution("template: no template " + go::Quote(name) +
                             " associated with template " + go::Quote(name_));
  }
  return ExecuteTree(*this, *tree, data, funcs, out);
}

}  // namespace tocsin::tmpl
