#include "datasource/remote_write_encoding.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <bit>
#include <cmath>
#include <limits>

#include "promql/value.h"

namespace tocsin::datasource {
namespace {

using promql::Labels;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

std::string Hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// The wire bytes worked out by hand from the protobuf encoding rules:
// a tag is (field << 3) | wire type, strings and messages are a varint
// length and the bytes, doubles are 8 little-endian bytes, int64 a varint.
TEST(RemoteWriteEncodingTest, GoldenBytes) {
  std::vector<WriteSample> samples = {
      {Labels{{"__name__", "up"}, {"job", "a"}}, 1, 1.0}};
  const std::string want = Bytes({
      0x0a, 0x27,  // WriteRequest.timeseries (1, bytes), 39 bytes
      0x0a, 0x0e,  // TimeSeries.labels (1, bytes), 14 bytes
      0x0a, 0x08, '_',  '_',  'n',
      'a',  'm',  'e',  '_',  '_',  // Label.name
      0x12, 0x02, 'u',  'p',        // Label.value
      0x0a, 0x08,                   // the second label, 8 bytes
      0x0a, 0x03, 'j',  'o',  'b',
      0x12, 0x01, 'a',  0x12, 0x0b,  // TimeSeries.samples (2, bytes), 11 bytes
      0x09, 0,    0,    0,    0,
      0,    0,    0xf0, 0x3f,  // Sample.value (1, fixed64) 1.0
      0x10, 0x01,              // Sample.timestamp (2, varint) 1
  });
  EXPECT_EQ(Hex(EncodeWriteRequest(samples)), Hex(want));
}

TEST(RemoteWriteEncodingTest, GoldenTimestampsAndValues) {
  // A real timestamp (1700000000123 ms), a negative one (two's complement
  // in ten varint bytes), and zeros, which are written although they are
  // proto3 defaults.
  std::vector<WriteSeries> series = {
      {{{"a", "b"}}, {{1700000000123, -2.5}, {-1, 0.0}, {0, -0.0}}},
  };
  const std::string want = Bytes({
      0x0a,
      0x3d,  // 61 bytes
      0x0a,
      0x06,
      0x0a,
      0x01,
      'a',
      0x12,
      0x01,
      'b',
      // 1700000000123 = 0x18BCFE5687B: varint fb d0 95 ff bc 31
      0x12,
      0x10,
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      0x04,
      0xc0,  // -2.5
      0x10,
      0xfb,
      0xd0,
      0x95,
      0xff,
      0xbc,
      0x31,
      0x12,
      0x14,
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,  // 0.0
      0x10,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0x01,
      0x12,
      0x0b,
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x80,  // -0.0
      0x10,
      0x00,
  });
  EXPECT_EQ(Hex(EncodeWriteRequest(series)), Hex(want));
}

TEST(RemoteWriteEncodingTest, EmptyRequest) {
  EXPECT_EQ(EncodeWriteRequest(std::span<const WriteSample>{}), "");
  auto d = DecodeWriteRequest("");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->empty());
}

TEST(RemoteWriteEncodingTest, GroupsSamplesBySeriesInOrder) {
  Labels a{{"__name__", "m"}, {"i", "a"}};
  Labels b{{"__name__", "m"}, {"i", "b"}};
  std::vector<WriteSample> samples = {
      {b, 10, 1}, {a, 10, 2}, {b, 20, 3}, {b, 30, 4}, {a, 20, 5}};
  auto d = DecodeWriteRequest(EncodeWriteRequest(samples));
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0].labels, std::vector<promql::Label>(b.begin(), b.end()));
  EXPECT_EQ((*d)[1].labels, std::vector<promql::Label>(a.begin(), a.end()));
  ASSERT_EQ((*d)[0].samples.size(), 3u);
  EXPECT_EQ((*d)[0].samples[0].timestamp_ms, 10);
  EXPECT_EQ((*d)[0].samples[1].timestamp_ms, 20);
  EXPECT_EQ((*d)[0].samples[2].timestamp_ms, 30);
  EXPECT_EQ((*d)[0].samples[2].value, 4);
  ASSERT_EQ((*d)[1].samples.size(), 2u);
  EXPECT_EQ((*d)[1].samples[1].value, 5);
}

TEST(RemoteWriteEncodingTest, LabelsGoOutSortedByName) {
  Labels l = Labels::FromVector(
      {{"zone", "z"}, {"__name__", "m"}, {"Job", "j"}, {"a_b", "x"}});
  auto d = DecodeWriteRequest(
      EncodeWriteRequest(std::vector<WriteSample>{{l, 1, 1}}));
  ASSERT_TRUE(d.ok());
  std::vector<std::string> names;
  for (const auto& label : (*d)[0].labels) names.push_back(label.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"Job", "__name__", "a_b", "zone"}));
}

