#include "promql/matcher.h"

#include <re2/re2.h>

#include "promql/go_format.h"

namespace tocsin::promql {

std::string_view MatchTypeString(MatchType type) {
  switch (type) {
    case MatchType::kEqual:
      return "=";
    case MatchType::kNotEqual:
      return "!=";
    case MatchType::kRegexMatch:
      return "=~";
    case MatchType::kRegexNoMatch:
      return "!~";
  }
  return "?";
}

Result<std::shared_ptr<const re2::RE2>> CompileAnchoredRegex(
    std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(false);
  std::string anchored = "^(?:";
  anchored += pattern;
  anchored += ")$";
  auto re = std::make_shared<const re2::RE2>(anchored, options);
  if (!re->ok()) {
    return Status::InvalidArgument("error parsing regexp: " + re->error());
  }
  return std::shared_ptr<const re2::RE2>(std::move(re));
}

Result<Matcher> Matcher::Make(MatchType type, std::string name,
                              std::string value) {
  std::shared_ptr<const re2::RE2> re;
  if (type == MatchType::kRegexMatch || type == MatchType::kRegexNoMatch) {
    auto compiled = CompileAnchoredRegex(value);
    if (!compiled.ok()) return compiled.status();
    re = std::move(compiled).value();
  }
  return Matcher(type, std::move(name), std::move(value), std::move(re));
}

bool Matcher::Matches(std::string_view v) const {
  switch (type_) {
    case MatchType::kEqual:
      return v == value_;
    case MatchType::kNotEqual:
      return v != value_;
    case MatchType::kRegexMatch:
      return RE2::FullMatch(v, *re_);
    case MatchType::kRegexNoMatch:
      return !RE2::FullMatch(v, *re_);
  }
  return false;
}

std::string Matcher::ToString() const {
  std::string out = name_;
  out += MatchTypeString(type_);
  out += QuotePromQLString(value_);
  return out;
}

}  // namespace tocsin::promql
