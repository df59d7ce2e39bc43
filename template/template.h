// A set of associated templates, Go's text/template.Template: named trees
// that may call each other with {{template "name" .}}, a function map, and
// the missingkey option.
//
//   tmpl::Template t("alert");
//   t.AddFuncs(PrometheusFuncs(...));
//   t.set_missing_key(tmpl::MissingKey::kZero);
//   Status s = t.Parse("{{ $labels.instance }} is down");
//   Result<std::string> out = t.Execute(data);
//
// Parse errors and execution errors read exactly as Go's do. Building a set
// (AddFuncs, Parse, options) is not thread-safe; once built, Execute may run
// concurrently from many threads. Copying a Template is cheap (the parsed
// trees are shared) and gives an independent set, like Go's Clone.

#ifndef TOCSIN_TEMPLATE_TEMPLATE_H_
#define TOCSIN_TEMPLATE_TEMPLATE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"
#include "template/ast.h"
#include "template/value.h"

namespace tocsin::tmpl {

using FuncMap = std::map<std::string, Func, std::less<>>;

// What a field lookup on a map does when the key is missing (Go's
// "missingkey" option).
enum class MissingKey {
  kInvalid,  // "default": the invalid value, printed as "<no value>"
  kZero,     // "zero": the zero value of the map's element type
  kError,    // "error": execution stops with an error
};

// The builtin functions of text/template (and, or, not, len, index, slice,
// print, printf, println, html, js, urlquery, call, eq, ne, lt, le, gt, ge).
const FuncMap& Builtins();

class Template {
 public:
  // `name` is the name of the set's main template (Go's template.New(name)).
  explicit Template(std::string name = "");

  const std::string& name() const { return name_; }

  // Adds functions (Go's Funcs); later entries replace earlier ones of the
  // same name. Functions must be added before parsing text that uses them.
  void AddFuncs(const FuncMap& funcs);
  // Go's Option("missingkey=..."): "missingkey=default", "=invalid",
  // "=zero" or "=error".
  Status SetOption(std::string_view option);
  void set_missing_key(MissingKey m) { missing_key_ = m; }
  MissingKey missing_key() const { return missing_key_; }

  // Parses `text` as the body of the main template (Go's t.Parse).
  Status Parse(std::string_view text) { return ParseNamed(name_, text); }
  // Parses `text` as the body of template `name` (Go's t.New(name).Parse).
  // {{define}} and {{block}} bodies join the set; a definition replaces an
  // earlier one of the same name unless it is empty.
  Status ParseNamed(std::string_view name, std::string_view text);

  // Whether template `name` has a body.
  bool Defined(std::string_view name) const;
  // The names of the templates with a body, sorted.
  std::vector<std::string> DefinedNames() const;

  // Executes the main template (Go's Execute) or template `name` (Go's
  // ExecuteTemplate) on `data`.
  Result<std::string> Execute(const Value& data) const {
    return ExecuteNamed(name_, data);
  }
  Result<std::string> ExecuteNamed(std::string_view name,
                                   const Value& data) const;
  // Appends the output to `out`; after an error `out` holds the output
  // written before it. Functions in `funcs`, if given, take precedence over
  // the set's own (for functions bound to one execution, such as a query
  // at an evaluation time); their names must have been known when parsing.
  Status ExecuteTo(std::string& out, std::string_view name, const Value& data,
                   const FuncMap* funcs = nullptr) const;

  // Installs `tree` as template `name`, replacing any body it had (for
  // rewriting passes such as HTML escaping).
  void SetTree(std::string name, std::shared_ptr<const Tree> tree);

  // Functions, trees and options as the executor sees them.
  const Func* FindFunction(std::string_view name, bool* is_builtin) const;
  const Tree* FindTree(std::string_view name) const;

 private:
  bool HasFunction(std::string_view name) const;

  std::string name_;
  std::shared_ptr<const FuncMap> funcs_;
  std::map<std::string, std::shared_ptr<const Tree>, std::less<>> trees_;
  MissingKey missing_key_ = MissingKey::kInvalid;
};

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_TEMPLATE_H_
