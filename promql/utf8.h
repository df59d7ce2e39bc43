// UTF-8 as Go's unicode/utf8 package reads and writes it. Prometheus's
// quoting, lexing and JSON output decide byte by byte on these rules, so
// tocsin uses this one implementation everywhere. Pure functions.

#ifndef TOCSIN_PROMQL_UTF8_H_
#define TOCSIN_PROMQL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::promql {

inline constexpr int32_t kRuneError = 0xFFFD;

// Go's utf8.DecodeRuneInString(s[i:]): the rune at s[i] (which must
// exist), its length in *width. Bytes that are not valid UTF-8 (bad
// sequences, overlong forms, surrogates, beyond U+10FFFF) decode as
// kRuneError with width 1.
int32_t DecodeRune(std::string_view s, size_t i, int* width);

// True for DecodeRune's answer to invalid bytes (a real U+FFFD in the
// input has width 3).
inline bool IsDecodeError(int32_t rune, int width) {
  return rune == kRuneError && width == 1;
}

// Go's utf8.ValidRune: a Unicode scalar value.
inline bool IsValidRune(int32_t r) {
  return r >= 0 && r <= 0x10FFFF && !(r >= 0xD800 && r <= 0xDFFF);
}

// Go's utf8.AppendRune: the UTF-8 bytes of `r`, or of U+FFFD when `r` is
// not a valid rune.
void AppendRune(std::string* out, int32_t r);

// Go's utf8.ValidString.
bool IsValidUtf8(std::string_view s);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_UTF8_H_
