#include "api/json_fields.h"

#include <boost/json/parse.hpp>

#include "core/time.h"
#include "core/utf8.h"

namespace onecode::api {

namespace json = boost::json;

StatusOr<json::object> ParseJsonObject(std::string_view body) {
  if (body.empty()) return Status::InvalidArgument("request body must be a JSON object");
  boost::system::error_code ec;
  json::parse_options po;
  po.max_depth = 16;
  json::value v = json::parse(body, ec, {}, po);
  if (ec) return Status::InvalidArgument("request body is not valid JSON: " + ec.message());
  if (!v.is_object()) return Status::InvalidArgument("request body must be a JSON object");
  return std::move(v.as_object());
}

Status GetString(const json::object& o, std::string_view key, bool required, size_t max_bytes, std::string* out) {
  out->clear();
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) return Status::InvalidArgument("missing field '" + std::string(key) + "'");
    return Status::Ok();
  }
  if (!v->is_string()) return Status::InvalidArgument("field '" + std::string(key) + "' must be a string");
  const json::string& s = v->as_string();
  if (s.size() > max_bytes) {
    return Status::InvalidArgument("field '" + std::string(key) + "' is longer than " + std::to_string(max_bytes) +
                                   " bytes");
  }
  if (!IsValidUtf8(std::string_view(s.data(), s.size()))) {
    return Status::InvalidArgument("field '" + std::string(key) + "' is not valid UTF-8");
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::InvalidArgument("field '" + std::string(key) + "' holds a control character");
    }
  }
  if (required && s.empty()) return Status::InvalidArgument("field '" + std::string(key) + "' is empty");
  out->assign(s.data(), s.size());
  return Status::Ok();
}

Status GetNumber(const json::object& o, std::string_view key, bool required, std::optional<double>* out) {
  out->reset();
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) return Status::InvalidArgument("missing field '" + std::string(key) + "'");
    return Status::Ok();
  }
  if (v->is_double()) *out = v->as_double();
  else if (v->is_int64()) *out = static_cast<double>(v->as_int64());
  else if (v->is_uint64()) *out = static_cast<double>(v->as_uint64());
  else return Status::InvalidArgument("field '" + std::string(key) + "' must be a number");
  return Status::Ok();
}

Status GetTime(const json::object& o, std::string_view key, bool required, std::optional<int64_t>* out) {
  out->reset();
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) return Status::InvalidArgument("missing field '" + std::string(key) + "'");
    return Status::Ok();
  }
  if (v->is_int64()) {
    *out = v->as_int64();
  } else if (v->is_string()) {
    auto t = ParseTimestamp(std::string_view(v->as_string().data(), v->as_string().size()));
    if (!t.ok()) return Status::InvalidArgument("field '" + std::string(key) + "': " + t.status().message());
    *out = t->seconds;
  } else {
    return Status::InvalidArgument("field '" + std::string(key) + "' must be an ISO 8601 time or Unix seconds");
  }
  if (**out < 0 || **out > 0xffffffffLL) {
    return Status::InvalidArgument("field '" + std::string(key) + "' is out of range (1970-2106)");
  }
  return Status::Ok();
}

std::string IsoTime(int64_t seconds) { return FormatTimestamp(Timestamp{seconds}); }

}  // namespace onecode::api
