// Unicode tables behind template/unicode.h: sorted, non-overlapping code
// point ranges per category, and simple case mappings as deltas. The data is
// generated (scripts/gen_unicode_tables.cc); the tables are immutable and
// safe to read from any thread.

#ifndef TOCSIN_GO_UNICODE_TABLES_H_
#define TOCSIN_GO_UNICODE_TABLES_H_

#include <cstdint>
#include <span>

namespace tocsin::go::unicode_tables {

struct RuneRange {
  int32_t lo;
  int32_t hi;
};

// A range whose runes alternate upper case (at lo) and lower case (lo + 1).
inline constexpr int32_t kUpperLower = 0x7FFFFFFF;

// Deltas to add to a rune in [lo, hi] to get its upper, lower and title case
// form; delta_upper == kUpperLower marks an alternating range.
struct CaseRange {
  int32_t lo;
  int32_t hi;
  int32_t delta_upper;
  int32_t delta_lower;
  int32_t delta_title;
};

std::span<const RuneRange> kLetterTable();      // categories Lu Ll Lt Lm Lo
std::span<const RuneRange> kDigitTable();       // category Nd
std::span<const RuneRange> kGraphicTable();     // categories L M N P S
std::span<const RuneRange> kPunctTable();       // categories P*
std::span<const RuneRange> kWhiteSpaceTable();  // property White_Space
std::span<const RuneRange> kUpperTable();       // category Lu
std::span<const RuneRange> kLowerTable();       // category Ll
std::span<const RuneRange> kTitleTable();       // category Lt
std::span<const CaseRange> kCaseTable();

}  // namespace tocsin::go::unicode_tables

#endif  // TOCSIN_GO_UNICODE_TABLES_H_
