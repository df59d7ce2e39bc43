// A compact binary encoding for the router's persisted records (silences,
// notification log entries): varints, fixed 64-bit values and
// length-prefixed strings, written and read in the same order.
//
// RecordWriter and RecordReader are plain, single-threaded helpers.

#ifndef TOCSIN_NOTIFIERS_RECORD_CODEC_H_
#define TOCSIN_NOTIFIERS_RECORD_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::notifiers {

class RecordWriter {
 public:
  void Varint(uint64_t v);
  void SignedVarint(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Fixed64(uint64_t v);
  void String(std::string_view s);
  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view data) : data_(data) {}
  // Each returns false (and stays failed) on truncated or malformed input.
  bool Varint(uint64_t* v);
  bool SignedVarint(int64_t* v);
  bool Fixed64(uint64_t* v);
  bool String(std::string* s);
  bool done() const { return pos_ == data_.size(); }
  bool ok() const { return ok_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// CRC-32C (Castagnoli) of `data`.
uint32_t Crc32c(std::string_view data);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_RECORD_CODEC_H_
