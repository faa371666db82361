// The route table of `onecode serve`: every endpoint, the roles it requires
// and where it runs, registered in one place (docs/api.md lists them).
// Handlers are thin: parse the request, call src/api, turn the result into a
// reply. Page and operations routes are in page_routes.cc, API routes in
// api_routes.cc.
#ifndef ONECODE_SERVER_APP_ROUTES_H_
#define ONECODE_SERVER_APP_ROUTES_H_

#include <functional>
#include <string>

#include "api/api_context.h"
#include "server/routes.h"

namespace onecode::server {

// Pages (/, /me, /gate, /admin, /static/…), /healthz and /metrics.
// `metrics_text` renders /metrics.
void AddPageRoutes(Router& router, std::function<std::string()> metrics_text);
// The JSON API under /api/v1. `ctx` must outlive the router.
void AddApiRoutes(Router& router, api::ApiContext& ctx);

}  // namespace onecode::server

#endif  // ONECODE_SERVER_APP_ROUTES_H_
