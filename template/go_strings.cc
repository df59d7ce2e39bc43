#include "template/go_strings.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>

#include "go/unicode.h"

namespace tocsin::tmpl {
namespace {

// strings.Map: maps every rune; invalid UTF-8 bytes become U+FFFD.
template <typename F>
std::string MapRunes(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    go::DecodedRune d = go::DecodeRune(s, i);
    go::AppendRune(out, f(d.rune));
    i += d.size;
  }
  return out;
}

bool IsASCII(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// strings.Title's separators.
bool IsSeparator(int32_t r) {
  if (r <= 0x7F) {
    return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') ||
             (r >= 'A' && r <= 'Z') || r == '_');
  }
  if (go::IsLetter(r) || go::IsDigit(r)) return false;
  return go::IsSpace(r);
}

// Word-break classes for cases.Title: cased letters start or continue a
// word; "mid" characters (MidLetter, MidNumLet, Single_Quote) continue it
// unless doubled; letters, digits, marks and connectors never break it.
bool IsCased(int32_t r) {
  return go::IsUpper(r) || go::IsLower(r) || go::IsTitle(r) ||
         go::ToUpper(r) != r || go::ToLower(r) != r;
}

bool IsMid(int32_t r) {
  switch (r) {
    case '\'':
    case '.':
    case ':':
    case 0xB7:
    case 0x387:
    case 0x55F:
    case 0x5F4:
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0x2027:
    case 0xFE13:
    case 0xFE52:
    case 0xFE55:
    case 0xFF07:
    case 0xFF0E:
    case 0xFF1A:
      return true;
  }
  return false;
}

bool IsWordBreak(int32_t r) {
  if (go::IsLetter(r) || go::IsDigit(r) || IsMid(r) || r == '_') return false;
  if (r >= 0x300 && r <= 0x36F) return false;  // combining marks
  if (r == 0x200D || r == 0x200C || r == 0xAD) return false;
  if (r == 0x203F || r == 0x2040 || r == 0x2054 || r == 0xFE33 || r == 0xFE34 ||
      (r >= 0xFE4D && r <= 0xFE4F) || r == 0xFF3F) {
    return false;
  }
  return true;
}

bool Unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
}

void AppendPercent(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

bool ParseIPv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (parts > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == start || v > 255) return false;
    if (i - start > 1 && s[start] == '0') return false;  // no leading zeros
    ++parts;
  }
  return i == s.size();
}

// Unconditional special title-casings (Unicode SpecialCasing.txt), which
// x/text's cases.Title applies to the first letter of a word.
const char* SpecialTitle(int32_t r) {
  switch (r) {
    case 0xDF:
      return "Ss";
    case 0x149:
      return "\xCA\xBCN";
    case 0x1F0:
      return "J\xCC\x8C";
    case 0x390:
      return "\xCE\x99\xCC\x88\xCC\x81";
    case 0x3B0:
      return "\xCE\xA5\xCC\x88\xCC\x81";
    case 0x587:
      return "\xD4\xB5\xD6\x82";
    case 0x1E96:
      return "H\xCC\xB1";
    case 0x1E97:
      return "T\xCC\x88";
    case 0x1E98:
      return "W\xCC\x8A";
    case 0x1E99:
      return "Y\xCC\x8A";
    case 0x1E9A:
      return "A\xCA\xBE";
    case 0xFB00:
      return "Ff";
    case 0xFB01:
      return "Fi";
    case 0xFB02:
      return "Fl";
    case 0xFB03:
      return "Ffi";
    case 0xFB04:
      return "Ffl";
    case 0xFB05:
      return "St";
    case 0xFB06:
      return "St";
    case 0xFB13:
      return "\xD5\x84\xD5\xB6";
    case 0xFB14:
      return "\xD5\x84\xD5\xA5";
    case 0xFB15:
      return "\xD5\x84\xD5\xAB";
    case 0xFB16:
      return "\xD5\x8E\xD5\xB6";
    case 0xFB17:
      return "\xD5\x84\xD5\xAD";
  }
  return nullptr;
}

}  // namespace

