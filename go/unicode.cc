#include "go/unicode.h"

#include <algorithm>
#include <span>

#include "go/unicode_tables.h"

namespace tocsin::go {
namespace {

using unicode_tables::CaseRange;
using unicode_tables::RuneRange;

bool InTable(std::span<const RuneRange> table, int32_t r) {
  auto it = std::upper_bound(
      table.begin(), table.end(), r,
      [](int32_t v, const RuneRange& range) { return v < range.lo; });
  if (it == table.begin()) return false;
  --it;
  return r <= it->hi;
}

enum CaseKind { kUpperCase, kLowerCase, kTitleCase };

int32_t ToCase(CaseKind kind, int32_t r) {
  if (r < 0x80) {
    if (kind == kLowerCase) return r >= 'A' && r <= 'Z' ? r + 32 : r;
    return r >= 'a' && r <= 'z' ? r - 32 : r;
  }
  auto table = unicode_tables::kCaseTable();
  auto it = std::upper_bound(
      table.begin(), table.end(), r,
      [](int32_t v, const CaseRange& range) { return v < range.lo; });
  if (it == table.begin()) return r;
  --it;
  if (r > it->hi) return r;
  if (it->delta_upper == unicode_tables::kUpperLower) {
    bool upper = (r - it->lo) % 2 == 0;
    if (kind == kLowerCase) return upper ? r + 1 : r;
    return upper ? r : r - 1;
  }
  switch (kind) {
    case kUpperCase:
      return r + it->delta_upper;
    case kLowerCase:
      return r + it->delta_lower;
    case kTitleCase:
      return r + it->delta_title;
  }
  return r;
}

}  // namespace

DecodedRune DecodeRune(std::string_view s, size_t i) {
  if (i >= s.size()) return {kRuneError, 0};
  unsigned char c = s[i];
  if (c < 0x80) return {c, 1};
  int n;
  int32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, r = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, r = c & 0x07, min = 0x10000;
  } else {
    return {kRuneError, 1};
  }
  if (i + n > s.size()) return {kRuneError, 1};
  for (int k = 1; k < n; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return {kRuneError, 1};
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > kMaxRune || (r >= 0xD800 && r <= 0xDFFF)) {
    return {kRuneError, 1};
  }
  return {r, n};
}

DecodedRune DecodeLastRune(std::string_view s, size_t end) {
  if (end == 0) return {kRuneError, 0};
  size_t start = end - 1;
  // Back up over at most three continuation bytes.
  size_t lim = end >= 4 ? end - 4 : 0;
  while (start > lim && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  DecodedRune d = DecodeRune(s.substr(0, end), start);
  if (start + d.size != end) return {kRuneError, 1};
  return d;
}

void AppendRune(std::string& out, int32_t r) {
  if (r < 0 || r > kMaxRune || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += DecodeRune(s, i).size) ++n;
  return n;
}

bool ValidUTF8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = DecodeRune(s, i);
    if (d.rune == kRuneError && d.size == 1) return false;
    i += d.size;
  }
  return true;
}

bool IsLetter(int32_t r) {
  if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
  return InTable(unicode_tables::kLetterTable(), r);
}

bool IsDigit(int32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return InTable(unicode_tables::kDigitTable(), r);
}

bool IsSpace(int32_t r) {
  if (r <= 0xFF) {
    switch (r) {
      case '\t':
      case '\n':
      case '\v':
      case '\f':
      case '\r':
      case ' ':
      case 0x85:
      case 0xA0:
        return true;
    }
    return false;
  }
  return InTable(unicode_tables::kWhiteSpaceTable(), r);
}

bool IsPrint(int32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  return InTable(unicode_tables::kGraphicTable(), r);
}

bool IsGraphic(int32_t r) {
  if (IsPrint(r)) return true;
  // Space separators (Zs) other than U+0020.
  return r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) ||
         r == 0x202F || r == 0x205F || r == 0x3000;
}

bool IsUpper(int32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z';
  return InTable(unicode_tables::kUpperTable(), r);
}

bool IsLower(int32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z';
  return InTable(unicode_tables::kLowerTable(), r);
}

bool IsTitle(int32_t r) {
  if (r < 0x80) return false;
  return InTable(unicode_tables::kTitleTable(), r);
}

bool IsPunct(int32_t r) {
  if (r < 0x80) {
    switch (r) {
      case '!':
      case '"':
      case '#':
      case '%':
      case '&':
      case '\'':
      case '(':
      case ')':
      case '*':
      case ',':
      case '-':
      case '.':
      case '/':
      case ':':
      case ';':
      case '?':
      case '@':
      case '[':
      case '\\':
      case ']':
      case '_':
      case '{':
      case '}':
        return true;
    }
    return false;
  }
  return InTable(unicode_tables::kPunctTable(), r);
}

int32_t ToUpper(int32_t r) { return ToCase(kUpperCase, r); }
int32_t ToLower(int32_t r) { return ToCase(kLowerCase, r); }
int32_t ToTitle(int32_t r) { return ToCase(kTitleCase, r); }

}  // namespace tocsin::go
