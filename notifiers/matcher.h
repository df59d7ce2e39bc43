// Alertmanager's label matchers (its pkg/labels): the four match types, the
// matcher syntax of `matchers:` lists, silences and amtool arguments
// (`a="b"`, `a=~"x.*"`, unquoted values, `{a="b", c!="d"}` lists), the
// OpenMetrics-escaped printed form (`a="b"`) and Alertmanager's matcher
// order.
//
// Regular expressions are fully anchored, as Alertmanager anchors them
// ("^(?:" + value + ")$"). A Matcher is immutable after construction and
// safe to share between threads.

#ifndef TOCSIN_NOTIFIERS_MATCHER_H_
#define TOCSIN_NOTIFIERS_MATCHER_H_

#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/matcher.h"
#include "promql/status.h"

namespace tocsin::notifiers {

using promql::MatchType;

class Matcher {
 public:
  // Fails with kInvalidArgument when a regular expression does not compile
  // ("error parsing regexp: ...").
  static Result<Matcher> Make(MatchType type, std::string name,
                              std::string value);

  MatchType type() const { return impl_.type(); }
  const std::string& name() const { return impl_.name(); }
  const std::string& value() const { return impl_.value(); }
  bool IsRegex() const {
    return type() == MatchType::kRegexMatch ||
           type() == MatchType::kRegexNoMatch;
  }

  bool Matches(std::string_view v) const { return impl_.Matches(v); }
  // Matches the value of this matcher's label in `labels` ("" if absent).
  bool Matches(const promql::Labels& labels) const {
    return impl_.Matches(labels.Get(name()));
  }

  // name="value" with only \, newline and " escaped, as Alertmanager prints
  // matchers.
  std::string ToString() const;

  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.impl_ == b.impl_;
  }

 private:
  explicit Matcher(promql::Matcher impl) : impl_(std::move(impl)) {}
  promql::Matcher impl_;
};

using Matchers = std::vector<Matcher>;

// All matchers match `labels`.
bool MatchesAll(const Matchers& matchers, const promql::Labels& labels);

// {a="b",c=~"d"}: the matchers in their order, comma-separated without
// spaces, as Alertmanager's labels.Matchers prints them (route keys, the
// routing tree).
std::string MatchersToString(const Matchers& matchers);

// Alertmanager's matcher order: by name, then value, then type.
void SortMatchers(Matchers& matchers);

// One matcher (labels.ParseMatcher). Errors read as Alertmanager's:
// "bad matcher format: ...", "matcher value contains unescaped double
// quote: ...", "matcher value not valid UTF-8: ...".
Result<Matcher> ParseMatcher(std::string_view text);

// A comma-separated list with optional braces (labels.ParseMatchers).
Result<Matchers> ParseMatchers(std::string_view text);

// Compiles `expr` (as written, not anchored) and words a failure as Go's
// regexp package does: "error parsing regexp: missing closing ): `(x`".
Status CheckGoRegexp(std::string_view expr);

// OpenMetrics escaping of a matcher value: \ -> \\, newline -> \n, " -> \".
std::string OpenMetricsEscape(std::string_view s);

// Whether `s` is valid UTF-8 (Go's utf8.ValidString).
bool ValidUtf8(std::string_view s);

// Prometheus's label name rule, [a-zA-Z_][a-zA-Z0-9_]*.
bool ValidLabelName(std::string_view name);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_MATCHER_H_
