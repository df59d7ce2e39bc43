// The wire format of Prometheus remote write 1.0: a WriteRequest message in
// protobuf, block-compressed with snappy.
//
//   message WriteRequest { repeated TimeSeries timeseries = 1; }
//   message TimeSeries   { repeated Label labels = 1;
//                          repeated Sample samples = 2; }
//   message Label        { string name = 1; string value = 2; }
//   message Sample       { double value = 1; int64 timestamp = 2; }
//
// The four messages are encoded by hand (tags, varints, little-endian
// doubles), so the build needs no protoc. Every field is written, defaults
// included (a -0.0 value stays -0.0); values are copied bit for bit, so a
// staleness marker (promql::StaleNaN) arrives as the very same NaN. The
// decoder accepts what any protobuf encoder writes for these messages and
// skips fields it does not know (exemplars, histograms, metadata). Pure
// functions; thread-safe.

#ifndef TOCSIN_DATASOURCE_REMOTE_WRITE_ENCODING_H_
#define TOCSIN_DATASOURCE_REMOTE_WRITE_ENCODING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "promql/labels.h"
#include "promql/status.h"

namespace tocsin::datasource {

// One sample of one series, as the remote-write queue holds it.
struct WriteSample {
  promql::Labels labels;  // sorted by name, as Prometheus requires
  int64_t timestamp_ms = 0;
  double value = 0;
};

// One TimeSeries message.
struct WriteSeries {
  std::vector<promql::Label> labels;  // encoded in this order
  struct Point {
    int64_t timestamp_ms = 0;
    double value = 0;
  };
  std::vector<Point> samples;
};

// A WriteRequest with one TimeSeries per distinct label set of `samples`,
// in the order of each set's first sample; each series' samples keep their
// order in `samples`.
std::string EncodeWriteRequest(std::span<const WriteSample> samples);

// A WriteRequest holding `series` as given.
std::string EncodeWriteRequest(std::span<const WriteSeries> series);

// Parses a WriteRequest. Fails with kInvalidArgument on truncated or
// malformed input ("remote write: truncated varint at byte 12").
Result<std::vector<WriteSeries>> DecodeWriteRequest(std::string_view data);

// Snappy's block format (not the framed stream format), as remote write
// sends it with Content-Encoding: snappy.
std::string SnappyCompress(std::string_view data);
// Fails with kInvalidArgument when `data` is not a valid snappy block or
// would uncompress to more than 1 GiB.
Result<std::string> SnappyUncompress(std::string_view data);

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_REMOTE_WRITE_ENCODING_H_
