// Status and Result<T>: errors as values at module boundaries.
//
// A Status is either OK or carries a code and a message. Result<T> holds
// either a value or a non-OK Status. Both are cheap to move and are [[nodiscard]] so that an
// ignored error is a compiler warning. They are plain values: not thread-safe
// for concurrent mutation, safe to share read-only.

#ifndef TOCSIN_PROMQL_STATUS_H_
#define TOCSIN_PROMQL_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tocsin {

class [[nodiscard]] Status {
 public:
  // The kind of failure. Callers map codes to protocol errors (for example
  // the query API answers kInvalidArgument with HTTP 400 "bad_data" and
  // kExecution with 422 "execution").
  enum class Code {
    kOk,
    kInvalidArgument,  // malformed input: parse errors, bad parameters
    kExecution,        // a well-formed request failed while running
    kTimeout,          // a deadline passed
    kCanceled,         // the caller gave up
    kUnavailable,      // a peer could not be reached
    kNotFound,
    kIOError,
    kInternal,
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status Error(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status Execution(std::string message) {
    return Status(Code::kExecution, std::move(message));
  }
  static Status Timeout(std::string message) {
    return Status(Code::kTimeout, std::move(message));
  }
  static Status Canceled(std::string message) {
    return Status(Code::kCanceled, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status IOError(std::string message) {
    return Status(Code::kIOError, std::move(message));
  }
  static Status WithCode(Code code, std::string message) {
    return Status(code, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // The error text; empty for OK.
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }

 private:
  Status(Code code, std::string message)
      : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::optional<std::string> message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tocsin

#endif  // TOCSIN_PROMQL_STATUS_H_
