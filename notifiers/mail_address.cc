#include "notifiers/mail_address.h"

#include <cctype>
#include <optional>

#include "go/strconv.h"
#include "go/unicode.h"
#include "notifiers/mime_message.h"

namespace tocsin::notifiers {
namespace {

bool IsVchar(int32_t r) { return (r >= '!' && r <= '~') || r >= 0x80; }
bool IsWsp(int32_t r) { return r == ' ' || r == '\t'; }
bool IsQtext(int32_t r) { return r != '\\' && r != '"' && IsVchar(r); }

// atext, with '.' when `dot`, and the specials except <>:" when
// `permissive`.
bool IsAtext(int32_t r, bool dot, bool permissive) {
  switch (r) {
    case '.':
      return dot;
    case '(':
    case ')':
    case '[':
    case ']':
    case ';':
    case '@':
    case '\\':
    case ',':
      return permissive;
    case '<':
    case '>':
    case '"':
    case ':':
      return false;
    default:
      return IsVchar(r);
  }
}

Status Fail(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

// One RFC 2047 encoded word ("=?charset?q?text?="), decoded as Go's
// mime.WordDecoder does for the charsets it knows. nullopt when `word` is
// not a valid encoded word (then it is used as it is).
struct Decoded {
  std::string text;
  Status charset_error;
};
std::optional<Decoded> DecodeWord(std::string_view word);

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<std::vector<MailAddress>> List() {
    std::vector<MailAddress> list;
    while (true) {
      SkipSpace();
      // Empty entries are skipped (RFC 5322's obs-addr-list).
      if (Consume(',')) continue;
      auto addrs = Address(true);
      if (!addrs.ok()) return addrs.status();
      for (MailAddress& a : *addrs) list.push_back(std::move(a));
      if (!SkipCfws()) return Fail("mail: misformatted parenthetical comment");
      if (s_.empty()) break;
      if (s_.front() != ',') return Fail("mail: expected comma");
      while (Consume(',')) SkipSpace();
      if (s_.empty()) break;
    }
    return list;
  }

 private:
  // address = mailbox / group; an addr-spec is tried first, then
  // name-addr.
  Result<std::vector<MailAddress>> Address(bool handle_group) {
    SkipSpace();
    if (s_.empty()) return Fail("mail: no address");
    auto spec = AddrSpec();
    if (spec.ok()) {
      std::string name;
      SkipSpace();
      if (!s_.empty() && s_.front() == '(') {
        auto comment = DisplayNameComment();
        if (!comment.ok()) return comment.status();
        name = *comment;
      }
      return std::vector<MailAddress>{{name, *spec}};
    }
    std::string name;
    if (s_.empty() || s_.front() != '<') {
      auto phrase = Phrase();
      if (!phrase.ok()) return phrase.status();
      name = *phrase;
    }
    SkipSpace();
    if (handle_group && Consume(':')) return GroupList();
    if (!Consume('<')) {
      // "foo.bar" was perhaps meant as foo.bar@domain; "Full Name" cannot
      // have been.
      bool atext = true;
      for (size_t i = 0; i < name.size() && atext;) {
        go::DecodedRune d = go::DecodeRune(name, i);
        atext = IsAtext(d.rune, true, false);
        i += static_cast<size_t>(d.size);
      }
      return Fail(atext ? "mail: missing '@' or angle-addr"
                        : "mail: no angle-addr");
    }
    spec = AddrSpec();
    if (!spec.ok()) return spec.status();
    if (!Consume('>')) return Fail("mail: unclosed angle-addr");
    return std::vector<MailAddress>{{name, *spec}};
  }

  Result<std::vector<MailAddress>> GroupList() {
    std::vector<MailAddress> group;
    SkipSpace();
    if (Consume(';')) {
      SkipCfws();
      return group;
    }
    while (true) {
      SkipSpace();
      auto addrs = Address(false);  // groups do not nest
      if (!addrs.ok()) return addrs.status();
      for (MailAddress& a : *addrs) group.push_back(std::move(a));
      if (!SkipCfws()) return Fail("mail: misformatted parenthetical comment");
      if (Consume(';')) {
        SkipCfws();
        break;
      }
      if (!Consume(',')) return Fail("mail: expected comma");
    }
    return group;
  }

  // local-part "@" domain; on failure the input is left as it was.
  Result<std::string> AddrSpec() {
    std::string_view orig = s_;
    auto r = AddrSpecInner();
    if (!r.ok()) s_ = orig;
    return r;
  }

  Result<std::string> AddrSpecInner() {
    SkipSpace();
    if (s_.empty()) return Fail("mail: no addr-spec");
    std::string local;
    if (s_.front() == '"') {
      auto q = QuotedString();
      if (!q.ok()) return q.status();
      if (q->empty()) return Fail("mail: empty quoted string in addr-spec");
      local = *q;
    } else {
      auto a = Atom(true, false);
      if (!a.ok()) return a.status();
      local = *a;
    }
    if (!Consume('@')) return Fail("mail: missing @ in addr-spec");
    SkipSpace();
    if (s_.empty()) return Fail("mail: no domain in addr-spec");
    auto domain = Atom(true, false);
    if (!domain.ok()) return domain.status();
    return local + "@" + *domain;
  }

  // phrase = 1*word; adjacent encoded words are joined without a space.
  Result<std::string> Phrase() {
    std::vector<std::string> words;
    bool prev_encoded = false;
    Status err;
    while (true) {
      SkipSpace();
      if (s_.empty()) break;
      bool encoded = false;
      std::string word;
      if (s_.front() == '"') {
        auto q = QuotedString();
        if (!q.ok()) {
          err = q.status();
          break;
        }
        word = *q;
      } else {
        auto a = Atom(true, true);
        if (!a.ok()) {
          err = a.status();
          break;
        }
        word = *a;
        if (auto d = DecodeWord(word)) {
          if (!d->charset_error.ok()) {
            err = d->charset_error;
            break;
          }
          word = d->text;
          encoded = true;
        }
      }
      if (prev_encoded && encoded) {
        words.back() += word;
      } else {
        words.push_back(std::move(word));
      }
      prev_encoded = encoded;
    }
    if (!err.ok() && words.empty()) {
      return Fail("mail: missing word in phrase: " + err.message());
    }
    std::string phrase;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) phrase += ' ';
      phrase += words[i];
    }
    return phrase;
  }

