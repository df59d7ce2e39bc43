#include "engine/postable_alerts_decoder.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <utility>

#include "notifiers/clock.h"
#include "notifiers/matcher.h"

namespace tocsin::engine {
namespace {

// The fields of an alert object, as bits of a "seen" mask.
enum Field : unsigned {
  kLabels = 1,
  kAnnotations = 2,
  kStartsAt = 4,
  kEndsAt = 8,
  kGeneratorUrl = 16,
};

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// The first '"', '\\' or control character in [p, end) (end if none);
// ORs the bytes before it (and possibly a few after) into *high, so that
// *high & kHighBits tells whether any of them is not ASCII. Eight bytes
// at a time: the classic "has a zero byte" and "has a byte less than n"
// tests, whose lowest flagged byte is exact.
const char* ScanPlain(const char* p, const char* end, uint64_t* high) {
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      uint64_t x;
      std::memcpy(&x, p, 8);
      uint64_t q = x ^ (kOnes * '"');
      uint64_t b = x ^ (kOnes * '\\');
      uint64_t flags =
          ((q - kOnes) & ~q) | ((b - kOnes) & ~b) | ((x - kOnes * 0x20) & ~x);
      flags &= kHighBits;
      if (flags != 0) {
        const char* stop = p + std::countr_zero(flags) / 8;
        for (const char* c = p; c < stop; ++c) {
          *high |= static_cast<unsigned char>(*c);
        }
        return stop;
      }
      *high |= x;
      p += 8;
    }
  }
  for (; p < end; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20) return p;
    *high |= c;
  }
  return end;
}

class Decoder {
 public:
  explicit Decoder(std::string_view s)
      : p_(s.data()), end_(s.data() + s.size()) {}

  bool Alerts(std::vector<notifiers::Alert>* out) {
    if (!Consume('[')) return false;
    if (Consume(']')) return AtEnd();
    // Prometheus posts up to 64 alerts of a few hundred bytes each.
    out->reserve(static_cast<size_t>(end_ - p_) / 256 + 1);
    do {
      out->emplace_back();
      if (!Alert(&out->back())) return false;
    } while (Consume(','));
    return Consume(']') && AtEnd();
  }

