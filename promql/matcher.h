// Matcher: one label matcher of a selector (=, !=, =~, !~).
//
// Regular expressions use RE2 syntax and are fully anchored, as in
// Prometheus: `job=~"api.*"` matches "api-server" but not "my-api". A Matcher
// is immutable after construction and safe to share between threads.

#ifndef TOCSIN_PROMQL_MATCHER_H_
#define TOCSIN_PROMQL_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>

#include "promql/labels.h"
#include "promql/status.h"

namespace re2 {
class RE2;
}

namespace tocsin::promql {

enum class MatchType { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };

// "=", "!=", "=~" or "!~".
std::string_view MatchTypeString(MatchType type);

class Matcher {
 public:
  // Fails with kInvalidArgument when a regular expression does not compile;
  // the message is RE2's error text prefixed the way Prometheus does
  // ("error parsing regexp: ...").
  static Result<Matcher> Make(MatchType type, std::string name,
                              std::string value);

  MatchType type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }

  bool Matches(std::string_view value) const;
  // Matches the value of this matcher's label in `labels` ("" if absent).
  bool Matches(const Labels& labels) const {
    return Matches(labels.Get(name_));
  }
  // True when the matcher matches the empty string (so it also matches
  // series that lack the label).
  bool MatchesEmpty() const { return Matches(std::string_view()); }

  // name="value" with the value quoted as a PromQL string literal
  // (QuotePromQLString), so the printed matcher parses again.
  std::string ToString() const;

  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.type_ == b.type_ && a.name_ == b.name_ && a.value_ == b.value_;
  }

 private:
  Matcher(MatchType type, std::string name, std::string value,
          std::shared_ptr<const re2::RE2> re)
      : type_(type),
        name_(std::move(name)),
        value_(std::move(value)),
        re_(std::move(re)) {}

  MatchType type_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> re_;  // set for regex types only
};

// Compiles `pattern` fully anchored, with Go regexp semantics where RE2 and
// Go agree (`.` does not match a newline). Used by matchers and by functions
// such as label_replace.
Result<std::shared_ptr<const re2::RE2>> CompileAnchoredRegex(
    std::string_view pattern);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_MATCHER_H_
