// Official operations that run pipeline stages on the server: trace, colours,
// rules dry run and publish (docs/api.md). Trace, colours and publish run
// with the store held exclusively (ApiContext::Exclusive); the dry run only
// reads.
#ifndef ONECODE_API_PIPELINE_API_H_
#define ONECODE_API_PIPELINE_API_H_

#include <boost/json/object.hpp>

#include "api/api_context.h"
#include "core/status.h"

namespace onecode::api {

// POST /api/v1/trace/run {full?: bool} -> {"traced", "unchanged", "edges": {kind: n}}
StatusOr<boost::json::object> RunTraceApi(ApiContext& ctx, const boost::json::object& body);
// POST /api/v1/colours/run {} -> {"green", "yellow", "red", "ruleset"}
StatusOr<boost::json::object> RunColoursApi(ApiContext& ctx, const boost::json::object& body);
// POST /api/v1/rules/dryrun {rules: <rule set document>} -> transitions and samples
StatusOr<boost::json::object> DryRunApi(ApiContext& ctx, const boost::json::object& body);
// POST /api/v1/rules/publish {rules: <rule set document>} -> {"published": version}
StatusOr<boost::json::object> PublishApi(ApiContext& ctx, const boost::json::object& body, const std::string& user);
// GET /api/v1/rules/active -> the active rule set document
StatusOr<boost::json::object> ActiveRulesApi(ApiContext& ctx);

}  // namespace onecode::api

#endif  // ONECODE_API_PIPELINE_API_H_