 private:
  void Ws() {
    while (p_ < end_ &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }
  bool Consume(char c) {
    Ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }

  // A JSON string. Without escapes, *raw views it in the body and *out is
  // left alone (callers that need a copy take *raw); with escapes it is
  // decoded into *out and *raw views *out. Control characters, lone
  // surrogates and invalid UTF-8 make it fail.
  bool String(std::string* out, std::string_view* raw) {
    if (!Consume('"')) return false;
    const char* start = p_;
    uint64_t high = 0;
    const char* stop = ScanPlain(p_, end_, &high);
    if (stop == end_) return false;
    if (*stop == '"') {
      *raw = std::string_view(start, static_cast<size_t>(stop - start));
      p_ = stop + 1;
      return (high & kHighBits) == 0 || notifiers::ValidUtf8(*raw);
    }
    p_ = stop;
    if (*p_ != '\\') return false;  // a control character
    bool has_high = (high & kHighBits) != 0;
    if (p_ >= end_) return false;
    out->assign(start, static_cast<size_t>(p_ - start));
    while (p_ < end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        *raw = *out;
        return !has_high || notifiers::ValidUtf8(*out);
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        // Copy the run up to the next quote or escape at once.
        const char* run = p_;
        while (p_ < end_ && *p_ != '"' && *p_ != '\\' &&
               static_cast<unsigned char>(*p_) >= 0x20) {
          has_high |= static_cast<unsigned char>(*p_) >= 0x80;
          ++p_;
        }
        out->append(run, static_cast<size_t>(p_ - run));
        continue;
      }
      if (++p_ >= end_) return false;
      switch (*p_++) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!Hex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  bool Hex4(uint32_t* cp) {
    if (end_ - p_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *cp = v;
    return true;
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // A string, viewed in the body or, when it has escapes, in escaped_.
  bool StringView(std::string_view* out) {
    if (!String(&scratch_, out)) return false;
    if (out->data() == scratch_.data()) {
      *out = escaped_.emplace_back(std::move(scratch_));
    }
    return true;
  }

  // An object of string values, appended to *out as (name, value).
  bool StringMap(std::vector<promql::LabelView>* out) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    do {
      promql::LabelView& kv = out->emplace_back();
      if (!StringView(&kv.name) || !Consume(':') || !StringView(&kv.value)) {
        return false;
      }
    } while (Consume(','));
    return Consume('}');
  }

  // Sorts `pairs` by name; false when a name repeats.
  static bool SortUnique(std::vector<promql::LabelView>& pairs) {
    auto by_name = [](const promql::LabelView& x, const promql::LabelView& y) {
      return x.name < y.name;
    };
    if (!std::is_sorted(pairs.begin(), pairs.end(), by_name)) {
      std::stable_sort(pairs.begin(), pairs.end(), by_name);
    }
    for (size_t i = 1; i < pairs.size(); ++i) {
      if (pairs[i].name == pairs[i - 1].name) return false;
    }
    return true;
  }

  // A URL, sharing the previous alert's when equal (the alerts of a rule
  // come together and carry the same one).
  bool UrlValue(notifiers::SharedString* out) {
    std::string_view raw;
    if (!String(&scratch_, &raw)) return false;
    url_ = url_.Reuse(raw);
    *out = url_;
    return true;
  }

  bool TimeValue(notifiers::Time* t) {
    std::string_view raw;
    return String(&scratch_, &raw) && notifiers::ParseRfc3339(raw, t);
  }

  // The key of an alert field, as its Field bit (0: another key).
  unsigned Key() {
    std::string_view raw;
    if (!String(&scratch_, &raw)) return 0;
    if (raw == "labels") return kLabels;
    if (raw == "annotations") return kAnnotations;
    if (raw == "startsAt") return kStartsAt;
    if (raw == "endsAt") return kEndsAt;
    if (raw == "generatorURL") return kGeneratorUrl;
    return 0;
  }

  bool Alert(notifiers::Alert* a) {
    if (!Consume('{')) return false;
    unsigned seen = 0;
    labels_.clear();
    annotations_.clear();
    escaped_.clear();
    if (!Consume('}')) {
      do {
        unsigned f = Key();
        if (f == 0 || (seen & f) != 0 || !Consume(':')) return false;
        seen |= f;
        bool ok = false;
        switch (f) {
          case kLabels:
            ok = StringMap(&labels_);
            break;
          case kAnnotations:
            ok = StringMap(&annotations_);
            break;
          case kStartsAt:
            ok = TimeValue(&a->starts_at);
            break;
          case kEndsAt:
            ok = TimeValue(&a->ends_at);
            break;
          case kGeneratorUrl:
            ok = UrlValue(&a->generator_url);
            break;
        }
        if (!ok) return false;
      } while (Consume(','));
      if (!Consume('}')) return false;
    }
    if ((seen & kLabels) == 0) return false;
    // As the general decoder: pairs sorted by name, empty label values
    // dropped. Repeated names are left to it. (Prometheus sends pairs
    // sorted already: Go writes map keys in order.)
    if (!SortUnique(labels_) || !SortUnique(annotations_)) return false;
    kept_.clear();
    for (const promql::LabelView& l : labels_) {
      if (!l.value.empty()) kept_.push_back(l);
    }
    a->labels = promql::Labels::FromSorted(kept_);
    a->annotations = promql::StringPairs::FromSorted(annotations_);
    return true;
  }

  const char* p_;
  const char* end_;
  std::string scratch_;
  notifiers::SharedString url_;  // the last generator URL read
  // The pairs of the alert being decoded (reused between alerts), viewing
  // the body and escaped_, which holds the strings that had escapes.
  std::vector<promql::LabelView> labels_;
  std::vector<promql::LabelView> annotations_;
  std::vector<promql::LabelView> kept_;  // the labels_ with a value
  std::deque<std::string> escaped_;
};

}  // namespace

bool DecodeCommonPostableAlerts(std::string_view body,
                                std::vector<notifiers::Alert>* out) {
  std::vector<notifiers::Alert> alerts;
  Decoder d(body);
  if (!d.Alerts(&alerts)) return false;
  *out = std::move(alerts);
  return true;
}

}  // namespace tocsin::engine