  Result<std::string> QuotedString() {
    size_t i = 1;  // past the opening quote
    std::string out;
    bool escaped = false;
    while (true) {
      go::DecodedRune d = go::DecodeRune(s_, i);
      if (d.size == 0) return Fail("mail: unclosed quoted-string");
      if (d.size == 1 && d.rune == go::kRuneError) {
        return Fail("mail: invalid utf-8 in quoted-string: " + go::Quote(s_));
      }
      if (escaped) {
        if (!IsVchar(d.rune) && !IsWsp(d.rune)) {
          return Fail("mail: bad character in quoted-string: " +
                      go::QuoteRune(d.rune));
        }
        go::AppendRune(out, d.rune);
        escaped = false;
      } else if (IsQtext(d.rune) || IsWsp(d.rune)) {
        go::AppendRune(out, d.rune);
      } else if (d.rune == '"') {
        break;
      } else if (d.rune == '\\') {
        escaped = true;
      } else {
        return Fail("mail: bad character in quoted-string: " +
                    go::QuoteRune(d.rune));
      }
      i += static_cast<size_t>(d.size);
    }
    s_.remove_prefix(i + 1);
    return out;
  }

  Result<std::string> Atom(bool dot, bool permissive) {
    size_t i = 0;
    while (true) {
      go::DecodedRune d = go::DecodeRune(s_, i);
      if (d.size == 1 && d.rune == go::kRuneError) {
        return Fail("mail: invalid utf-8 in address: " + go::Quote(s_));
      }
      if (d.size == 0 || !IsAtext(d.rune, dot, permissive)) break;
      i += static_cast<size_t>(d.size);
    }
    if (i == 0) return Fail("mail: invalid string");
    std::string atom(s_.substr(0, i));
    s_.remove_prefix(i);
    if (!permissive) {
      if (atom.front() == '.') return Fail("mail: leading dot in atom");
      if (atom.find("..") != std::string::npos) {
        return Fail("mail: double dot in atom");
      }
      if (atom.back() == '.') return Fail("mail: trailing dot in atom");
    }
    return atom;
  }

