// Reading request bodies: a JSON object and its typed fields, each failure an
// INVALID_ARGUMENT that names the field. Pure functions, thread-safe.
#ifndef ONECODE_API_JSON_FIELDS_H_
#define ONECODE_API_JSON_FIELDS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/status.h"

namespace onecode::api {

// Parses `body` as one JSON object (at most 64 KiB nesting-safe input).
StatusOr<boost::json::object> ParseJsonObject(std::string_view body);

// The string field `key`: absent or null gives "" when !required; a
// non-string, a string over `max_bytes`, invalid UTF-8, or a control
// character is an error.
Status GetString(const boost::json::object& o, std::string_view key, bool required, size_t max_bytes,
                 std::string* out);
// The numeric field `key` (integer or double), nullopt when absent/null and
// !required.
Status GetNumber(const boost::json::object& o, std::string_view key, bool required, std::optional<double>* out);
// A time field in ISO 8601 ("2026-11-26T08:00:00Z") or Unix seconds;
// nullopt when absent and !required.
Status GetTime(const boost::json::object& o, std::string_view key, bool required, std::optional<int64_t>* out);

// "2026-11-26T08:00:00Z".
std::string IsoTime(int64_t seconds);

}  // namespace onecode::api

#endif  // ONECODE_API_JSON_FIELDS_H_