TEST(RemoteWriteEncodingTest, ValuesBitForBit) {
  const double values[] = {promql::StaleNaN(),
                           std::numeric_limits<double>::quiet_NaN(),
                           std::bit_cast<double>(0x7ff8000000000001ULL),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           -0.0,
                           0.0,
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max(),
                           0.1};
  std::vector<WriteSample> samples;
  int64_t t = std::numeric_limits<int64_t>::min();
  for (double v : values) {
    samples.push_back({Labels{{"__name__", "x"}}, t, v});
    t = t / 2 + 1;
  }
  auto d = DecodeWriteRequest(EncodeWriteRequest(samples));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 1u);
  ASSERT_EQ((*d)[0].samples.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(std::bit_cast<uint64_t>((*d)[0].samples[i].value),
              std::bit_cast<uint64_t>(samples[i].value))
        << i;
    EXPECT_EQ((*d)[0].samples[i].timestamp_ms, samples[i].timestamp_ms);
  }
  EXPECT_TRUE(promql::IsStaleNaN((*d)[0].samples[0].value));
}

TEST(RemoteWriteEncodingTest, DecoderSkipsUnknownFields) {
  // A TimeSeries with an exemplar (field 3) and a fixed32 field 9 before
  // its label, and a WriteRequest.metadata (field 3) entry after it.
  const std::string data = Bytes({
      0x0a, 0x13, 0x1a, 0x02, 0x08, 0x01,  // exemplars: {1: 1}
      0x4d, 1,    2,    3,    4,           // field 9, fixed32
      0x0a, 0x06, 0x0a, 0x01, 'a',  0x12,
      0x01, 'b',  0x12, 0x00,  // an empty Sample: value 0, t 0
      0x1a, 0x02, 0x08, 0x07,  // metadata
  });
  auto d = DecodeWriteRequest(data);
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].labels, (std::vector<promql::Label>{{"a", "b"}}));
  ASSERT_EQ((*d)[0].samples.size(), 1u);
  EXPECT_EQ((*d)[0].samples[0].timestamp_ms, 0);
}

TEST(RemoteWriteEncodingTest, DecoderRejectsMalformedInput) {
  const std::string good = EncodeWriteRequest(
      std::vector<WriteSample>{{Labels{{"__name__", "up"}}, 1700000000000, 1}});
  // Every strict prefix is truncated somewhere.
  for (size_t n = 1; n < good.size(); ++n) {
    auto d = DecodeWriteRequest(good.substr(0, n));
    EXPECT_FALSE(d.ok()) << n;
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), Status::Code::kInvalidArgument);
    }
  }
  auto wrong = DecodeWriteRequest(Bytes({0x08, 0x01}));  // timeseries varint
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(),
            "remote write: wrong wire type for WriteRequest.timeseries at "
            "byte 1");
  EXPECT_FALSE(DecodeWriteRequest(Bytes({0x0f})).ok());        // wire type 7
  EXPECT_FALSE(DecodeWriteRequest(Bytes({0x00, 0x00})).ok());  // field 0
  auto varint = DecodeWriteRequest(Bytes({0x0a, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
  ASSERT_FALSE(varint.ok());
  EXPECT_EQ(varint.status().message(),
            "remote write: varint longer than 10 bytes at byte 11");
}

TEST(RemoteWriteEncodingTest, SnappyRoundTrip) {
  std::vector<WriteSample> samples;
  for (int s = 0; s < 50; ++s) {
    Labels l{{"__name__", "http_requests_total"},
             {"instance", "host-" + std::to_string(s) + ":9100"},
             {"job", "node"}};
    for (int i = 0; i < 40; ++i) samples.push_back({l, 1000L * i, i * 0.25});
  }
  const std::string raw = EncodeWriteRequest(samples);
  const std::string compressed = SnappyCompress(raw);
  EXPECT_LT(compressed.size(), raw.size() / 2);
  // The receiver's side: plain snappy block decoding.
  std::string direct;
  ASSERT_TRUE(
      snappy::Uncompress(compressed.data(), compressed.size(), &direct));
  EXPECT_EQ(direct, raw);
  auto back = SnappyUncompress(compressed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, raw);
  auto d = DecodeWriteRequest(*back);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->size(), 50u);
  EXPECT_FALSE(SnappyUncompress("\xff\xff\xff\xff\x0f garbage").ok());
  EXPECT_FALSE(SnappyUncompress(raw).ok());
}

}  // namespace
}  // namespace tocsin::datasource