std::string ToUpper(std::string_view s) {
  if (IsASCII(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
  }
  return MapRunes(s, [](int32_t r) { return go::ToUpper(r); });
}

std::string ToLower(std::string_view s) {
  if (IsASCII(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  return MapRunes(s, [](int32_t r) { return go::ToLower(r); });
}

std::string StringsTitle(std::string_view s) {
  int32_t prev = ' ';
  return MapRunes(s, [&prev](int32_t r) {
    int32_t out = IsSeparator(prev) ? go::ToTitle(r) : r;
    prev = r;
    return out;
  });
}

std::string CasesTitle(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool mid_word = false;
  bool prev_mid = false;
  for (size_t i = 0; i < s.size();) {
    go::DecodedRune d = go::DecodeRune(s, i);
    int32_t r = d.rune;
    bool mid = IsMid(r);
    if (prev_mid && mid) mid_word = false;
    if (IsCased(r) || SpecialTitle(r) != nullptr) {
      if (mid_word) {
        if (r == 0x130) {
          out += "i\xCC\x87";  // full lower-casing of U+0130
        } else {
          go::AppendRune(out, go::ToLower(r));
        }
      } else if (const char* special = SpecialTitle(r)) {
        out += special;
      } else {
        go::AppendRune(out, go::ToTitle(r));
      }
      mid_word = true;
    } else {
      out.append(s.substr(i, d.size));
      if (IsWordBreak(r)) mid_word = false;
    }
    prev_mid = mid;
    i += d.size;
  }
  return out;
}

std::string HTMLEscapeString(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\0':
        out += "\xEF\xBF\xBD";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string JSEscapeString(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\'':
          out += "\\'";
          break;
        case '"':
          out += "\\\"";
          break;
        case '<':
          out += "\\u003C";
          break;
        case '>':
          out += "\\u003E";
          break;
        case '&':
          out += "\\u0026";
          break;
        case '=':
          out += "\\u003D";
          break;
        default:
          if (c < ' ') {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    go::DecodedRune d = go::DecodeRune(s, i);
    if (go::IsPrint(d.rune)) {
      out.append(s.substr(i, d.size));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "\\u%04X", d.rune);
      out += buf;
    }
    i += d.size;
  }
  return out;
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = ch;
    if (Unreserved(c)) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      AppendPercent(out, c);
    }
  }
  return out;
}

std::string PathEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = ch;
    if (Unreserved(c) || c == '$' || c == '&' || c == '+' || c == ':' ||
        c == '=' || c == '@') {
      out += ch;
    } else {
      AppendPercent(out, c);
    }
  }
  return out;
}

std::optional<HostPort> SplitHostPort(std::string_view hp) {
  size_t i = hp.rfind(':');
  if (i == std::string_view::npos) return std::nullopt;
  size_t j = 0, k = 0;
  HostPort out;
  if (!hp.empty() && hp[0] == '[') {
    size_t end = hp.find(']');
    if (end == std::string_view::npos) return std::nullopt;
    if (end + 1 != i) return std::nullopt;
    out.host = std::string(hp.substr(1, end - 1));
    j = 1;
    k = end + 1;
  } else {
    out.host = std::string(hp.substr(0, i));
    if (out.host.find(':') != std::string::npos) return std::nullopt;
  }
  if (hp.substr(j).find('[') != std::string_view::npos) return std::nullopt;
  if (hp.substr(k).find(']') != std::string_view::npos) return std::nullopt;
  out.port = std::string(hp.substr(i + 1));
  return out;
}

std::string JoinHostPort(std::string_view host, std::string_view port) {
  if (host.find(':') != std::string_view::npos) {
    return "[" + std::string(host) + "]:" + std::string(port);
  }
  return std::string(host) + ":" + std::string(port);
}

bool IsIP(std::string_view s) {
  if (s.find(':') == std::string_view::npos) return ParseIPv4(s);
  if (s.find('%') != std::string_view::npos) return false;
  std::string copy(s);
  unsigned char buf[16];
  return inet_pton(AF_INET6, copy.c_str(), buf) == 1;
}

}  // namespace tocsin::tmpl
