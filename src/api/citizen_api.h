// The citizen's interfaces of the national standard: health information
// query (status), the derived itinerary, health declaration and itinerary
// declaration. Each function takes the person it acts for; the server decides
// who may ask (a citizen only for themself, officials for anyone). JSON in,
// JSON out, errors as Status (INVALID_ARGUMENT for bad input, NOT_FOUND for
// an unknown person, IO_ERROR when the store fails). Thread-safe: each call
// takes the context's locks itself.
#ifndef ONECODE_API_CITIZEN_API_H_
#define ONECODE_API_CITIZEN_API_H_

#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_context.h"

namespace onecode::api {

// Health information query: colour, reasons and rule set version from the
// person's `L:` row, masked name, as-of time. Colour fields are null when the
// colours stage has not run for this person.
StatusOr<boost::json::object> HealthStatus(ApiContext& ctx, std::string_view person);

// The derived itinerary: counties stayed >= 4 h a day over the last
// `options().itinerary_days` local days up to the latest location record (or
// now, if earlier), each with the county's highest area risk level that day.
StatusOr<boost::json::object> DerivedItinerary(ApiContext& ctx, std::string_view person);

// Health declaration {temperature_c?, symptoms?: [names], note?}, stored as
// the row D:<person>:<now> in the ingest format (docs/formats/store.md).
StatusOr<boost::json::object> DeclareHealth(ApiContext& ctx, std::string_view person, const boost::json::object& body);
// The person's declarations, newest first (at most 100).
StatusOr<boost::json::object> ListDeclarations(ApiContext& ctx, std::string_view person);

// Itinerary declaration {days: [{date, region}]}: stored as J:<person>:<now>
// and compared with the derived itinerary; returns what matched, what was
// declared but not derived, and what was derived but not declared.
StatusOr<boost::json::object> DeclareItinerary(ApiContext& ctx, std::string_view person,
                                               const boost::json::object& body);

}  // namespace onecode::api

#endif  // ONECODE_API_CITIZEN_API_H_
