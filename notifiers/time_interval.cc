#include "notifiers/time_interval.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

constexpr const char* kWeekdays[] = {"sunday",    "monday",   "tuesday",
                                     "wednesday", "thursday", "friday",
                                     "saturday"};
constexpr const char* kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// strconv.Atoi with Go's error text.
bool Atoi(std::string_view s, int* out, std::string* err) {
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    digits.remove_prefix(1);
  }
  bool syntax_ok = !digits.empty() &&
                   std::all_of(digits.begin(), digits.end(),
                               [](char c) { return c >= '0' && c <= '9'; });
  if (!syntax_ok) {
    *err = "strconv.Atoi: parsing " + promql::GoQuote(s) + ": invalid syntax";
    return false;
  }
  int64_t v = 0;
  auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc()) {
    *err =
        "strconv.Atoi: parsing " + promql::GoQuote(s) + ": value out of range";
    return false;
  }
  // Go's int is 64 bits; larger values than an int holds are out of every
  // range checked here anyway.
  v = std::min<int64_t>(v, INT32_MAX);
  *out = static_cast<int>(s[0] == '-' ? -v : v);
  return true;
}

enum class RangeKind { kWeekday, kDayOfMonth, kMonth, kYear };

bool Member(RangeKind kind, const std::string& in, int* out, std::string* err) {
  if (kind == RangeKind::kWeekday) {
    for (int i = 0; i < 7; ++i) {
      if (in == kWeekdays[i]) {
        *out = i;
        return true;
      }
    }
    *err = in + " is not a valid weekday";
    return false;
  }
  if (kind == RangeKind::kMonth) {
    for (int i = 0; i < 12; ++i) {
      if (in == kMonths[i]) {
        *out = i + 1;
        return true;
      }
    }
    std::string ignored;
    if (!Atoi(in, out, &ignored)) {
      *err = in + " is not a valid month";
      return false;
    }
    return true;
  }
  return Atoi(in, out, err);
}

// stringableRangeFromString followed by the per-kind checks.
bool ParseRange(RangeKind kind, std::string text, InclusiveRange* r,
                std::string* err) {
  std::string original = text;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  size_t colon = text.find(':');
  if (colon != std::string::npos) {
    if (text.find(':', colon + 1) != std::string::npos) {
      *err = "couldn't parse range " + text + ", invalid format";
      return false;
    }
    if (!Member(kind, text.substr(0, colon), &r->begin, err)) return false;
    if (!Member(kind, text.substr(colon + 1), &r->end, err)) return false;
  } else {
    if (!Member(kind, text, &r->begin, err)) return false;
    r->end = r->begin;
  }
  switch (kind) {
    case RangeKind::kWeekday:
      if (r->begin > r->end) {
        *err = "start day cannot be before end day";
        return false;
      }
      if (r->begin < 0 || r->begin > 6 || r->end < 0 || r->end > 6) {
        *err = original + " is not a valid day of the week: out of range";
        return false;
      }
      return true;
    case RangeKind::kDayOfMonth: {
      if (r->begin == 0 || r->begin < -31 || r->begin > 31) {
        *err = std::to_string(r->begin) +
               " is not a valid day of the month: out of range";
        return false;
      }
      if (r->end == 0 || r->end < -31 || r->end > 31) {
        *err = std::to_string(r->end) +
               " is not a valid day of the month: out of range";
        return false;
      }
      if (r->begin < 0 && r->end > 0) {
        *err = "end day must be negative if start day is negative";
        return false;
      }
      int check_begin = r->begin < 0 ? 28 + r->begin : r->begin;
      int check_end = r->end < 0 ? 28 + r->end : r->end;
      if (check_begin > check_end) {
        *err = "end day " + std::to_string(r->end) +
               " is always before start day " + std::to_string(r->begin);
        return false;
      }
      return true;
    }
    case RangeKind::kMonth:
      if (r->begin > r->end) {
        auto name = [](int m) {
          return m >= 1 && m <= 12 ? std::string(kMonths[m - 1]) : "";
        };
        *err = "end month " + name(r->end) + " is before start month " +
               name(r->begin);
        return false;
      }
      return true;
    case RangeKind::kYear:
      if (r->begin > r->end) {
        *err = "end year " + std::to_string(r->end) + " is before start year " +
               std::to_string(r->begin);
        return false;
      }
      return true;
  }
  return true;
}

bool ParseClock(const std::string& in, int* minutes, std::string* err) {
  static const RE2 valid(R"(^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$))");
  if (!RE2::PartialMatch(in, valid)) {
    *err = "couldn't parse timestamp " + in + ", invalid format";
    return false;
  }
  int h = std::stoi(in.substr(0, 2));
  int m = std::stoi(in.substr(3, 2));
  *minutes = h * 60 + m;
  return true;
}

