// Go's unicode/utf8 and unicode packages, as far as templates use them:
// decoding and encoding UTF-8 the way Go does (an invalid byte decodes to
// U+FFFD with width 1), character classes and simple case mappings.
//
// All functions are pure and thread-safe. Runes are int32 code points.

#ifndef TOCSIN_GO_UNICODE_H_
#define TOCSIN_GO_UNICODE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::go {

inline constexpr int32_t kRuneError = 0xFFFD;
inline constexpr int32_t kMaxRune = 0x10FFFF;

struct DecodedRune {
  int32_t rune;
  int size;  // bytes consumed; 0 only at the end of input
};

// utf8.DecodeRuneInString(s[i:]).
DecodedRune DecodeRune(std::string_view s, size_t i);
// utf8.DecodeLastRuneInString(s[:end]).
DecodedRune DecodeLastRune(std::string_view s, size_t end);
// Appends the UTF-8 encoding of r (U+FFFD for invalid runes).
void AppendRune(std::string& out, int32_t r);
// utf8.RuneCountInString.
size_t RuneCount(std::string_view s);
// utf8.ValidString.
bool ValidUTF8(std::string_view s);

bool IsLetter(int32_t r);   // unicode.IsLetter
bool IsDigit(int32_t r);    // unicode.IsDigit
bool IsSpace(int32_t r);    // unicode.IsSpace
bool IsPrint(int32_t r);    // unicode.IsPrint
bool IsGraphic(int32_t r);  // L, M, N, P, S, Zs
bool IsUpper(int32_t r);
bool IsLower(int32_t r);
bool IsTitle(int32_t r);
bool IsPunct(int32_t r);  // category P

int32_t ToUpper(int32_t r);  // unicode.ToUpper (simple mapping)
int32_t ToLower(int32_t r);  // unicode.ToLower
int32_t ToTitle(int32_t r);  // unicode.ToTitle

}  // namespace tocsin::go

#endif  // TOCSIN_GO_UNICODE_H_
