#include "server/routes.h"

#include <cstdio>
#include <exception>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace onecode::server {

namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives {}.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = path.empty() || path[0] != '/' ? 0 : 1;
  while (pos < path.size()) {
    const size_t slash = path.find('/', pos);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
    if (slash != std::string_view::npos && pos == path.size()) out.emplace_back();  // trailing slash
  }
  return out;
}

bool IsParam(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }

}  // namespace

std::string_view PathParams::Get(std::string_view name) const {
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  return {};
}

Router::Router(Authenticator authenticate) : authenticate_(std::move(authenticate)) {}

void Router::Add(HttpMethod method, std::string pattern, api::RoleSet roles, Execution execution,
                 std::string summary, Handler handler) {
  Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.roles = roles;
  r.execution = execution;
  r.summary = std::move(summary);
  r.handler = std::move(handler);
  Add(std::move(r));
}

void Router::Add(Route route) {
  Compiled c;
  for (std::string_view s : Segments(route.pattern)) c.segments.emplace_back(s);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

Router::Resolved Router::Resolve(const HttpRequest& request) const {
  Resolved out;
  const auto segments = Segments(request.path);
  bool path_known = false;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segments.size()) continue;
    bool match = true;
    for (size_t s = 0; s < pattern.size() && match; ++s) {
      if (IsParam(pattern[s])) match = !segments[s].empty();
      else match = pattern[s] == segments[s];
    }
    if (!match) continue;
    path_known = true;
    if (routes_[i].method != request.method) continue;
    out.route = static_cast<int>(i);
    for (size_t s = 0; s < pattern.size(); ++s) {
      if (!IsParam(pattern[s])) continue;
      std::string decoded;
      if (!PercentDecode(segments[s], &decoded)) {
        out.early = JsonError(400, "invalid_argument", "malformed percent escape in the path");
        return out;
      }
      out.params.values.emplace_back(pattern[s].substr(1, pattern[s].size() - 2), std::move(decoded));
    }
    return out;
  }
  out.route = -1;
  if (path_known) {
    HttpResponse r = JsonError(405, "method_not_allowed",
                               std::string(MethodName(request.method)) + " is not allowed on " + request.path);
    std::string allow;
    for (size_t i = 0; i < routes_.size(); ++i) {
      const auto& pattern = compiled_[i].segments;
      if (pattern.size() != segments.size()) continue;
      bool match = true;
      for (size_t s = 0; s < pattern.size() && match; ++s) {
        match = IsParam(pattern[s]) ? !segments[s].empty() : pattern[s] == segments[s];
      }
      if (match) allow += (allow.empty() ? "" : ", ") + std::string(MethodName(routes_[i].method));
    }
    r.headers.emplace_back("Allow", allow);
    out.early = std::move(r);
  } else {
    out.early = JsonError(404, "not_found", "no such path: " + request.path);
  }
  return out;
}

HttpResponse Router::Run(const Resolved& resolved, const HttpRequest& request) const noexcept {
  try {
    if (resolved.early) return *resolved.early;
    if (resolved.route < 0 || resolved.route >= static_cast<int>(routes_.size())) {
      return JsonError(500, "internal", "request without a route");
    }
    const Route& route = routes_[resolved.route];
    std::shared_ptr<const api::Caller> caller;
    if (route.roles != 0) {
      const std::string_view token = request.BearerToken();
      if (token.empty()) {
        HttpResponse r = JsonError(401, "unauthenticated", "log in first (Authorization: Bearer <token>)");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
      }
      caller = authenticate_(token);
      if (caller == nullptr) {
        HttpResponse r = JsonError(401, "unauthenticated", "unknown or expired session; log in again");
        r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return r;
      }
      if ((route.roles & api::RoleBit(caller->role)) == 0) {
        return JsonError(403, "forbidden",
                         "the role " + std::string(api::RoleName(caller->role)) + " may not use this endpoint");
      }
    }
    if (route.slot) {
      return JsonError(501, "not_yet_available", "this endpoint is declared but not wired yet: " + route.summary);
    }
    return route.handler(request, resolved.params, caller.get());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "onecode serve: internal error on %s %s: %s\n", std::string(MethodName(request.method)).c_str(),
                 request.path.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "onecode serve: internal error on %s %s\n", std::string(MethodName(request.method)).c_str(),
                 request.path.c_str());
  }
  try {
    return JsonError(500, "internal", "internal error; the request was not completed");
  } catch (...) {
    HttpResponse r;
    r.status = 500;
    return r;
  }
}

HttpResponse JsonError(int status, std::string_view code, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.body = boost::json::serialize(boost::json::object{{"error", code}, {"message", message}});
  return r;
}

HttpResponse FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return JsonError(500, "internal", "an OK status is not an error");
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return JsonError(400, "invalid_argument", status.message());
    case StatusCode::kPermissionDenied: return JsonError(403, "forbidden", status.message());
    case StatusCode::kNotFound: return JsonError(404, "not_found", status.message());
    case StatusCode::kAlreadyExists: return JsonError(409, "already_exists", status.message());
    case StatusCode::kFailedPrecondition: return JsonError(409, "failed_precondition", status.message());
    case StatusCode::kIoError: {
      std::fprintf(stderr, "onecode serve: store error: %s\n", status.message().c_str());
      HttpResponse r = JsonError(503, "unavailable", "the store failed; try again later");
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    case StatusCode::kInternal:
      std::fprintf(stderr, "onecode serve: internal error: %s\n", status.message().c_str());
      return JsonError(500, "internal", "internal error; the request was not completed");
  }
  return JsonError(500, "internal", status.message());
}

HttpResponse JsonReply(int status, const boost::json::value& value) {
  HttpResponse r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

HttpResponse JsonReply(int status, const boost::json::object& value) {
  HttpResponse r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

}  // namespace onecode::server