  // "addr-spec (Display Name)": the comment's words, encoded words decoded.
  Result<std::string> DisplayNameComment() {
    Consume('(');
    std::string comment;
    if (!Comment(&comment)) {
      return Fail("mail: misformatted parenthetical comment");
    }
    std::string out;
    size_t i = 0;
    while (i < comment.size()) {
      size_t start = comment.find_first_not_of(" \t", i);
      if (start == std::string::npos) break;
      size_t end = comment.find_first_of(" \t", start);
      if (end == std::string::npos) end = comment.size();
      std::string word = comment.substr(start, end - start);
      if (auto d = DecodeWord(word)) {
        if (!d->charset_error.ok()) return d->charset_error;
        word = d->text;
      }
      if (!out.empty()) out += ' ';
      out += word;
      i = end;
    }
    return out;
  }

  // After '(': the comment up to its matching ')', nested parentheses and
  // backslash escapes included as Go keeps them.
  bool Comment(std::string* out) {
    int depth = 1;
    while (!s_.empty() && depth > 0) {
      if (s_.front() == '\\' && s_.size() > 1) {
        s_.remove_prefix(1);
      } else if (s_.front() == '(') {
        ++depth;
      } else if (s_.front() == ')') {
        --depth;
      }
      if (depth > 0) out->push_back(s_.front());
      s_.remove_prefix(1);
    }
    return depth == 0;
  }

  bool SkipCfws() {
    SkipSpace();
    while (Consume('(')) {
      std::string ignored;
      if (!Comment(&ignored)) return false;
      SkipSpace();
    }
    return true;
  }

  void SkipSpace() {
    while (!s_.empty() && (s_.front() == ' ' || s_.front() == '\t')) {
      s_.remove_prefix(1);
    }
  }

  bool Consume(char c) {
    if (s_.empty() || s_.front() != c) return false;
    s_.remove_prefix(1);
    return true;
  }

  std::string_view s_;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> DecodeQ(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi << 4 | lo);
      i += 2;
    } else if ((c >= ' ' && c <= '~') || c == '\n' || c == '\r' || c == '\t') {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<Decoded> DecodeWord(std::string_view word) {
  if (word.size() < 4 || word.substr(0, 2) != "=?" ||
      word.substr(word.size() - 2) != "?=") {
    return std::nullopt;
  }
  size_t marks = 0;
  for (char c : word) marks += c == '?';
  if (marks != 4) return std::nullopt;
  std::string_view inner = word.substr(2, word.size() - 4);
  size_t split = inner.find('?');
  if (split == std::string_view::npos || split + 2 >= inner.size() ||
      inner[split + 2] != '?') {
    return std::nullopt;
  }
  std::string_view charset = inner.substr(0, split);
  char encoding = inner[split + 1];
  std::string_view text = inner.substr(split + 3);
  std::optional<std::string> content;
  if (encoding == 'B' || encoding == 'b') {
    auto b = Base64Decode(text);
    if (b.ok()) content = std::move(b).value();
  } else if (encoding == 'Q' || encoding == 'q') {
    content = DecodeQ(text);
  }
  if (!content) return std::nullopt;
  Decoded d;
  if (EqualFold(charset, "utf-8")) {
    d.text = std::move(*content);
  } else if (EqualFold(charset, "iso-8859-1")) {
    for (unsigned char c : *content) go::AppendRune(d.text, c);
  } else if (EqualFold(charset, "us-ascii")) {
    for (unsigned char c : *content) {
      go::AppendRune(d.text, c >= 0x80 ? go::kRuneError : c);
    }
  } else {
    std::string lower(charset);
    for (char& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    d.charset_error = Fail("charset not supported: " + go::Quote(lower));
  }
  return d;
}

}  // namespace

Result<std::vector<MailAddress>> ParseMailAddressList(std::string_view list) {
  return Parser(list).List();
}

}  // namespace tocsin::notifiers
