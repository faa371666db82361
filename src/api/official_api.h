// Officials' interfaces: register and clear cases (K: rows in the ingest
// format), set area risk levels (A: rows), load a feed directory (the ingest
// library, under the context's exclusive lock), and the overview the admin
// page shows (counts by colour, cases by status, active risk areas).
// Thread-safe; errors as in citizen_api.h.
#ifndef ONECODE_API_OFFICIAL_API_H_
#define ONECODE_API_OFFICIAL_API_H_

#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_context.h"

namespace onecode::api {

// body {case, person, status, onset?, reported?, region}; status one of
// confirmed, suspected, asymptomatic, cleared; reported defaults to now.
// Registering an existing case id replaces it (as reloading a feed does).
StatusOr<boost::json::object> RegisterCase(ApiContext& ctx, const boost::json::object& body);
// Sets a case's status to cleared. NOT_FOUND for an unknown case.
StatusOr<boost::json::object> ClearCase(ApiContext& ctx, std::string_view case_id);
// Cases in key order (at most 1000), optionally of one status.
StatusOr<boost::json::object> ListCases(ApiContext& ctx, std::string_view status);

// body {region, level: low|medium|high, from?, to}; from defaults to now.
StatusOr<boost::json::object> SetRiskArea(ApiContext& ctx, const boost::json::object& body);
// Risk periods (at most 1000), each marked active when it covers now.
StatusOr<boost::json::object> ListRiskAreas(ApiContext& ctx);

// body {dir}: loads every feed file in the server-side directory `dir`
// (onecode ingest). Readers wait while it runs.
StatusOr<boost::json::object> LoadFeeds(ApiContext& ctx, const boost::json::object& body);

// Counts by colour (from L: rows), persons without a colour, cases by
// status, active risk areas by level.
StatusOr<boost::json::object> Overview(ApiContext& ctx);

// The colours stage's daily H:<YYYY-MM-DD> rows in date order (at most 366,
// the latest ones): {"days": [{date, green, yellow, red, ruleset,
// computed_at}]}. A row that is not such an object is INTERNAL.
StatusOr<boost::json::object> ColoursHistory(ApiContext& ctx);

// The active rule set's whole document (the published one, else the default
// file), for the admin page's editor: {"version", "document": {...}}.
StatusOr<boost::json::object> ActiveRulesDocument(ApiContext& ctx);

}  // namespace onecode::api

#endif  // ONECODE_API_OFFICIAL_API_H_
