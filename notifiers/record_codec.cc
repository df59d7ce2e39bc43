#include "notifiers/record_codec.h"

#include <array>

namespace tocsin::notifiers {

void RecordWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_ += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out_ += static_cast<char>(v);
}

void RecordWriter::Fixed64(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
}

void RecordWriter::String(std::string_view s) {
  Varint(s.size());
  out_.append(s);
}

bool RecordReader::Varint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; ok_ && shift < 64; shift += 7) {
    if (pos_ >= data_.size()) break;
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  ok_ = false;
  return false;
}

bool RecordReader::SignedVarint(int64_t* v) {
  uint64_t u;
  if (!Varint(&u)) return false;
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool RecordReader::Fixed64(uint64_t* v) {
  if (!ok_ || data_.size() - pos_ < 8) return ok_ = false;
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) {
    r |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i]))
         << (8 * i);
  }
  pos_ += 8;
  *v = r;
  return true;
}

bool RecordReader::String(std::string* s) {
  uint64_t n;
  if (!Varint(&n)) return false;
  if (data_.size() - pos_ < n) return ok_ = false;
  s->assign(data_.substr(pos_, n));
  pos_ += n;
  return true;
}

uint32_t Crc32c(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0x82F63B78u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : data) crc = table[(crc ^ ch) & 0xff] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

}  // namespace tocsin::notifiers
