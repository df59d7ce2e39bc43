#include "notifiers/timezone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tocsin::notifiers {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int month, int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

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

uint32_t Be32(std::string_view d, size_t at) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(d[at])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(d[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(d[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(d[at + 3]));
}
int64_t Be64(std::string_view d, size_t at) {
  return static_cast<int64_t>((static_cast<uint64_t>(Be32(d, at)) << 32) |
                              Be32(d, at + 4));
}

// POSIX TZ pieces: a zone name, an offset ([+-]h[h][:mm[:ss]]), a date.
bool ParseTzName(std::string_view& s) {
  if (!s.empty() && s[0] == '<') {
    size_t close = s.find('>');
    if (close == std::string_view::npos) return false;
    s.remove_prefix(close + 1);
    return true;
  }
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 3) return false;
  s.remove_prefix(i);
  return true;
}

bool ParseNumber(std::string_view& s, int* out) {
  size_t i = 0;
  int v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i == 0) return false;
  s.remove_prefix(i);
  *out = v;
  return true;
}

// Seconds; `s` starts at the sign or first digit.
bool ParseTzOffset(std::string_view& s, int* out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = -1;
    s.remove_prefix(1);
  }
  int h = 0, m = 0, sec = 0;
  if (!ParseNumber(s, &h)) return false;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    if (!ParseNumber(s, &m)) return false;
    if (!s.empty() && s[0] == ':') {
      s.remove_prefix(1);
      if (!ParseNumber(s, &sec)) return false;
    }
  }
  *out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool TimeZone::ParseRule(std::string_view s, Rule* rule) {
  if (!ParseTzName(s)) return false;
  int std_west = 0;
  if (!ParseTzOffset(s, &std_west)) return false;
  rule->std_offset = -std_west;
  rule->valid = true;
  if (s.empty()) return true;
  if (!ParseTzName(s)) return false;
  rule->has_dst = true;
  rule->dst_offset = rule->std_offset + 3600;
  if (!s.empty() && s[0] != ',') {
    int dst_west = 0;
    if (!ParseTzOffset(s, &dst_west)) return false;
    rule->dst_offset = -dst_west;
  }
  if (s.empty()) {
    // US rules are the POSIX default.
    rule->start = {'M', 3, 2, 0, 7200};
    rule->end = {'M', 11, 1, 0, 7200};
    return true;
  }
  auto parse_date = [&](RuleDate* d) {
    if (s.empty() || s[0] != ',') return false;
    s.remove_prefix(1);
    if (!s.empty() && s[0] == 'M') {
      s.remove_prefix(1);
      d->kind = 'M';
      if (!ParseNumber(s, &d->month) || s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
      if (!ParseNumber(s, &d->week) || s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
      if (!ParseNumber(s, &d->day)) return false;
      if (d->month < 1 || d->month > 12 || d->week < 1 || d->week > 5 ||
          d->day > 6) {
        return false;
      }
    } else if (!s.empty() && s[0] == 'J') {
      s.remove_prefix(1);
      d->kind = 'J';
      if (!ParseNumber(s, &d->day) || d->day < 1 || d->day > 365) return false;
    } else {
      d->kind = 'D';
      if (!ParseNumber(s, &d->day) || d->day > 365) return false;
    }
    d->time = 7200;
    if (!s.empty() && s[0] == '/') {
      s.remove_prefix(1);
      if (!ParseTzOffset(s, &d->time)) return false;
    }
    return true;
  };
  return parse_date(&rule->start) && parse_date(&rule->end) && s.empty();
}

// Seconds since the start of `year` (UTC) at which the rule date happens,
// for a zone currently at `offset` (Go's tzruleTime).
static int64_t RuleTime(int64_t year, int kind, int month, int week, int day,
                        int time, int offset) {
  int64_t d = 0;
  if (kind == 'J') {
    d = day - 1;
    if (IsLeap(year) && day >= 60) ++d;
  } else if (kind == 'D') {
    d = day;
  } else {
    int64_t first = DaysFromCivil(year, month, 1);
    int dow = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01: Thu
    int64_t dm = day - dow;
    if (dm < 0) dm += 7;
    for (int i = 1; i < week; ++i) {
      if (dm + 7 >= DaysIn(month, year)) break;
      dm += 7;
    }
    d = DaysFromCivil(year, month, 1) - DaysFromCivil(year, 1, 1) + dm;
  }
  return d * kSecondsPerDay + time - offset;
}

int TimeZone::RuleOffsetAt(int64_t t) const {
  if (!rule_.has_dst) return rule_.std_offset;
  int64_t days = FloorDiv(t, kSecondsPerDay);
  int64_t year;
  int m, d;
  CivilFromDays(days, &year, &m, &d);
  int64_t ysec = t - DaysFromCivil(year, 1, 1) * kSecondsPerDay;
  int64_t start =
      RuleTime(year, rule_.start.kind, rule_.start.month, rule_.start.week,
               rule_.start.day, rule_.start.time, rule_.std_offset);
  int64_t end = RuleTime(year, rule_.end.kind, rule_.end.month, rule_.end.week,
                         rule_.end.day, rule_.end.time, rule_.dst_offset);
  int std_off = rule_.std_offset, dst_off = rule_.dst_offset;
  if (end < start) {
    std::swap(start, end);
    std::swap(std_off, dst_off);
  }
  if (ysec < start || ysec >= end) return std_off;
  return dst_off;
}

int TimeZone::OffsetAt(int64_t t) const {
  if (types_.empty()) return rule_.valid ? RuleOffsetAt(t) : 0;
  if (transitions_.empty() || t < transitions_.front()) {
    // Go's lookupFirstZone: the first standard-time type.
    for (const Type& ty : types_) {
      if (!ty.dst) return ty.offset;
    }
    return types_.front().offset;
  }
  if (t >= transitions_.back() && rule_.valid) return RuleOffsetAt(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  size_t i = static_cast<size_t>(it - transitions_.begin()) - 1;
  return types_[transition_types_[i]].offset;
}

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> utc = [] {
    auto z = std::make_shared<TimeZone>();
    z->name_ = "UTC";
    return z;
  }();
  return utc;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(
    std::string name, std::string_view data) {
  auto bad = [] {
    return Status::InvalidArgument("malformed time zone information");
  };
  if (data.size() < 44 || data.substr(0, 4) != "TZif") return bad();
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  char version = data[4];
  size_t at = 0;
  int time_size = 4;
  for (int pass = 0; pass < 2; ++pass) {
    if (data.size() < at + 44) return bad();
    uint32_t isutcnt = Be32(data, at + 20), isstdcnt = Be32(data, at + 24),
             leapcnt = Be32(data, at + 28), timecnt = Be32(data, at + 32),
             typecnt = Be32(data, at + 36), charcnt = Be32(data, at + 40);
    size_t body = static_cast<size_t>(timecnt) * (time_size + 1) + typecnt * 6 +
                  charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt;
    at += 44;
    if (data.size() < at + body) return bad();
    if (pass == 0 && version >= '2') {
      at += body;
      time_size = 8;
      continue;
    }
    zone->transitions_.resize(timecnt);
    zone->transition_types_.resize(timecnt);
    for (uint32_t i = 0; i < timecnt; ++i) {
      zone->transitions_[i] =
          time_size == 8 ? Be64(data, at + i * 8)
                         : static_cast<int32_t>(Be32(data, at + i * 4));
    }
    at += static_cast<size_t>(timecnt) * time_size;
    for (uint32_t i = 0; i < timecnt; ++i) {
      zone->transition_types_[i] = static_cast<uint8_t>(data[at + i]);
      if (zone->transition_types_[i] >= typecnt) return bad();
    }
    at += timecnt;
    for (uint32_t i = 0; i < typecnt; ++i) {
      zone->types_.push_back({static_cast<int32_t>(Be32(data, at + i * 6)),
                              data[at + i * 6 + 4] != 0});
    }
    at += body - static_cast<size_t>(timecnt) * (time_size + 1);
    break;
  }
  if (zone->types_.empty()) return bad();
  if (version >= '2' && at < data.size() && data[at] == '\n') {
    size_t end = data.find('\n', at + 1);
    if (end != std::string_view::npos) {
      Rule rule;
      if (ParseRule(data.substr(at + 1, end - at - 1), &rule))
        zone->rule_ = rule;
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name) {
  if (name.empty() || name == "UTC") return Utc();
  std::string file_name(name);
  std::string zone_name(name);
  if (name == "Local") {
    const char* tz = std::getenv("TZ");
    if (tz != nullptr) {
      std::string_view v = tz;
      if (!v.empty() && v[0] == ':') v.remove_prefix(1);
      if (v.empty() || v == "UTC") return Utc();
      file_name = std::string(v);
    } else {
      file_name = "/etc/localtime";
    }
  } else {
    bool dotdot = false;
    for (size_t i = 0; i + 1 < name.size(); ++i) {
      if (name[i] == '.' && name[i + 1] == '.' &&
          (i == 0 || name[i - 1] == '/') &&
          (i + 2 == name.size() || name[i + 2] == '/')) {
        dotdot = true;
      }
    }
    if (dotdot || name[0] == '/' || name[0] == '\\') {
      return Status::InvalidArgument("time: invalid location name");
    }
  }
  std::vector<std::string> candidates;
  if (file_name[0] == '/') {
    candidates.push_back(file_name);
  } else {
    if (const char* zi = std::getenv("ZONEINFO"); zi != nullptr && *zi) {
      candidates.push_back(std::string(zi) + "/" + file_name);
    }
    candidates.push_back("/usr/share/zoneinfo/" + file_name);
    candidates.push_back("/usr/share/lib/zoneinfo/" + file_name);
    candidates.push_back("/usr/lib/locale/TZ/" + file_name);
  }
  for (const std::string& path : candidates) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::ostringstream buf;
    buf << in.rdbuf();
    auto zone = FromTzif(zone_name, buf.str());
    if (zone.ok()) return zone;
  }
  if (name == "Local") return Utc();
  return Status::InvalidArgument("unknown time zone " + std::string(name));
}

CivilTime ToCivil(int64_t unix_seconds, const TimeZone& zone) {
  int64_t local = unix_seconds + zone.OffsetAt(unix_seconds);
  int64_t days = FloorDiv(local, kSecondsPerDay);
  int64_t secs = local - days * kSecondsPerDay;
  CivilTime c;
  int64_t y;
  CivilFromDays(days, &y, &c.month, &c.day);
  c.year = static_cast<int>(y);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>((secs / 60) % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);
  return c;
}

int64_t CivilToUnix(int year, int month, int day, const TimeZone& zone) {
  // Normalize the month into [1, 12]; days past the end roll over through
  // the day count.
  int64_t y = year;
  int64_t m0 = month - 1;
  y += FloorDiv(m0, 12);
  m0 -= FloorDiv(m0, 12) * 12;
  int64_t local = (DaysFromCivil(y, static_cast<int>(m0) + 1, 1) + day - 1) *
                  kSecondsPerDay;
  int offset = zone.OffsetAt(local);
  if (offset != 0) {
    int64_t utc = local - offset;
    int second = zone.OffsetAt(utc);
    if (second != offset) offset = second;
  }
  return local - offset;
}

}  // namespace tocsin::notifiers
