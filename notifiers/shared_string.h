// SharedString: an immutable string whose copies share the characters.
// The router's alerts carry their generator URL as one: the alerts of a
// rule repeat the same URL, and the decoders and the alert store hand
// equal URLs the same storage. Thread-safe to share.

#ifndef TOCSIN_NOTIFIERS_SHARED_STRING_H_
#define TOCSIN_NOTIFIERS_SHARED_STRING_H_

#include <memory>
#include <string>
#include <string_view>

namespace tocsin::notifiers {

class SharedString {
 public:
  SharedString() = default;
  SharedString(std::string_view s)  // NOLINT: a string is one
      : s_(s.empty() ? nullptr : std::make_shared<const std::string>(s)) {}
  SharedString(const std::string& s)
      : SharedString(std::string_view(s)) {}                          // NOLINT
  SharedString(const char* s) : SharedString(std::string_view(s)) {}  // NOLINT

  std::string_view view() const { return s_ ? std::string_view(*s_) : ""; }
  operator std::string_view() const { return view(); }  // NOLINT
  bool empty() const { return s_ == nullptr; }

  // `s`, sharing this string's characters when they are equal.
  SharedString Reuse(std::string_view s) const {
    return view() == s ? *this : SharedString(s);
  }

  friend bool operator==(const SharedString& a, const SharedString& b) {
    return a.s_ == b.s_ || a.view() == b.view();
  }

 private:
  std::shared_ptr<const std::string> s_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SHARED_STRING_H_
