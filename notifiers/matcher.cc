#include "notifiers/matcher.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "template/go_regexp.h"

namespace tocsin::notifiers {
namespace {

// Decodes one rune at s[i] as Go's range loop does: an invalid byte is
// U+FFFD of length 1.
struct Rune {
  uint32_t value;
  size_t size;
};
Rune DecodeRune(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return {c, 1};
  auto cont = [&](size_t k) {
    return i + k < s.size() && (b(k) & 0xC0) == 0x80;
  };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    return {((c & 0x1Fu) << 6) | (b(1) & 0x3Fu), 2};
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    uint32_t r = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) return {r, 3};
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    uint32_t r = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) |
                 ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
    if (r >= 0x10000 && r <= 0x10FFFF) return {r, 4};
  }
  return {0xFFFD, 1};
}

void AppendRune(std::string& out, std::string_view s, size_t i, Rune r) {
  if (r.value == 0xFFFD && r.size == 1) {
    out += "\xEF\xBF\xBD";
  } else {
    out.append(s.substr(i, r.size));
  }
}

const RE2& MatcherSyntax() {
  // Alertmanager's matcher pattern; RE2 alternation is leftmost-first as in
  // Go, so "=~" wins over "=". Latin-1 mode lets `.` take invalid UTF-8
  // bytes as Go's regexp does (the value is checked afterwards).
  static const RE2 re(
      R"(^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$)", [] {
        RE2::Options o;
        o.set_encoding(RE2::Options::EncodingLatin1);
        return o;
      }());
  return re;
}

MatchType TypeFromOperator(std::string_view op) {
  if (op == "=") return MatchType::kEqual;
  if (op == "!=") return MatchType::kNotEqual;
  if (op == "=~") return MatchType::kRegexMatch;
  return MatchType::kRegexNoMatch;
}

}  // namespace

Status CheckGoRegexp(std::string_view expr) {
  auto re = tmpl::CompileRegexp(expr);
  return re.ok() ? Status::OK() : re.status();
}

Result<Matcher> Matcher::Make(MatchType type, std::string name,
                              std::string value) {
  if (type == MatchType::kRegexMatch || type == MatchType::kRegexNoMatch) {
    Status s = CheckGoRegexp("^(?:" + value + ")$");
    if (!s.ok()) return s;
  }
  auto m = promql::Matcher::Make(type, std::move(name), std::move(value));
  if (!m.ok()) return m.status();
  return Matcher(std::move(m).value());
}

std::string Matcher::ToString() const {
  std::string out = name();
  out += promql::MatchTypeString(type());
  out += '"';
  out += OpenMetricsEscape(value());
  out += '"';
  return out;
}

bool MatchesAll(const Matchers& matchers, const promql::Labels& labels) {
  for (const Matcher& m : matchers) {
    if (!m.Matches(labels)) return false;
  }
  return true;
}

std::string MatchersToString(const Matchers& matchers) {
  std::string out = "{";
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i].ToString();
  }
  out += '}';
  return out;
}

void SortMatchers(Matchers& matchers) {
  std::stable_sort(matchers.begin(), matchers.end(),
                   [](const Matcher& a, const Matcher& b) {
                     if (a.name() != b.name()) return a.name() < b.name();
                     if (a.value() != b.value()) return a.value() < b.value();
                     return a.type() < b.type();
                   });
}

std::string OpenMetricsEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool ValidUtf8(std::string_view s) {
  // ASCII (nearly every label value) is valid: check 8 bytes at a time.
  size_t ascii = 0;
  for (; ascii + 8 <= s.size(); ascii += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + ascii, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  for (size_t i = ascii; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    Rune r = DecodeRune(s, i);
    if (r.value == 0xFFFD && r.size == 1) return false;
    i += r.size;
  }
  return true;
}

bool ValidLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (c >= '0' && c <= '9' && i > 0);
    if (!ok) return false;
  }
  return true;
}

Result<Matcher> ParseMatcher(std::string_view text) {
  std::string name, op, raw_match;
  if (!RE2::FullMatch(text, MatcherSyntax(), &name, &op, &raw_match)) {
    return Status::InvalidArgument("bad matcher format: " + std::string(text));
  }
  std::string_view raw = raw_match;
  bool expect_trailing_quote = false;
  if (!raw.empty() && raw.front() == '"') {
    raw.remove_prefix(1);
    expect_trailing_quote = true;
  }
  if (!ValidUtf8(raw)) {
    return Status::InvalidArgument("matcher value not valid UTF-8: " +
                                   raw_match);
  }
  std::string value;
  bool escaped = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        value += '\n';
      } else if (c == '"' || c == '\\') {
        value += c;
      } else {
        value += '\\';
        value += c;
      }
      continue;
    }
    if (c == '\\') {
      if (i < raw.size() - 1) {
        escaped = true;
        continue;
      }
      value += '\\';
    } else if (c == '"') {
      if (!expect_trailing_quote || i < raw.size() - 1) {
        return Status::InvalidArgument(
            "matcher value contains unescaped double quote: " + raw_match);
      }
      expect_trailing_quote = false;
    } else {
      value += c;
    }
  }
  if (expect_trailing_quote) {
    return Status::InvalidArgument(
        "matcher value contains unescaped double quote: " + raw_match);
  }
  return Matcher::Make(TypeFromOperator(op), std::move(name), std::move(value));
}

Result<Matchers> ParseMatchers(std::string_view text) {
  if (!text.empty() && text.front() == '{') text.remove_prefix(1);
  if (!text.empty() && text.back() == '}') text.remove_suffix(1);
  std::vector<std::string> tokens;
  std::string token;
  bool inside_quotes = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size();) {
    Rune r = DecodeRune(text, i);
    switch (r.value) {
      case ',':
        if (!inside_quotes) {
          tokens.push_back(std::move(token));
          token.clear();
          i += r.size;
          continue;
        }
        break;
      case '"':
        if (!escaped) {
          inside_quotes = !inside_quotes;
        } else {
          escaped = false;
        }
        break;
      case '\\':
        escaped = !escaped;
        break;
      default:
        escaped = false;
    }
    AppendRune(token, text, i, r);
    i += r.size;
  }
  // strings.TrimSpace of the last token.
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
  };
  size_t b = 0, e = token.size();
  while (b < e && is_space(token[b])) ++b;
  while (e > b && is_space(token[e - 1])) --e;
  if (e > b) tokens.push_back(token.substr(b, e - b));
  Matchers out;
  for (const std::string& t : tokens) {
    auto m = ParseMatcher(t);
    if (!m.ok()) return m.status();
    out.push_back(std::move(m).value());
  }
  return out;
}

}  // namespace tocsin::notifiers
