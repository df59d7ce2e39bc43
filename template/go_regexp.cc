#include "template/go_regexp.h"

#include <re2/re2.h>

#include <map>
#include <mutex>
#include <vector>

#include "go/strconv.h"
#include "go/unicode.h"

namespace tocsin::tmpl {
namespace {

constexpr size_t kCacheLimit = 512;

const char* GoErrorCode(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

// Go's extract: the name after a '$' in a replacement template.
struct Ref {
  std::string name;
  int num = -1;
  size_t consumed = 0;
};

bool ExtractRef(std::string_view s, Ref* ref) {
  if (s.empty()) return false;
  bool brace = s[0] == '{';
  size_t start = brace ? 1 : 0;
  size_t i = start;
  while (i < s.size()) {
    go::DecodedRune d = go::DecodeRune(s, i);
    if (!go::IsLetter(d.rune) && !go::IsDigit(d.rune) && d.rune != '_') break;
    i += d.size;
  }
  if (i == start) return false;
  ref->name = std::string(s.substr(start, i - start));
  if (brace) {
    if (i >= s.size() || s[i] != '}') return false;
    ++i;
  }
  int num = 0;
  for (char c : ref->name) {
    if (c < '0' || c > '9' || num >= 100000000) {
      num = -1;
      break;
    }
    num = num * 10 + (c - '0');
  }
  if (ref->name[0] == '0' && ref->name.size() > 1) num = -1;
  ref->num = num;
  ref->consumed = i;
  return true;
}

// Go's Regexp.expand.
void Expand(std::string& dst, std::string_view tmpl, const RE2& re,
            const std::vector<re2::StringPiece>& groups) {
  while (!tmpl.empty()) {
    size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    dst.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      dst += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    Ref ref;
    if (!ExtractRef(tmpl, &ref)) {
      dst += '$';
      continue;
    }
    tmpl.remove_prefix(ref.consumed);
    int index = ref.num;
    if (index < 0) {
      const auto& names = re.NamedCapturingGroups();
      auto it = names.find(ref.name);
      if (it != names.end()) index = it->second;
    }
    if (index >= 0 && static_cast<size_t>(index) < groups.size() &&
        groups[index].data() != nullptr) {
      dst.append(groups[index].data(), groups[index].size());
    }
  }
  dst.append(tmpl);
}

}  // namespace

Result<std::shared_ptr<const re2::RE2>> CompileRegexp(std::string_view expr) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const RE2>, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(expr);
    if (it != cache.end()) return it->second;
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(
      re2::StringPiece(expr.data(), expr.size()), options);
  if (!re->ok()) {
    return Status::InvalidArgument(std::string("error parsing regexp: ") +
                                   GoErrorCode(re->error_code()) + ": `" +
                                   re->error_arg() + "`");
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= kCacheLimit) cache.clear();
  cache.emplace(std::string(expr), re);
  return std::shared_ptr<const RE2>(re);
}

Result<bool> RegexpMatchString(std::string_view pattern, std::string_view s) {
  auto re = CompileRegexp(pattern);
  if (!re.ok()) return re.status();
  return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), **re);
}

Result<std::string> RegexpReplaceAllString(std::string_view pattern,
                                           std::string_view src,
                                           std::string_view repl) {
  auto compiled = CompileRegexp(pattern);
  if (!compiled.ok()) {
    std::string quoted = go::CanBackquote(pattern)
                             ? "`" + std::string(pattern) + "`"
                             : go::Quote(pattern);
    return Status::Execution("regexp: Compile(" + quoted +
                             "): " + compiled.status().message());
  }
  const RE2& re = **compiled;
  size_t ngroups = repl.find('$') == std::string_view::npos
                       ? 1
                       : static_cast<size_t>(re.NumberOfCapturingGroups()) + 1;
  std::vector<re2::StringPiece> groups(ngroups);
  re2::StringPiece text(src.data(), src.size());
  std::string out;
  size_t last_end = 0, search = 0;
  while (search <= src.size()) {
    if (!re.Match(text, search, src.size(), RE2::UNANCHORED, groups.data(),
                  static_cast<int>(groups.size()))) {
      break;
    }
    size_t a0 = groups[0].data() - src.data();
    size_t a1 = a0 + groups[0].size();
    out.append(src.substr(last_end, a0 - last_end));
    if (a1 > last_end || a0 == 0) Expand(out, repl, re, groups);
    last_end = a1;
    size_t width = search < src.size() ? go::DecodeRune(src, search).size : 0;
    if (search + width > a1) {
      search += width;
    } else if (search + 1 > a1) {
      ++search;
    } else {
      search = a1;
    }
  }
  out.append(src.substr(last_end));
  return out;
}

std::string QuoteMeta(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace tocsin::tmpl
