#include "template/go_time.h"

#include <array>
#include <cstdio>

namespace tocsin::tmpl {
namespace {

constexpr std::array<const char*, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kDays = {
    "Sunday",   "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday"};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct Civil {
  int64_t year;
  int month;    // 1..12
  int day;      // 1..31
  int yday;     // 1..366
  int weekday;  // 0 = Sunday
  int hour, minute, second;
};

// Days since 1970-01-01 to a proleptic Gregorian date.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil ToCivil(const GoTime& t) {
  int64_t local = t.sec + t.offset;
  int64_t days = FloorDiv(local, 86400);
  int64_t secs = local - days * 86400;
  Civil c;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01: Thu
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

void AppendInt(std::string& b, int64_t x, int width) {
  if (x < 0) {
    b += '-';
    x = -x;
  }
  std::string digits = std::to_string(x);
  for (int i = static_cast<int>(digits.size()); i < width; ++i) b += '0';
  b += digits;
}

enum Std {
  kNone,
  kLongMonth,
  kMonth,
  kNumMonth,
  kZeroMonth,
  kLongWeekDay,
  kWeekDay,
  kDay,
  kUnderDay,
  kZeroDay,
  kUnderYearDay,
  kZeroYearDay,
  kHour,
  kHour12,
  kZeroHour12,
  kMinute,
  kZeroMinute,
  kSecond,
  kZeroSecond,
  kLongYear,
  kYear,
  kPM,
  kpm,
  kTZ,
  kISO8601TZ,
  kISO8601SecondsTZ,
  kISO8601ShortTZ,
  kISO8601ColonTZ,
  kISO8601ColonSecondsTZ,
  kNumTZ,
  kNumSecondsTz,
  kNumShortTZ,
  kNumColonTZ,
  kNumColonSecondsTZ,
  kFracSecond0,
  kFracSecond9,
};

struct Chunk {
  std::string_view prefix;
  Std std = kNone;
  int frac_digits = 0;
  char frac_sep = '.';
  std::string_view suffix;
};

bool StartsWithLower(std::string_view s) {
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
}

// Go's nextStdChunk.
Chunk NextChunk(std::string_view layout) {
  auto at = [&](size_t i, std::string_view w) {
    return layout.substr(i).starts_with(w);
  };
  for (size_t i = 0; i < layout.size(); ++i) {
    Chunk c;
    c.prefix = layout.substr(0, i);
    auto ret = [&](Std s, size_t len) {
      c.std = s;
      c.suffix = layout.substr(i + len);
      return c;
    };
    switch (layout[i]) {
      case 'J':
        if (at(i, "Jan")) {
          if (at(i, "January")) return ret(kLongMonth, 7);
          if (!StartsWithLower(layout.substr(i + 3))) return ret(kMonth, 3);
        }
        break;
      case 'M':
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return ret(kLongWeekDay, 6);
          if (!StartsWithLower(layout.substr(i + 3))) return ret(kWeekDay, 3);
        }
        if (at(i, "MST")) return ret(kTZ, 3);
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' &&
            layout[i + 1] <= '6') {
          static constexpr Std k0x[] = {kZeroMonth,  kZeroDay,    kZeroHour12,
                                        kZeroMinute, kZeroSecond, kYear};
          return ret(k0x[layout[i + 1] - '1'], 2);
        }
        if (at(i, "002")) return ret(kZeroYearDay, 3);
        break;
      case '1':
        if (at(i, "15")) return ret(kHour, 2);
        return ret(kNumMonth, 1);
      case '2':
        if (at(i, "2006")) return ret(kLongYear, 4);
        return ret(kDay, 1);
      case '_':
        if (at(i, "_2")) {
          if (at(i, "_2006")) {
            c.prefix = layout.substr(0, i + 1);
            c.std = kLongYear;
            c.suffix = layout.substr(i + 5);
            return c;
          }
          return ret(kUnderDay, 2);
        }
        if (at(i, "__2")) return ret(kUnderYearDay, 3);
        break;
      case '3':
        return ret(kHour12, 1);
      case '4':
        return ret(kMinute, 1);
      case '5':
        return ret(kSecond, 1);
      case 'P':
        if (at(i, "PM")) return ret(kPM, 2);
        break;
      case 'p':
        if (at(i, "pm")) return ret(kpm, 2);
        break;
      case '-':
        if (at(i, "-070000")) return ret(kNumSecondsTz, 7);
        if (at(i, "-07:00:00")) return ret(kNumColonSecondsTZ, 9);
        if (at(i, "-0700")) return ret(kNumTZ, 5);
        if (at(i, "-07:00")) return ret(kNumColonTZ, 6);
        if (at(i, "-07")) return ret(kNumShortTZ, 3);
        break;
      case 'Z':
        if (at(i, "Z070000")) return ret(kISO8601SecondsTZ, 7);
        if (at(i, "Z07:00:00")) return ret(kISO8601ColonSecondsTZ, 9);
        if (at(i, "Z0700")) return ret(kISO8601TZ, 5);
        if (at(i, "Z07:00")) return ret(kISO8601ColonTZ, 6);
        if (at(i, "Z07")) return ret(kISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.size() &&
            (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char ch = layout[i + 1];
          size_t j = i + 1;
          while (j < layout.size() && layout[j] == ch) ++j;
          if (!(j < layout.size() && layout[j] >= '0' && layout[j] <= '9')) {
            c.std = ch == '0' ? kFracSecond0 : kFracSecond9;
            c.frac_digits = static_cast<int>(j - (i + 1));
            c.frac_sep = layout[i];
            c.suffix = layout.substr(j);
            return c;
          }
        }
        break;
    }
  }
  Chunk c;
  c.prefix = layout;
  return c;
}

void AppendZone(std::string& b, Std std, int offset) {
  bool iso = std == kISO8601TZ || std == kISO8601ColonTZ ||
             std == kISO8601SecondsTZ || std == kISO8601ShortTZ ||
             std == kISO8601ColonSecondsTZ;
  if (offset == 0 && iso) {
    b += 'Z';
    return;
  }
  int zone = offset / 60;
  int absoffset = offset;
  if (zone < 0) {
    b += '-';
    zone = -zone;
    absoffset = -absoffset;
  } else {
    b += '+';
  }
  AppendInt(b, zone / 60, 2);
  bool colon = std == kISO8601ColonTZ || std == kNumColonTZ ||
               std == kISO8601ColonSecondsTZ || std == kNumColonSecondsTZ;
  if (colon) b += ':';
  if (std != kNumShortTZ && std != kISO8601ShortTZ) AppendInt(b, zone % 60, 2);
  if (std == kISO8601SecondsTZ || std == kNumSecondsTz ||
      std == kNumColonSecondsTZ || std == kISO8601ColonSecondsTZ) {
    if (std == kNumColonSecondsTZ || std == kISO8601ColonSecondsTZ) b += ':';
    AppendInt(b, absoffset % 60, 2);
  }
}

void AppendNano(std::string& b, int nanosec, const Chunk& c) {
  bool trim = c.std == kFracSecond9;
  int n = c.frac_digits;
  if (trim && (n == 0 || nanosec == 0)) return;
  size_t start = b.size();
  b += c.frac_sep;
  AppendInt(b, nanosec, 9);
  if (n < 9) b.resize(b.size() - 9 + n);
  if (trim) {
    while (b.size() > start && b.back() == '0') b.pop_back();
    if (b.size() > start && b.back() == c.frac_sep) b.pop_back();
  }
}

}  // namespace

