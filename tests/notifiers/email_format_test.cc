// The pieces of an email as Go writes them for Alertmanager: RFC 5322
// address lists (the errors and results checked against Alertmanager
// 0.25's on the same `to` values), Q-encoded headers, quoted-printable
// bodies, multipart bodies, the Date format.

#include <gtest/gtest.h>

#include <cstdlib>

#include "notifiers/mail_address.h"
#include "notifiers/mime_message.h"

namespace tocsin::notifiers {
namespace {

std::string Dump(const Result<std::vector<MailAddress>>& r) {
  if (!r.ok()) return "error: " + r.status().message();
  std::string out;
  for (const MailAddress& a : *r) {
    if (!out.empty()) out += " | ";
    out += a.name.empty() ? a.address : a.name + " <" + a.address + ">";
  }
  return out;
}

TEST(MailAddress, ParsesAsGo) {
  struct Case {
    const char* in;
    const char* want;
  };
  // The errors and recipients marked "AM" are what Alertmanager 0.25
  // (Go 1.19) did with these `to` values.
  const Case cases[] = {
      {"ops@example.org", "ops@example.org"},
      {"Alert Manager <am@example.org>", "Alert Manager <am@example.org>"},
      {"ops@example.org, \"Jane Doe\" <jane@example.org>",
       "ops@example.org | Jane Doe <jane@example.org>"},
      {"jane@example.org (Jane Doe)", "Jane Doe <jane@example.org>"},
      {"=?utf-8?q?J=C3=B6rg?= <j@x.org>, jane@example.org (Jane Doe)",
       "J\xC3\xB6rg <j@x.org> | Jane Doe <jane@example.org>"},  // AM
      {"=?utf-8?b?SsO2cmc=?= <j@x.org>", "J\xC3\xB6rg <j@x.org>"},
      {"=?iso-8859-1?q?J=F6rg?= <j@x.org>", "J\xC3\xB6rg <j@x.org>"},
      {"team: a@x.org, b@x.org;", "a@x.org | b@x.org"},  // AM
      {"empty: ;", ""},
      {"<a@b.c>", "a@b.c"},               // AM
      {"a@b.c, ", "a@b.c"},               // AM
      {", a@b.c", "a@b.c"},               // AM
      {"a@b.c,,d@e.f", "a@b.c | d@e.f"},  // AM
      {"\"quoted local\"@example.org", "quoted local@example.org"},
      {"  a@b.c  (comment)  ", "comment <a@b.c>"},
      {"nope", "error: mail: missing '@' or angle-addr"},              // AM
      {"a@b.c d@e.f", "error: mail: expected comma"},                  // AM
      {"a@b.c<a@b.c>", "error: mail: expected comma"},                 // AM
      {"Jane <jane@example.org", "error: mail: unclosed angle-addr"},  // AM
      {"a..b@c.d", "error: mail: no angle-addr"},                      // AM
      {"x@[1.2.3.4]", "error: mail: no angle-addr"},                   // AM
      {"\"\" @x.org", "error: mail: no angle-addr"},                   // AM
      {"=?koi8-r?q?x?= <k@x.org>",
       "error: mail: missing word in phrase: charset not supported: "
       "\"koi8-r\""},  // AM
      {"", "error: mail: no address"},
      {",", "error: mail: no address"},
      {"a@b.c (unclosed", "error: mail: misformatted parenthetical comment"},
      {"Jane <.jane@x.org>", "error: mail: leading dot in atom"},
      {"Jane <jane.@x.org>", "error: mail: trailing dot in atom"},
      {"Jane <ja\"ne@x.org>", "error: mail: missing @ in addr-spec"},
      {"\"unclosed <a@b.c>",
       "error: mail: missing word in phrase: mail: "
       "unclosed quoted-string"},
      {"Jane <jane@", "error: mail: no domain in addr-spec"},
      {"Jane <jane@>", "error: mail: invalid string"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Dump(ParseMailAddressList(c.in)), c.want) << c.in;
  }
}

TEST(QEncoding, AsGoMimeQEncoding) {
  EXPECT_EQ(QEncodeHeaderValue("plain ascii, tab\there"),
            "plain ascii, tab\there");
  EXPECT_EQ(QEncodeHeaderValue("Ops T\xC3\xAB"
                               "am"),
            "=?utf-8?q?Ops_T=C3=ABam?=");
  // What Alertmanager 0.25 wrote for this subject: words of at most 75
  // characters, split between runes.
  EXPECT_EQ(QEncodeHeaderValue("Alert Disk \xC3\xBCn\xC3\xAF"
                               "code and a rather "
                               "long subject line that goes on and on and "
                               "on to see splitting"),
            "=?utf-8?q?Alert_Disk_=C3=BCn=C3=AFcode_and_a_rather_long_subject_"
            "line_tha?= =?utf-8?q?t_goes_on_and_on_and_on_to_see_splitting?=");
  EXPECT_EQ(QEncodeHeaderValue("a=b?c_d\n"), "=?utf-8?q?a=3Db=3Fc=5Fd=0A?=");
  EXPECT_EQ(QEncodeHeaderValue("\xFF"), "=?utf-8?q?=FF?=");
  // A three-byte rune never straddles two words.
  std::string runes;
  for (int i = 0; i < 25; ++i) runes += "\xE2\x82\xAC";  // €
  std::string enc = QEncodeHeaderValue(runes);
  EXPECT_EQ(
      enc.substr(0, 10 + 63 + 2), "=?utf-8?q?" + [] {
        std::string s;
        for (int i = 0; i < 7; ++i) s += "=E2=82=AC";
        return s;
      }() + "?=");
}

TEST(QuotedPrintable, AsGoQuotedPrintableWriter) {
  // Alertmanager 0.25's text part for this text.
  EXPECT_EQ(QuotedPrintable("plain Disk\nline two = with equals and trailing "
                            "space \na:1"),
            "plain Disk\r\nline two =3D with equals and trailing "
            "space=20\r\na:1");
  std::string a100(100, 'a');
  EXPECT_EQ(QuotedPrintable(a100),
            std::string(75, 'a') + "=\r\n" + std::string(25, 'a'));
  EXPECT_EQ(QuotedPrintable("caf\xC3\xA9"), "caf=C3=A9");
  EXPECT_EQ(QuotedPrintable("a\r\nb\rc\n"), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(QuotedPrintable("x \t"), "x =09");
  // An escape does not fit at the end of a line: the line breaks first.
  EXPECT_EQ(QuotedPrintable(std::string(74, 'b') + "="),
            std::string(74, 'b') + "=\r\n=3D");
  EXPECT_EQ(QuotedPrintable(""), "");
}

TEST(Base64Decode, StrictAsGo) {
  EXPECT_EQ(*Base64Decode("VXNlcm5hbWU6"), "Username:");
  EXPECT_EQ(*Base64Decode("SsO2cmc="), "J\xC3\xB6rg");
  EXPECT_EQ(*Base64Decode("QQ=="), "A");
  EXPECT_EQ(*Base64Decode(""), "");
  EXPECT_FALSE(Base64Decode("QQ").ok());
  EXPECT_FALSE(Base64Decode("Q!==").ok());
  EXPECT_EQ(Base64Decode("QQ==QQ==").status().message(),
            "illegal base64 data at input byte 4");
}

TEST(Multipart, AsGoMultipartWriter) {
  MultipartWriter w("b0undary");
  w.AddPart(
      {{"Content-Type", "text/plain"}, {"Content-Transfer-Encoding", "x"}},
      "one");
  w.AddPart({{"Content-Type", "text/html"}}, "two");
  EXPECT_EQ(w.Close(),
            "--b0undary\r\nContent-Transfer-Encoding: x\r\nContent-Type: "
            "text/plain\r\n\r\none\r\n--b0undary\r\nContent-Type: "
            "text/html\r\n\r\ntwo\r\n--b0undary--\r\n");
  EXPECT_EQ(MultipartWriter("x").Close(), "\r\n--x--\r\n");
  std::string b = RandomMimeBoundary();
  EXPECT_EQ(b.size(), 60u);
  EXPECT_EQ(b.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Rfc1123Z, LocalTimeWithNumericZone) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  EXPECT_EQ(FormatRfc1123Z(FromUnixSeconds(1704888000)),
            "Wed, 10 Jan 2024 12:00:00 +0000");
  // POSIX zone strings, so that no time zone database is needed.
  ::setenv("TZ", "IST-5:30", 1);
  ::tzset();
  EXPECT_EQ(FormatRfc1123Z(FromUnixSeconds(1704888000)),
            "Wed, 10 Jan 2024 17:30:00 +0530");
  ::setenv("TZ", "EST5", 1);
  ::tzset();
  EXPECT_EQ(FormatRfc1123Z(FromUnixSeconds(1704888000)),
            "Wed, 10 Jan 2024 07:00:00 -0500");
  if (old) {
    ::setenv("TZ", saved.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
}

}  // namespace
}  // namespace tocsin::notifiers
