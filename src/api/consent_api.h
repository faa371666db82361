// Code-use authorisation (national standard): a citizen grants a named third
// party (an operator user, or another person) a time-limited consent to see
// their colour; the third party reads colour and masked name only while the
// consent is valid. Rows N:<person>:<grantee> = expires TAB created.
// Thread-safe; errors as in citizen_api.h, PERMISSION_DENIED when no valid
// consent exists.
#ifndef ONECODE_API_CONSENT_API_H_
#define ONECODE_API_CONSENT_API_H_

#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_context.h"

namespace onecode::api {

// body {grantee, minutes}: minutes 1 .. max_consent_seconds/60. Granting again
// replaces the earlier consent's end.
StatusOr<boost::json::object> GrantConsent(ApiContext& ctx, std::string_view person, const boost::json::object& body);
// The person's consents (valid and expired).
StatusOr<boost::json::object> ListConsents(ApiContext& ctx, std::string_view person);
// Ends a consent now; NOT_FOUND if there is none.
StatusOr<boost::json::object> RevokeConsent(ApiContext& ctx, std::string_view person, std::string_view grantee);
// What `grantee` may see of `person`: colour, masked name, the consent's end.
// PERMISSION_DENIED without a valid consent (also for unknown persons, so the
// answer does not reveal who exists).
StatusOr<boost::json::object> ConsentedColour(ApiContext& ctx, std::string_view grantee, std::string_view person);

}  // namespace onecode::api

#endif  // ONECODE_API_CONSENT_API_H_
