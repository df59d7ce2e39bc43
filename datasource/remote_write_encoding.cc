#include "datasource/remote_write_encoding.h"

#include <snappy.h>

#include <bit>
#include <cstring>
#include <unordered_map>

namespace tocsin::datasource {
namespace {

// The largest uncompressed size SnappyUncompress accepts.
constexpr size_t kMaxUncompressedBytes = size_t{1} << 30;

// Field tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 bytes).
constexpr char kTagTimeSeries = 0x0a;  // WriteRequest.timeseries = 1, bytes
constexpr char kTagLabel = 0x0a;       // TimeSeries.labels = 1, bytes
constexpr char kTagSample = 0x12;      // TimeSeries.samples = 2, bytes
constexpr char kTagName = 0x0a;        // Label.name = 1, bytes
constexpr char kTagValue = 0x12;       // Label.value = 2, bytes
constexpr char kTagDouble = 0x09;      // Sample.value = 1, fixed64
constexpr char kTagTimestamp = 0x10;   // Sample.timestamp = 2, varint

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutFixed64(std::string* out, uint64_t v) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(v >> (8 * i));
  out->append(buf, 8);
}

size_t BytesFieldSize(size_t len) { return 1 + VarintSize(len) + len; }

size_t LabelSize(promql::LabelView l) {
  return BytesFieldSize(l.name.size()) + BytesFieldSize(l.value.size());
}

size_t SampleSize(int64_t t) {
  return 1 + 8 + 1 + VarintSize(static_cast<uint64_t>(t));
}

void PutBytesField(std::string* out, char tag, std::string_view s) {
  out->push_back(tag);
  PutVarint(out, s.size());
  out->append(s);
}

void PutLabel(std::string* out, promql::LabelView l) {
  out->push_back(kTagLabel);
  PutVarint(out, LabelSize(l));
  PutBytesField(out, kTagName, l.name);
  PutBytesField(out, kTagValue, l.value);
}

void PutSample(std::string* out, int64_t t, double v) {
  out->push_back(kTagSample);
  PutVarint(out, SampleSize(t));
  out->push_back(kTagDouble);
  PutFixed64(out, std::bit_cast<uint64_t>(v));
  out->push_back(kTagTimestamp);
  PutVarint(out, static_cast<uint64_t>(t));
}

// One TimeSeries: `labels` is any range of promql::Label; `point(i)` gives
// the i-th of `n` samples as a {timestamp, value} pair.
template <typename LabelRange, typename PointAt>
size_t SeriesSize(const LabelRange& labels, size_t n, PointAt point) {
  size_t size = 0;
  for (promql::LabelView l : labels) size += BytesFieldSize(LabelSize(l));
  for (size_t i = 0; i < n; ++i) {
    size += BytesFieldSize(SampleSize(point(i).timestamp_ms));
  }
  return size;
}

template <typename LabelRange, typename PointAt>
void PutSeries(std::string* out, size_t size, const LabelRange& labels,
               size_t n, PointAt point) {
  out->push_back(kTagTimeSeries);
  PutVarint(out, size);
  for (promql::LabelView l : labels) PutLabel(out, l);
  for (size_t i = 0; i < n; ++i) {
    const auto p = point(i);
    PutSample(out, p.timestamp_ms, p.value);
  }
}

// Reads protobuf fields from a byte string.
class WireReader {
 public:
  explicit WireReader(std::string_view data, size_t base = 0)
      : data_(data), base_(base) {}

  bool done() const { return pos_ >= data_.size(); }
  size_t offset() const { return base_ + pos_; }

  Status Varint(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Err("truncated varint");
      const auto b = static_cast<uint8_t>(data_[pos_++]);
      result |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        *v = result;
        return Status::OK();
      }
    }
    return Err("varint longer than 10 bytes");
  }

  Status Fixed(size_t n, uint64_t* v) {
    if (data_.size() - pos_ < n) return Err("truncated fixed-size field");
    uint64_t r = 0;
    for (size_t i = 0; i < n; ++i) {
      r |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i]))
           << (8 * i);
    }
    pos_ += n;
    *v = r;
    return Status::OK();
  }

  Status Bytes(std::string_view* out, size_t* start) {
    uint64_t len = 0;
    if (Status s = Varint(&len); !s.ok()) return s;
    if (len > data_.size() - pos_)
      return Err("truncated length-delimited field");
    *start = base_ + pos_;
    *out = data_.substr(pos_, len);
    pos_ += len;
    return Status::OK();
  }

  // Reads a tag; `field` and `type` are its number and wire type.
  Status Tag(uint64_t* field, int* type) {
    uint64_t tag = 0;
    if (Status s = Varint(&tag); !s.ok()) return s;
    *field = tag >> 3;
    *type = static_cast<int>(tag & 7);
    if (*field == 0) return Err("field number 0");
    return Status::OK();
  }

  // Skips the value of a field of wire type `type`.
  Status Skip(int type) {
    uint64_t v = 0;
    std::string_view s;
    size_t start = 0;
    switch (type) {
      case 0:
        return Varint(&v);
      case 1:
        return Fixed(8, &v);
      case 2:
        return Bytes(&s, &start);
      case 5:
        return Fixed(4, &v);
      default:
        return Err("unsupported wire type " + std::to_string(type));
    }
  }

  Status Err(const std::string& what) const {
    return Status::InvalidArgument("remote write: " + what + " at byte " +
                                   std::to_string(offset()));
  }

 private:
  std::string_view data_;
  size_t base_;
  size_t pos_ = 0;
};

