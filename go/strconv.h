// Go's strconv package, as far as templates need it: float formatting in
// every mode fmt uses, integer formatting in any base, quoting of strings and
// runes, and parsing of floats and character literals with Go's error texts.
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_GO_STRCONV_H_
#define TOCSIN_GO_STRCONV_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "promql/status.h"

namespace tocsin::go {

// strconv.FormatFloat(v, fmt, prec, 64) for fmt in 'e', 'E', 'f', 'F', 'g',
// 'G'; prec < 0 asks for the shortest representation that round-trips.
// Infinities are "+Inf" / "-Inf", NaN is "NaN".
std::string FormatFloat(double v, char fmt, int prec);

// strconv.FormatInt / FormatUint in base 2..36 (lower-case digits).
std::string FormatInt(int64_t v, int base);
std::string FormatUint(uint64_t v, int base);

// strconv.Quote, strconv.QuoteToASCII and strconv.QuoteRune.
std::string Quote(std::string_view s);
std::string QuoteToASCII(std::string_view s);
std::string QuoteRune(int32_t r);

// strconv.CanBackquote.
bool CanBackquote(std::string_view s);

// strconv.ParseFloat(s, 64). On failure the error reads like Go's:
// `strconv.ParseFloat: parsing "x": invalid syntax` (or "value out of
// range").
Result<double> ParseFloat(std::string_view s);

// strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64): base prefixes 0x, 0o,
// 0b and a leading 0 (octal), underscores between digits.
Result<int64_t> ParseInt(std::string_view s);
Result<uint64_t> ParseUint(std::string_view s);

// strconv.UnquoteChar(s, quote): the first character or escape sequence
// of `s`. `multibyte` tells a rune (to be written as UTF-8) from a single
// byte (\x and octal escapes); `size` is the number of bytes read. nullopt
// on a syntax error, including an unescaped `quote`.
struct UnquotedChar {
  int32_t value;
  bool multibyte;
  size_t size;
};
std::optional<UnquotedChar> UnquoteChar(std::string_view s, char quote);

// The body of a "..." or '...' literal (without its quotes) decoded
// character by character with UnquoteChar, as strconv.Unquote and
// Prometheus's strutil.Unquote do. nullopt on a syntax error or a newline.
std::optional<std::string> UnquoteBody(std::string_view body, char quote);

// strconv.Unquote for "...", `...` and '...' (one character) literals; the
// error text is Go's "invalid syntax".
Result<std::string> Unquote(std::string_view literal);

// strconv.UnquoteChar applied to a whole character literal such as 'a' or
// '\n': the rune, or an error ("invalid syntax" or "malformed character
// constant: 'ab'").
Result<int32_t> UnquoteCharLiteral(std::string_view literal);

}  // namespace tocsin::go

#endif  // TOCSIN_GO_STRCONV_H_
