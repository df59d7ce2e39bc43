#include "notifiers/time_interval.h"

#include <gtest/gtest.h>

#include "notifiers/clock.h"
#include "notifiers/timezone.h"

namespace tocsin::notifiers {
namespace {

int64_t Unix(const char* rfc3339) {
  Time t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return UnixSeconds(t);
}

TimeInterval Decode(const std::string& yaml) {
  auto node = ParseYamlDocument(yaml, "ti.yml");
  EXPECT_TRUE(node.ok());
  YamlDecoder d("ti.yml");
  TimeInterval ti;
  DecodeTimeInterval(d, *node, &ti);
  EXPECT_TRUE(d.ok()) << d.Error();
  return ti;
}

TEST(TimeZone, OffsetsAcrossTransitionsAndRules) {
  auto berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok()) << berlin.status().message();
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2024-03-31T00:59:59Z")), 3600);
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2024-03-31T01:00:00Z")), 7200);
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2024-10-27T00:59:59Z")), 7200);
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2024-10-27T01:00:00Z")), 3600);
  // Past the file's transitions, the POSIX rule in its footer applies.
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2060-07-01T12:00:00Z")), 7200);
  EXPECT_EQ((*berlin)->OffsetAt(Unix("2060-12-01T12:00:00Z")), 3600);
  auto ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok());
  EXPECT_EQ((*ny)->OffsetAt(Unix("2024-11-03T05:59:59Z")), -4 * 3600);
  EXPECT_EQ((*ny)->OffsetAt(Unix("2024-11-03T06:00:00Z")), -5 * 3600);
  EXPECT_EQ((*ny)->OffsetAt(Unix("2061-03-14T12:00:00Z")), -4 * 3600);
  auto kolkata = TimeZone::Load("Asia/Kolkata");
  ASSERT_TRUE(kolkata.ok());
  EXPECT_EQ((*kolkata)->OffsetAt(Unix("2024-01-01T00:00:00Z")), 19800);
  EXPECT_EQ(TimeZone::Load("UTC").value()->OffsetAt(0), 0);
  EXPECT_EQ(TimeZone::Load("Nowhere/Town").status().message(),
            "unknown time zone Nowhere/Town");
  EXPECT_EQ(TimeZone::Load("../etc/passwd").status().message(),
            "time: invalid location name");
}

TEST(TimeZone, CivilFields) {
  auto berlin = TimeZone::Load("Europe/Berlin").value();
  CivilTime c = ToCivil(Unix("2024-02-29T23:30:00Z"), *berlin);
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 3);
  EXPECT_EQ(c.day, 1);
  EXPECT_EQ(c.hour, 0);
  EXPECT_EQ(c.minute, 30);
  EXPECT_EQ(c.weekday, 5);  // Friday
  EXPECT_EQ(CivilToUnix(2024, 3, 31, *berlin), Unix("2024-03-30T23:00:00Z"));
  EXPECT_EQ(CivilToUnix(2024, 13, 1, *berlin), Unix("2024-12-31T23:00:00Z"));
}

struct ContainsCase {
  const char* yaml;
  const char* at;
  bool contains;
};