Status WrongType(const WireReader& r, const char* field) {
  return r.Err(std::string("wrong wire type for ") + field);
}

Status DecodeLabel(std::string_view data, size_t base, promql::Label* out) {
  WireReader r(data, base);
  while (!r.done()) {
    uint64_t field = 0;
    int type = 0;
    if (Status s = r.Tag(&field, &type); !s.ok()) return s;
    if (field == 1 || field == 2) {
      if (type != 2) return WrongType(r, "Label field");
      std::string_view v;
      size_t start = 0;
      if (Status s = r.Bytes(&v, &start); !s.ok()) return s;
      (field == 1 ? out->name : out->value) = std::string(v);
    } else if (Status s = r.Skip(type); !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

Status DecodeSample(std::string_view data, size_t base,
                    WriteSeries::Point* out) {
  WireReader r(data, base);
  while (!r.done()) {
    uint64_t field = 0;
    int type = 0;
    if (Status s = r.Tag(&field, &type); !s.ok()) return s;
    uint64_t v = 0;
    if (field == 1) {
      if (type != 1) return WrongType(r, "Sample.value");
      if (Status s = r.Fixed(8, &v); !s.ok()) return s;
      out->value = std::bit_cast<double>(v);
    } else if (field == 2) {
      if (type != 0) return WrongType(r, "Sample.timestamp");
      if (Status s = r.Varint(&v); !s.ok()) return s;
      out->timestamp_ms = static_cast<int64_t>(v);
    } else if (Status s = r.Skip(type); !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

Status DecodeSeries(std::string_view data, size_t base, WriteSeries* out) {
  WireReader r(data, base);
  while (!r.done()) {
    uint64_t field = 0;
    int type = 0;
    if (Status s = r.Tag(&field, &type); !s.ok()) return s;
    if (field != 1 && field != 2) {
      if (Status s = r.Skip(type); !s.ok()) return s;
      continue;
    }
    if (type != 2) return WrongType(r, "TimeSeries field");
    std::string_view v;
    size_t start = 0;
    if (Status s = r.Bytes(&v, &start); !s.ok()) return s;
    if (field == 1) {
      if (Status s = DecodeLabel(v, start, &out->labels.emplace_back());
          !s.ok()) {
        return s;
      }
    } else if (Status s = DecodeSample(v, start, &out->samples.emplace_back());
               !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

}  // namespace

std::string EncodeWriteRequest(std::span<const WriteSample> samples) {
  // Group the samples by series, in order of first appearance.
  struct Group {
    const promql::Labels* labels;
    std::vector<uint32_t> samples;
    size_t size = 0;
  };
  std::vector<Group> groups;
  std::unordered_map<promql::Labels, size_t, promql::LabelsHash> index;
  index.reserve(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    auto [it, added] = index.try_emplace(samples[i].labels, groups.size());
    if (added) groups.push_back({&samples[i].labels, {}});
    groups[it->second].samples.push_back(static_cast<uint32_t>(i));
  }
  size_t total = 0;
  for (Group& g : groups) {
    g.size = SeriesSize(
        *g.labels, g.samples.size(),
        [&](size_t i) -> const WriteSample& { return samples[g.samples[i]]; });
    total += BytesFieldSize(g.size);
  }
  std::string out;
  out.reserve(total);
  for (const Group& g : groups) {
    PutSeries(
        &out, g.size, *g.labels, g.samples.size(),
        [&](size_t i) -> const WriteSample& { return samples[g.samples[i]]; });
  }
  return out;
}

std::string EncodeWriteRequest(std::span<const WriteSeries> series) {
  std::vector<size_t> sizes;
  sizes.reserve(series.size());
  size_t total = 0;
  for (const WriteSeries& s : series) {
    sizes.push_back(SeriesSize(s.labels, s.samples.size(),
                               [&](size_t i) { return s.samples[i]; }));
    total += BytesFieldSize(sizes.back());
  }
  std::string out;
  out.reserve(total);
  for (size_t k = 0; k < series.size(); ++k) {
    const WriteSeries& s = series[k];
    PutSeries(&out, sizes[k], s.labels, s.samples.size(),
              [&](size_t i) { return s.samples[i]; });
  }
  return out;
}

Result<std::vector<WriteSeries>> DecodeWriteRequest(std::string_view data) {
  std::vector<WriteSeries> out;
  WireReader r(data);
  while (!r.done()) {
    uint64_t field = 0;
    int type = 0;
    if (Status s = r.Tag(&field, &type); !s.ok()) return s;
    if (field != 1) {
      if (Status s = r.Skip(type); !s.ok()) return s;
      continue;
    }
    if (type != 2) return WrongType(r, "WriteRequest.timeseries");
    std::string_view v;
    size_t start = 0;
    if (Status s = r.Bytes(&v, &start); !s.ok()) return s;
    if (Status s = DecodeSeries(v, start, &out.emplace_back()); !s.ok()) {
      return s;
    }
  }
  return out;
}

std::string SnappyCompress(std::string_view data) {
  std::string out;
  snappy::Compress(data.data(), data.size(), &out);
  return out;
}

Result<std::string> SnappyUncompress(std::string_view data) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(data.data(), data.size(), &length)) {
    return Status::InvalidArgument("snappy: corrupt input");
  }
  if (length > kMaxUncompressedBytes) {
    return Status::InvalidArgument("snappy: uncompressed length " +
                                   std::to_string(length) + " too large");
  }
  std::string out;
  if (!snappy::Uncompress(data.data(), data.size(), &out)) {
    return Status::InvalidArgument("snappy: corrupt input");
  }
  return out;
}

}  // namespace tocsin::datasource
