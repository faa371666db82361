// Log-in, log-out, who-am-I, and operator accounts. Thread-safe.
#ifndef ONECODE_API_AUTH_API_H_
#define ONECODE_API_AUTH_API_H_

#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_context.h"
#include "api/caller.h"

namespace onecode::api {

// body {user, password} for operators, or {person, phone_tail} for citizens
// (demo log-in; a real deployment uses the national identity service).
// Returns {token, role, user, person?, expires_at}. PERMISSION_DENIED
// "invalid credentials" for any mismatch (same answer for unknown users; an
// unknown user costs the same password check).
StatusOr<boost::json::object> Login(ApiContext& ctx, const boost::json::object& body);
// Ends the session of `token`.
boost::json::object Logout(ApiContext& ctx, std::string_view token);
// The caller's identity.
boost::json::object WhoAmI(const Caller& caller);
// Admin: body {name, role, password?}; a password is generated (and returned
// once) when absent. ALREADY_EXISTS for an existing name; citizens are not
// users (INVALID_ARGUMENT).
StatusOr<boost::json::object> AddUser(ApiContext& ctx, const boost::json::object& body);
// Admin: operator accounts (name, role, created; never hashes).
StatusOr<boost::json::object> ListUsers(ApiContext& ctx);

}  // namespace onecode::api

#endif  // ONECODE_API_AUTH_API_H_