// Duration.String: "1h2m3.5s", "1.5ms", "0s".
std::string DurationText(int64_t d) {
  uint64_t u = d < 0 ? 0 - static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
  auto frac = [](std::string& out, uint64_t& v, int prec) {
    std::string digits;
    bool print = false;
    for (int i = 0; i < prec; ++i) {
      int digit = static_cast<int>(v % 10);
      print = print || digit != 0;
      if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
      v /= 10;
    }
    if (print) out = "." + digits + out;
  };
  std::string out;
  if (u < 1000000000) {
    if (u == 0) return "0s";
    int prec;
    std::string unit;
    if (u < 1000) {
      prec = 0, unit = "ns";
    } else if (u < 1000000) {
      prec = 3, unit = "\xC2\xB5s";
    } else {
      prec = 6, unit = "ms";
    }
    out = unit;
    frac(out, u, prec);
    out = std::to_string(u) + out;
  } else {
    out = "s";
    frac(out, u, 9);
    out = std::to_string(u % 60) + out;
    u /= 60;
    if (u > 0) {
      out = std::to_string(u % 60) + "m" + out;
      u /= 60;
      if (u > 0) out = std::to_string(u) + "h" + out;
    }
  }
  if (d < 0) out = "-" + out;
  return out;
}

GoTime GoTime::FromUnixNano(int64_t ns) {
  GoTime t;
  t.sec = FloorDiv(ns, 1000000000);
  t.nsec = static_cast<int32_t>(ns - t.sec * 1000000000);
  return t;
}

