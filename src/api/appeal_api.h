// Correction and appeal (national standard): a citizen files an appeal
// against their colour or data with free text; officials list appeals and
// resolve each once (upheld or rejected, with a written resolution). Rows
// Y:<id> = person TAB status TAB created TAB text TAB resolved_by TAB
// resolved_at TAB resolution, where id = 10-digit filing time "-" 8 hex
// digits, so keys sort by filing time. Thread-safe.
#ifndef ONECODE_API_APPEAL_API_H_
#define ONECODE_API_APPEAL_API_H_

#include <string_view>

#include <boost/json/object.hpp>

#include "api/api_context.h"

namespace onecode::api {

// body {text}: 1-2000 bytes.
StatusOr<boost::json::object> FileAppeal(ApiContext& ctx, std::string_view person, const boost::json::object& body);
// Appeals newest first (at most 500): of one person when `person` is not
// empty; only those with `status` ("open", "upheld", "rejected") when given.
StatusOr<boost::json::object> ListAppeals(ApiContext& ctx, std::string_view person, std::string_view status);
// body {decision: "upheld"|"rejected", resolution}. NOT_FOUND for an unknown
// id, FAILED_PRECONDITION if already resolved.
StatusOr<boost::json::object> ResolveAppeal(ApiContext& ctx, std::string_view official, std::string_view id,
                                            const boost::json::object& body);

}  // namespace onecode::api

#endif  // ONECODE_API_APPEAL_API_H_
