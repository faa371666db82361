// HttpRequest and HttpResponse: the server's own plain request and reply
// types, so that routes and handlers never include Boost.Beast (only
// http_server.cc does). Value types, thread-compatible.
#ifndef ONECODE_SERVER_HTTP_TYPES_H_
#define ONECODE_SERVER_HTTP_TYPES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onecode::server {

enum class HttpMethod { kGet, kPost, kDelete, kOther };

std::string_view MethodName(HttpMethod m);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;           // raw path, no query ("/api/v1/me/status"); segments are decoded when matched
  std::string query;          // raw text after '?', may be empty
  std::string authorization;  // the Authorization header, may be empty
  std::string body;

  // The value of query parameter `name` (percent-decoded), or "".
  std::string QueryParam(std::string_view name) const;
  // The token of "Authorization: Bearer <token>", or "".
  std::string_view BearerToken() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// Percent-decodes `text` ('+' stays '+'); false on a malformed escape.
bool PercentDecode(std::string_view text, std::string* out);

}  // namespace onecode::server

#endif  // ONECODE_SERVER_HTTP_TYPES_H_
