// Router: the route table — method + path pattern → handler, with the roles
// each route requires — and the one place where every request's errors
// become JSON replies {"error": code, "message": text}.
//
// Patterns are paths whose segments may be "{name}" (one segment, percent-
// decoded, available to the handler by name). Every route declares who may
// call it: a set of roles, or public (no log-in). Run() authenticates the
// bearer token (401 without a valid session), checks the role (403), answers
// 501 for declared slots not wired yet, and runs the handler inside the one
// catch-all of a request: an exception becomes a 500 JSON reply, never a
// crash. Thread-safe after the routes are added.
#ifndef ONECODE_SERVER_ROUTES_H_
#define ONECODE_SERVER_ROUTES_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/fwd.hpp>

#include "api/caller.h"
#include "core/status.h"
#include "server/http_types.h"

namespace onecode::server {

struct PathParams {
  std::vector<std::pair<std::string, std::string>> values;
  // The decoded segment named `name`, or "".
  std::string_view Get(std::string_view name) const;
};

// Handlers get the request, the path parameters and the authenticated caller
// (nullptr on public routes).
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&, const api::Caller*)>;

// Where a handler runs: on the network threads (quick, non-blocking work) or
// on the worker pool (password checks, synced writes, derivations, ingest).
enum class Execution { kInline, kBlocking };

struct Route {
  HttpMethod method = HttpMethod::kGet;
  std::string pattern;
  api::RoleSet roles = 0;  // 0: public
  Execution execution = Execution::kInline;
  bool slot = false;       // declared, answers 501 "not yet available" until wired
  std::string summary;     // one line, for docs and listings
  Handler handler;
};

// Finds the caller of a bearer token; nullptr for none.
using Authenticator = std::function<std::shared_ptr<const api::Caller>(std::string_view token)>;

class Router {
 public:
  explicit Router(Authenticator authenticate);

  // REQUIRES: called before serving starts; (method, pattern) unique.
  void Add(Route route);
  // Adds a route from its parts (the usual way to register one).
  void Add(HttpMethod method, std::string pattern, api::RoleSet roles, Execution execution, std::string summary,
           Handler handler);
  const std::vector<Route>& routes() const { return routes_; }

  struct Resolved {
    int route = -1;                     // index into routes(), -1 when none
    PathParams params;
    std::optional<HttpResponse> early;  // 404 / 405 reply when no route runs
  };
  // Matches method and path.
  Resolved Resolve(const HttpRequest& request) const;
  // Authenticates, checks the role and runs the handler of `resolved`.
  // Never throws.
  HttpResponse Run(const Resolved& resolved, const HttpRequest& request) const noexcept;

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" for a parameter
  };
  Authenticator authenticate_;
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// {"error": code, "message": message} with `status`.
HttpResponse JsonError(int status, std::string_view code, std::string_view message);
// The one mapping from Status to HTTP: INVALID_ARGUMENT/OUT_OF_RANGE 400,
// PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS/FAILED_PRECONDITION
// 409, IO_ERROR 503 (the store failed; retry later), INTERNAL 500.
HttpResponse FromStatus(const Status& status);
// `value` serialised, with `status`.
HttpResponse JsonReply(int status, const boost::json::value& value);
HttpResponse JsonReply(int status, const boost::json::object& value);

}  // namespace onecode::server

#endif  // ONECODE_SERVER_ROUTES_H_
