#include "notifiers/mime_message.h"

#include <algorithm>
#include <ctime>
#include <random>

#include "go/unicode.h"

namespace tocsin::notifiers {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";
// An encoded word is at most 75 characters: "=?utf-8?q?" and "?=" leave
// 63 for the text.
constexpr size_t kMaxQWordText = 75 - 10 - 2;
constexpr size_t kQpLineMax = 76;

bool NeedsEncoding(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    go::DecodedRune d = go::DecodeRune(s, i);
    if ((d.rune < ' ' || d.rune > '~') && d.rune != '\t') return true;
    i += static_cast<size_t>(d.size);
  }
  return false;
}

bool QPlain(unsigned char b) {
  return b >= '!' && b <= '~' && b != '=' && b != '?' && b != '_';
}

void AppendQ(std::string& out, std::string_view s) {
  for (unsigned char b : s) {
    if (b == ' ') {
      out += '_';
    } else if (QPlain(b)) {
      out += static_cast<char>(b);
    } else {
      out += '=';
      out += kUpperHex[b >> 4];
      out += kUpperHex[b & 0x0F];
    }
  }
}

// The quoted-printable encoder's state: the current line, flushed to
// `out` at each line end.
class QpEncoder {
 public:
  void Write(std::string_view s) {
    for (unsigned char b : s) {
      bool literal = (b >= '!' && b <= '~' && b != '=') || b == ' ' ||
                     b == '\t' || b == '\n' || b == '\r';
      if (literal) {
        Literal(b);
      } else {
        Encode(b);
      }
    }
  }
  std::string Close() {
    EncodeTrailingSpace();
    out_ += line_;
    line_.clear();
    return std::move(out_);
  }

 private:
  void Literal(unsigned char b) {
    if (b == '\n' || b == '\r') {
      // CRLF counts as one line end.
      if (cr_ && b == '\n') {
        cr_ = false;
        return;
      }
      cr_ = b == '\r';
      EncodeTrailingSpace();
      LineEnd();
      return;
    }
    if (line_.size() == kQpLineMax - 1) SoftBreak();
    line_ += static_cast<char>(b);
    cr_ = false;
  }
  void Encode(unsigned char b) {
    if (kQpLineMax - 1 - line_.size() < 3) SoftBreak();
    line_ += '=';
    line_ += kUpperHex[b >> 4];
    line_ += kUpperHex[b & 0x0F];
  }
  void EncodeTrailingSpace() {
    if (line_.empty()) return;
    unsigned char last = static_cast<unsigned char>(line_.back());
    if (last != ' ' && last != '\t') return;
    line_.pop_back();
    Encode(last);
  }
  void SoftBreak() {
    line_ += '=';
    LineEnd();
  }
  void LineEnd() {
    out_ += line_;
    out_ += "\r\n";
    line_.clear();
  }

  std::string out_;
  std::string line_;
  bool cr_ = false;
};

}  // namespace

std::string QEncodeHeaderValue(std::string_view s) {
  if (!NeedsEncoding(s)) return std::string(s);
  std::string out = "=?utf-8?q?";
  size_t current = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    size_t rune_len = 1, enc_len = 1;
    if (!(b >= ' ' && b <= '~' && b != '=' && b != '?' && b != '_')) {
      rune_len = static_cast<size_t>(go::DecodeRune(s, i).size);
      enc_len = 3 * rune_len;
    }
    if (current + enc_len > kMaxQWordText) {
      out += "?= =?utf-8?q?";
      current = 0;
    }
    AppendQ(out, s.substr(i, rune_len));
    current += enc_len;
    i += rune_len;
  }
  out += "?=";
  return out;
}

std::string QuotedPrintable(std::string_view s) {
  QpEncoder e;
  e.Write(s);
  return e.Close();
}

std::string FormatRfc1123Z(Time t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                      "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};
  std::time_t secs = static_cast<std::time_t>(UnixSeconds(t));
  std::tm tm{};
  localtime_r(&secs, &tm);
  long offset = tm.tm_gmtoff / 60;  // minutes east of UTC
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
                offset / 60, offset % 60);
  return buf;
}

Result<std::string> Base64Decode(std::string_view s) {
  static const std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto illegal = [](size_t at) {
    return Status::InvalidArgument("illegal base64 data at input byte " +
                                   std::to_string(at));
  };
  std::string out;
  uint32_t acc = 0;
  int n = 0;        // sextets in acc
  int padding = 0;  // '=' seen
  size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (n < 2) return illegal(i);
      ++padding;
      if (n + padding == 4) {
        ++i;
        break;
      }
      continue;
    }
    size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos || padding > 0) return illegal(i);
    acc = acc << 6 | static_cast<uint32_t>(v);
    if (++n == 4) {
      out += static_cast<char>(acc >> 16);
      out += static_cast<char>((acc >> 8) & 0xFF);
      out += static_cast<char>(acc & 0xFF);
      acc = 0;
      n = 0;
    }
  }
  for (; i < s.size(); ++i) {
    if (s[i] != '\r' && s[i] != '\n') return illegal(i);
  }
  if (n == 0) return out;
  if (n + padding != 4) return illegal(s.size());
  acc <<= 6 * (4 - n);
  out += static_cast<char>(acc >> 16);
  if (n == 3) out += static_cast<char>((acc >> 8) & 0xFF);
  return out;
}

std::string RandomMimeBoundary() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 30; ++i) {
    unsigned b = rd() & 0xFF;
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

void MultipartWriter::AddPart(
    std::vector<std::pair<std::string, std::string>> headers,
    std::string_view body) {
  out_ += has_part_ ? "\r\n--" : "--";
  out_ += boundary_;
  out_ += "\r\n";
  has_part_ = true;
  std::stable_sort(
      headers.begin(), headers.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, value] : headers) {
    out_ += name;
    out_ += ": ";
    out_ += value;
    out_ += "\r\n";
  }
  out_ += "\r\n";
  out_ += body;
}

std::string MultipartWriter::Close() {
  out_ += "\r\n--";
  out_ += boundary_;
  out_ += "--\r\n";
  return std::move(out_);
}

}  // namespace tocsin::notifiers
