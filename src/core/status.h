// Status and StatusOr<T>: errors as values (after absl::Status / leveldb::Status).
//
// A Status is either OK or carries a canonical code and a one-line message that
// names the input and the problem ("cdr.csv:12: end before start"). Copying is
// cheap; OK holds no allocation.
#ifndef ONECODE_CORE_STATUS_H_
#define ONECODE_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace onecode {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is malformed
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kOutOfRange,
  kPermissionDenied,
  kIoError,           // the file system or a device failed
  kInternal,          // a bug: an invariant did not hold
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "StatusOr needs a value or an error");
    if (status_.ok()) status_ = Status::Internal("StatusOr built from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok().
  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace onecode

#define ONECODE_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::onecode::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)

// `ONECODE_ASSIGN_OR_RETURN(lhs, expr)`: evaluates the StatusOr `expr`;
// returns its status on error, else moves its value into `lhs` (which may
// be a declaration, e.g. `auto x`).
#define ONECODE_STATUS_CONCAT_INNER(a, b) a##b
#define ONECODE_STATUS_CONCAT(a, b) ONECODE_STATUS_CONCAT_INNER(a, b)
#define ONECODE_ASSIGN_OR_RETURN(lhs, expr) \
  ONECODE_ASSIGN_OR_RETURN_IMPL(ONECODE_STATUS_CONCAT(_statusor_, __LINE__), lhs, expr)
#define ONECODE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(*tmp)

#endif  // ONECODE_CORE_STATUS_H_
