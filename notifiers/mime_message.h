// The pieces of a MIME message as Go's standard library writes them for
// Alertmanager's email notifier: RFC 2047 Q-encoded header values
// (mime.QEncoding), quoted-printable bodies (mime/quotedprintable),
// multipart bodies (mime/multipart.Writer) and the Date header's
// time.RFC1123Z format. Byte for byte what Go produces, so that tocsin's
// emails equal Alertmanager's.
//
// Pure functions and a value-type writer; thread-safe.

#ifndef TOCSIN_NOTIFIERS_MIME_MESSAGE_H_
#define TOCSIN_NOTIFIERS_MIME_MESSAGE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notifiers/clock.h"
#include "promql/status.h"

namespace tocsin::notifiers {

// mime.QEncoding.Encode("utf-8", s): `s` itself when it is printable ASCII
// (tabs allowed), else "=?utf-8?q?...?=" encoded words of at most 75
// characters, separated by spaces, never splitting a UTF-8 sequence.
std::string QEncodeHeaderValue(std::string_view s);

// quotedprintable.NewWriter: Write(s) then Close(). Lines end in CRLF (a
// lone CR or LF in `s` becomes one), are at most 76 characters with "="
// soft breaks, and a space or tab before a line end is encoded.
std::string QuotedPrintable(std::string_view s);

// time.Now().Format(time.RFC1123Z) in the local time zone:
// "Mon, 02 Jan 2006 15:04:05 -0700".
std::string FormatRfc1123Z(Time t);

// base64.StdEncoding.DecodeString: padded standard alphabet, CR and LF
// ignored; "illegal base64 data at input byte N" otherwise.
Result<std::string> Base64Decode(std::string_view s);

// multipart.Writer's random boundary: 30 random bytes in lower-case hex.
std::string RandomMimeBoundary();

// multipart.Writer over a string: parts are opened by "--boundary" lines,
// their headers written sorted by name, and Close() ends with the
// "--boundary--" line.
class MultipartWriter {
 public:
  explicit MultipartWriter(std::string boundary)
      : boundary_(std::move(boundary)) {}
  const std::string& boundary() const { return boundary_; }

  // Opens a part with `headers` (any order) and appends `body` to it.
  void AddPart(std::vector<std::pair<std::string, std::string>> headers,
               std::string_view body);
  // The closing delimiter; returns everything written.
  std::string Close();

 private:
  std::string boundary_;
  std::string out_;
  bool has_part_ = false;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_MIME_MESSAGE_H_