TEST(TimeInterval, ContainsTime) {
  const ContainsCase cases[] = {
      {"times: [{start_time: '09:00', end_time: '17:00'}]",
       "2024-01-10T09:00:00Z", true},
      {"times: [{start_time: '09:00', end_time: '17:00'}]",
       "2024-01-10T17:00:00Z", false},
      {"times: [{start_time: '09:00', end_time: '17:00'}]",
       "2024-01-10T08:59:59Z", false},
      {"times: [{start_time: '22:00', end_time: '24:00'}]",
       "2024-01-10T23:59:00Z", true},
      {"weekdays: ['monday:friday']", "2024-01-13T12:00:00Z", false},
      {"weekdays: ['monday:friday']", "2024-01-12T12:00:00Z", true},
      {"weekdays: ['Saturday', 'sunday']", "2024-01-14T12:00:00Z", true},
      {"days_of_month: ['1:5']", "2024-01-05T23:00:00Z", true},
      {"days_of_month: ['1:5']", "2024-01-06T00:00:00Z", false},
      {"days_of_month: ['-1']", "2024-02-29T10:00:00Z", true},
      {"days_of_month: ['-1']", "2023-02-28T10:00:00Z", true},
      {"days_of_month: ['-3:-1']", "2024-01-28T10:00:00Z", false},
      {"days_of_month: ['-3:-1']", "2024-01-29T10:00:00Z", true},
      {"days_of_month: ['30:31']", "2024-02-29T10:00:00Z", false},
      {"days_of_month: ['20:31']", "2024-02-29T10:00:00Z", true},
      {"months: ['january:march']", "2024-03-31T10:00:00Z", true},
      {"months: ['january:march']", "2024-04-01T10:00:00Z", false},
      {"months: ['12']", "2024-12-01T10:00:00Z", true},
      {"years: ['2023:2024']", "2025-01-01T00:00:00Z", false},
      {"years: ['2023:2024']", "2024-12-31T23:59:59Z", true},
      {"times: []", "2024-01-10T12:00:00Z", false},
      {"{}", "2024-01-10T12:00:00Z", true},
      // The location moves the local time: 08:30 UTC is 09:30 in Berlin.
      {"times: [{start_time: '09:00', end_time: '10:00'}]\n"
       "location: Europe/Berlin",
       "2024-01-10T08:30:00Z", true},
      {"weekdays: [friday]\nlocation: Asia/Tokyo", "2024-01-11T16:00:00Z",
       true},
      // Alertmanager counts March in Berlin as 30 days (743 hours / 24,
      // truncated), so -1 is March 30th there.
      {"days_of_month: ['-1']\nlocation: Europe/Berlin", "2024-03-30T12:00:00Z",
       true},
      {"days_of_month: ['-1']\nlocation: Europe/Berlin", "2024-03-31T12:00:00Z",
       false},
  };
  for (const ContainsCase& c : cases) {
    SCOPED_TRACE(std::string(c.yaml) + " @ " + c.at);
    TimeInterval ti = Decode(c.yaml);
    EXPECT_EQ(ti.ContainsTime(Unix(c.at)), c.contains);
  }
}

TEST(TimeInterval, DecodeErrors) {
  struct Case {
    const char* yaml;
    const char* error;
  };
  const Case cases[] = {
      {"weekdays: ['friday:monday']",
       "ti.yml:1:12: start day cannot be before end day"},
      {"weekdays: ['sun']", "ti.yml:1:12: sun is not a valid weekday"},
      {"days_of_month: ['0']",
       "ti.yml:1:17: 0 is not a valid day of the month: out of range"},
      {"days_of_month: ['-5:3']",
       "ti.yml:1:17: end day must be negative if start day is negative"},
      {"days_of_month: ['10:5']",
       "ti.yml:1:17: end day 5 is always before start day 10"},
      {"months: ['june:may']",
       "ti.yml:1:10: end month may is before start month june"},
      {"months: ['smarch']", "ti.yml:1:10: smarch is not a valid month"},
      {"years: ['2024:2020']",
       "ti.yml:1:9: end year 2020 is before start year 2024"},
      {"years: ['x']",
       "ti.yml:1:9: strconv.Atoi: parsing \"x\": invalid syntax"},
      {"times: [{start_time: '09:00'}]",
       "ti.yml:1:9: both start and end times must be provided"},
      {"times: [{start_time: '9:00', end_time: '10:00'}]",
       "ti.yml:1:9: couldn't parse timestamp 9:00, invalid format"},
      {"times: [{start_time: '10:00', end_time: '10:00'}]",
       "ti.yml:1:9: start time cannot be equal or greater than end time"},
      {"times: [{start: '10:00'}]",
       "yaml: unmarshal errors:\n  ti.yml:1:10: field start not found in "
       "type timeinterval.yamlTimeRange"},
      {"weekday: [monday]",
       "yaml: unmarshal errors:\n  ti.yml:1:1: field weekday not found in "
       "type timeinterval.TimeInterval"},
      {"days_of_month: ['1:2:3']",
       "ti.yml:1:17: couldn't parse range 1:2:3, invalid format"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    auto node = ParseYamlDocument(c.yaml, "ti.yml");
    ASSERT_TRUE(node.ok());
    YamlDecoder d("ti.yml");
    TimeInterval ti;
    DecodeTimeInterval(d, *node, &ti);
    EXPECT_EQ(d.Error(), c.error);
  }
}

}  // namespace
}  // namespace tocsin::notifiers
