// PaddedStringBody: a Boost.Beast body that reads a response into a
// std::string whose capacity always leaves kJsonPadding spare bytes after
// the data, so that simdjson can parse it in place without a copy.
// Internal to the HTTP client (includes Beast); not thread-safe.

#ifndef TOCSIN_DATASOURCE_PADDED_BODY_H_
#define TOCSIN_DATASOURCE_PADDED_BODY_H_

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <cstring>
#include <string>

namespace tocsin::datasource {

// At least simdjson's SIMDJSON_PADDING.
inline constexpr size_t kJsonPadding = 64;

struct PaddedStringBody {
  using value_type = std::string;

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body)
        : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length,
              boost::beast::error_code& ec) {
      ec = {};
      if (length) body_.reserve(static_cast<size_t>(*length) + kJsonPadding);
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers,
                    boost::beast::error_code& ec) {
      ec = {};
      const size_t extra = boost::asio::buffer_size(buffers);
      const size_t size = body_.size();
      if (body_.capacity() < size + extra + kJsonPadding) {
        body_.reserve(std::max(body_.capacity() * 2,
                               size + extra + kJsonPadding));
      }
      body_.resize(size + extra);
      char* out = body_.data() + size;
      for (auto b : boost::beast::buffers_range_ref(buffers)) {
        std::memcpy(out, b.data(), b.size());
        out += b.size();
      }
      return extra;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace tocsin::datasource

#endif  // TOCSIN_DATASOURCE_PADDED_BODY_H_
