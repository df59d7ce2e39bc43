// label_replace() and label_join(), with Prometheus 2.42's validation and
// error texts. Output label sets are cached per input label set in the
// node's EvalNodeHelper, so each distinct series is relabelled once per
// query.

#include <re2/re2.h>

#include <string>
#include <vector>

#include "promql/functions/args.h"
#include "promql/functions/impls.h"
#include "promql/matcher.h"

namespace tocsin::promql {

using functions_internal::StringArg;
using functions_internal::VectorArg;

namespace {

// The length of the group name at the start of `s` in a `$name` reference:
// Unicode letters, digits and underscores, as Go's regexp reads it.
size_t NameLength(std::string_view s) {
  static const RE2 kName("^([\\pL\\p{Nd}_]+)");
  re2::StringPiece match;
  if (!RE2::PartialMatch(s, kName, &match)) return 0;
  return match.size();
}

// Go's regexp.Expand: $name and ${name} refer to a group by number or by
// name; $$ is a literal $; a reference to a missing or unmatched group is
// empty; a malformed reference leaves the $ as text.
std::string Expand(const RE2& re, std::string_view tmpl,
                   const std::vector<re2::StringPiece>& groups) {
  std::string out;
  while (!tmpl.empty()) {
    size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      out += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    bool brace = !tmpl.empty() && tmpl[0] == '{';
    std::string_view rest = brace ? tmpl.substr(1) : tmpl;
    size_t len = NameLength(rest);
    if (len == 0 || (brace && (len >= rest.size() || rest[len] != '}'))) {
      out += '$';
      continue;
    }
    std::string_view name = rest.substr(0, len);
    tmpl = rest.substr(len + (brace ? 1 : 0));
    int num = 0;
    for (char c : name) {
      if (c < '0' || c > '9' || num >= 100000000) {
        num = -1;
        break;
      }
      num = num * 10 + (c - '0');
    }
    if (name.size() > 1 && name[0] == '0') num = -1;
    if (num < 0) {
      const auto& names = re.NamedCapturingGroups();
      auto it = names.find(std::string(name));
      if (it != names.end()) num = it->second;
    }
    if (num >= 0 && static_cast<size_t>(num) < groups.size() &&
        groups[num].data() != nullptr) {
      out.append(groups[num].data(), groups[num].size());
    }
  }
  out.append(tmpl);
  return out;
}

Labels Replace(const RE2& re, const Labels& in, std::string_view dst,
               std::string_view repl, std::string_view src) {
  std::string_view value = in.Get(src);
  std::vector<re2::StringPiece> groups(re.NumberOfCapturingGroups() + 1);
  if (!re.Match(value, 0, value.size(), RE2::ANCHOR_BOTH, groups.data(),
                static_cast<int>(groups.size()))) {
    return in;
  }
  std::string result = Expand(re, repl, groups);
  LabelsBuilder b(in);
  b.Del(dst);
  if (!result.empty()) b.Set(dst, result);
  return b.Build();
}

}  // namespace

void FuncLabelReplace(const FunctionCall& call, Vector* out) {
  const Vector& in = VectorArg(call, 0);
  const std::string& dst = StringArg(call, 1);
  const std::string& repl = StringArg(call, 2);
  const std::string& src = StringArg(call, 3);
  const std::string& pattern = StringArg(call, 4);
  EvalNodeHelper& h = *call.helper;
  if (!h.regex || h.regex_pattern != pattern) {
    auto compiled = CompileAnchoredRegex(pattern);
    if (!compiled.ok()) {
      throw EvalError("invalid regular expression in label_replace(): " +
                      pattern);
    }
    if (!IsValidLabelName(dst)) {
      throw EvalError("invalid destination label name in label_replace(): " +
                      dst);
    }
    h.regex = std::move(compiled).value();
    h.regex_pattern = pattern;
    h.relabeled.clear();
  }
  out->reserve(out->size() + in.size());
  for (const Sample& s : in) {
    auto [it, inserted] = h.relabeled.try_emplace(s.metric.Hash());
    if (inserted) it->second = Replace(*h.regex, s.metric, dst, repl, src);
    out->push_back(Sample{it->second, call.t, s.v});
  }
}

void FuncLabelJoin(const FunctionCall& call, Vector* out) {
  const Vector& in = VectorArg(call, 0);
  const std::string& dst = StringArg(call, 1);
  const std::string& sep = StringArg(call, 2);
  std::vector<std::string_view> srcs;
  for (size_t i = 3; i < call.args.size(); ++i) {
    const std::string& src = StringArg(call, i);
    if (!IsValidLabelName(src)) {
      throw EvalError("invalid source label name in label_join(): " + src);
    }
    srcs.push_back(src);
  }
  if (!IsValidLabelName(dst)) {
    throw EvalError("invalid destination label name in label_join(): " + dst);
  }
  EvalNodeHelper& h = *call.helper;
  out->reserve(out->size() + in.size());
  for (const Sample& s : in) {
    auto [it, inserted] = h.relabeled.try_emplace(s.metric.Hash());
    if (inserted) {
      std::string joined;
      for (size_t i = 0; i < srcs.size(); ++i) {
        if (i > 0) joined += sep;
        joined += s.metric.Get(srcs[i]);
      }
      LabelsBuilder b(s.metric);
      if (joined.empty()) {
        b.Del(dst);
      } else {
        b.Set(dst, joined);
      }
      it->second = b.Build();
    }
    out->push_back(Sample{it->second, call.t, s.v});
  }
}

}  // namespace tocsin::promql