GoTime GoTime::FromUnixMilli(int64_t ms) {
  GoTime t;
  t.sec = FloorDiv(ms, 1000);
  t.nsec = static_cast<int32_t>((ms - t.sec * 1000) * 1000000);
  return t;
}

GoTime GoTime::UTC() const {
  GoTime t = *this;
  t.offset = 0;
  t.zone = "UTC";
  return t;
}

std::string FormatTime(const GoTime& t, std::string_view layout) {
  Civil c = ToCivil(t);
  std::string b;
  while (!layout.empty()) {
    Chunk ch = NextChunk(layout);
    b += ch.prefix;
    if (ch.std == kNone) break;
    layout = ch.suffix;
    switch (ch.std) {
      case kYear:
        AppendInt(b, (c.year < 0 ? -c.year : c.year) % 100, 2);
        break;
      case kLongYear:
        AppendInt(b, c.year, 4);
        break;
      case kMonth:
        b += std::string_view(kMonths[c.month - 1]).substr(0, 3);
        break;
      case kLongMonth:
        b += kMonths[c.month - 1];
        break;
      case kNumMonth:
        AppendInt(b, c.month, 0);
        break;
      case kZeroMonth:
        AppendInt(b, c.month, 2);
        break;
      case kWeekDay:
        b += std::string_view(kDays[c.weekday]).substr(0, 3);
        break;
      case kLongWeekDay:
        b += kDays[c.weekday];
        break;
      case kDay:
        AppendInt(b, c.day, 0);
        break;
      case kUnderDay:
        if (c.day < 10) b += ' ';
        AppendInt(b, c.day, 0);
        break;
      case kZeroDay:
        AppendInt(b, c.day, 2);
        break;
      case kUnderYearDay:
        if (c.yday < 100) b += c.yday < 10 ? "  " : " ";
        AppendInt(b, c.yday, 0);
        break;
      case kZeroYearDay:
        AppendInt(b, c.yday, 3);
        break;
      case kHour:
        AppendInt(b, c.hour, 2);
        break;
      case kHour12:
      case kZeroHour12: {
        int hr = c.hour % 12;
        if (hr == 0) hr = 12;
        AppendInt(b, hr, ch.std == kHour12 ? 0 : 2);
        break;
      }
      case kMinute:
        AppendInt(b, c.minute, 0);
        break;
      case kZeroMinute:
        AppendInt(b, c.minute, 2);
        break;
      case kSecond:
        AppendInt(b, c.second, 0);
        break;
      case kZeroSecond:
        AppendInt(b, c.second, 2);
        break;
      case kPM:
        b += c.hour >= 12 ? "PM" : "AM";
        break;
      case kpm:
        b += c.hour >= 12 ? "pm" : "am";
        break;
      case kTZ:
        if (!t.zone.empty()) {
          b += t.zone;
        } else {
          int zone = t.offset / 60;
          b += zone < 0 ? '-' : '+';
          if (zone < 0) zone = -zone;
          AppendInt(b, zone / 60, 2);
          AppendInt(b, zone % 60, 2);
        }
        break;
      case kFracSecond0:
      case kFracSecond9:
        AppendNano(b, t.nsec, ch);
        break;
      default:
        AppendZone(b, ch.std, t.offset);
        break;
    }
  }
  return b;
}

std::string TimeString(const GoTime& t) {
  return FormatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

Result<GoTime> ParseRFC3339(std::string_view s) {
  auto bad = [&] {
    return Status::InvalidArgument("parsing time \"" + std::string(s) +
                                   "\" as \"2006-01-02T15:04:05Z07:00\": "
                                   "cannot parse");
  };
  auto num = [&](size_t pos, size_t len, int* out) {
    if (pos + len > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!num(0, 4, &year) || s.size() < 19 || s[4] != '-' || !num(5, 2, &month) ||
      s[7] != '-' || !num(8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
      !num(11, 2, &hour) || s[13] != ':' || !num(14, 2, &minute) ||
      s[16] != ':' || !num(17, 2, &second)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 59) {
    return bad();
  }
  size_t i = 19;
  int64_t nsec = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t scale = 100000000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      nsec += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return bad();
  }
  int offset = 0;
  GoTime t;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!num(i + 1, 2, &oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !num(i + 4, 2, &om)) {
      return bad();
    }
    offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
    i += 6;
    if (offset != 0) t.zone = "";
  } else {
    return bad();
  }
  if (i != s.size()) return bad();
  t.sec = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
          second - offset;
  t.nsec = static_cast<int32_t>(nsec);
  t.offset = offset;
  return t;
}

}  // namespace tocsin::tmpl