void DecodeRanges(YamlDecoder& d, const YAML::Node& node, RangeKind kind,
                  std::string_view go_type,
                  std::optional<std::vector<InclusiveRange>>* out) {
  std::vector<InclusiveRange> ranges;
  bool ok = d.Sequence(node, go_type, [&](const YAML::Node& e) {
    std::string s;
    if (!d.String(e, &s)) return;
    InclusiveRange r;
    std::string err;
    if (!ParseRange(kind, s, &r, &err)) {
      d.Fail(e, err);
      return;
    }
    ranges.push_back(r);
  });
  if (ok && !node.IsNull()) *out = std::move(ranges);
}

void DecodeTimes(YamlDecoder& d, const YAML::Node& node,
                 std::optional<std::vector<TimeRange>>* out) {
  std::vector<TimeRange> ranges;
  bool ok =
      d.Sequence(node, "[]timeinterval.TimeRange", [&](const YAML::Node& e) {
        std::string start, end;
        d.Struct(e, "timeinterval.yamlTimeRange", {"start_time", "end_time"},
                 [&](size_t i, const YAML::Node&, const YAML::Node& v) {
                   d.String(v, i == 0 ? &start : &end);
                 });
        if (!d.ok()) return;
        std::string err;
        if (end.empty() || start.empty()) {
          d.Fail(e, "both start and end times must be provided");
          return;
        }
        TimeRange r;
        if (!ParseClock(start, &r.start_minute, &err) ||
            !ParseClock(end, &r.end_minute, &err)) {
          d.Fail(e, err);
          return;
        }
        if (r.start_minute >= r.end_minute) {
          d.Fail(e, "start time cannot be equal or greater than end time");
          return;
        }
        ranges.push_back(r);
      });
  if (ok && !node.IsNull()) *out = std::move(ranges);
}

// Alertmanager's daysInMonth: the hours between the first of this month and
// the first of the next, divided by 24 and truncated.
int DaysInMonth(const CivilTime& c, const TimeZone& zone) {
  int64_t start = CivilToUnix(c.year, c.month, 1, zone);
  int64_t end = CivilToUnix(c.year, c.month + 1, 1, zone);
  return static_cast<int>((end - start) / 86400);
}

bool InAny(const std::vector<InclusiveRange>& ranges, int v) {
  for (const InclusiveRange& r : ranges) {
    if (v >= r.begin && v <= r.end) return true;
  }
  return false;
}

}  // namespace

void DecodeTimeInterval(YamlDecoder& d, const YAML::Node& node,
                        TimeInterval* out) {
  d.Struct(
      node, "timeinterval.TimeInterval",
      {"times", "weekdays", "days_of_month", "months", "years", "location"},
      [&](size_t i, const YAML::Node&, const YAML::Node& v) {
        switch (i) {
          case 0:
            DecodeTimes(d, v, &out->times);
            break;
          case 1:
            DecodeRanges(d, v, RangeKind::kWeekday,
                         "[]timeinterval.WeekdayRange", &out->weekdays);
            break;
          case 2:
            DecodeRanges(d, v, RangeKind::kDayOfMonth,
                         "[]timeinterval.DayOfMonthRange", &out->days_of_month);
            break;
          case 3:
            DecodeRanges(d, v, RangeKind::kMonth, "[]timeinterval.MonthRange",
                         &out->months);
            break;
          case 4:
            DecodeRanges(d, v, RangeKind::kYear, "[]timeinterval.YearRange",
                         &out->years);
            break;
          case 5: {
            if (v.IsNull()) break;
            std::string name;
            if (!d.String(v, &name)) break;
            auto zone = TimeZone::Load(name);
            if (!zone.ok()) {
              d.Fail(v, zone.status().message());
              break;
            }
            out->location = *zone;
            break;
          }
        }
      });
}

bool TimeInterval::ContainsTime(int64_t unix_seconds) const {
  const TimeZone& zone = location ? *location : *TimeZone::Utc();
  CivilTime c = ToCivil(unix_seconds, zone);
  if (times) {
    int minute = c.hour * 60 + c.minute;
    bool in = false;
    for (const TimeRange& r : *times) {
      if (minute >= r.start_minute && minute < r.end_minute) {
        in = true;
        break;
      }
    }
    if (!in) return false;
  }
  if (days_of_month) {
    int days = DaysInMonth(c, zone);
    bool in = false;
    for (const InclusiveRange& r : *days_of_month) {
      int begin = r.begin < 0 ? days + r.begin + 1 : r.begin;
      int end = r.end < 0 ? days + r.end + 1 : r.end;
      if (begin > days) continue;
      begin = std::clamp(begin, -days, days);
      end = std::clamp(end, -days, days);
      if (c.day >= begin && c.day <= end) {
        in = true;
        break;
      }
    }
    if (!in) return false;
  }
  if (months && !InAny(*months, c.month)) return false;
  if (weekdays && !InAny(*weekdays, c.weekday)) return false;
  if (years && !InAny(*years, c.year)) return false;
  return true;
}

}  // namespace tocsin::notifiers
