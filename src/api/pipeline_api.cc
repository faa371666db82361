#include "api/pipeline_api.h"

#include <cmath>

#include <boost/json.hpp>

#include "pipeline/assess.h"
#include "pipeline/trace_run.h"
#include "tracing/types.h"

namespace onecode::api {
namespace json = boost::json;

namespace {

// The rule set document of a request: {"rules": {...}} or {"rules": "<json text>"}.
StatusOr<std::string> RulesDocument(const json::object& body) {
  const json::value* v = body.if_contains("rules");
  if (v == nullptr) return Status::InvalidArgument("missing field rules (a rule set document)");
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_object()) return json::serialize(*v);
  return Status::InvalidArgument("rules must be a rule set object or its JSON text");
}

}  // namespace

StatusOr<json::object> RunTraceApi(ApiContext& ctx, const json::object& body) {
  pipeline::TraceRunOptions options;
  if (const json::value* f = body.if_contains("full")) {
    if (!f->is_bool()) return Status::InvalidArgument("full must be true or false");
    options.full = f->as_bool();
  }
  StatusOr<pipeline::TraceRunResult> result = Status::Internal("not run");
  ONECODE_RETURN_IF_ERROR(ctx.Exclusive([&](store::Store& store) {
    result = pipeline::RunTrace(store, options);
    return result.status();
  }));
  json::object edges;
  for (int k = 0; k < tracing::kContactKinds; ++k) {
    edges[tracing::KindName(static_cast<tracing::ContactKind>(k))] = result->edges_by_kind[k];
  }
  return json::object{{"cases", result->cases_total}, {"traced", result->cases_traced},
                      {"unchanged", result->cases_skipped}, {"edges", edges},
                      {"seconds", std::round(result->seconds * 100) / 100}};
}

StatusOr<json::object> RunColoursApi(ApiContext& ctx, const json::object&) {
  StatusOr<pipeline::ColoursResult> result = Status::Internal("not run");
  ONECODE_RETURN_IF_ERROR(ctx.Exclusive([&](store::Store& store) {
    auto rules = pipeline::ActiveRules(store, pipeline::DefaultRulesPath());
    if (!rules.ok()) return rules.status();
    result = pipeline::RunColours(store, *rules, -1, 2, nullptr);
    return result.status();
  }));
  return json::object{{"green", result->counts[0]}, {"yellow", result->counts[1]}, {"red", result->counts[2]},
                      {"ruleset", result->ruleset_version}, {"seconds", std::round(result->seconds * 100) / 100}};
}

StatusOr<json::object> DryRunApi(ApiContext& ctx, const json::object& body) {
  ONECODE_ASSIGN_OR_RETURN(std::string doc, RulesDocument(body));
  ONECODE_ASSIGN_OR_RETURN(auto rules, rules::RuleSet::Parse(doc));
  auto lock = ctx.ReadLock();
  ONECODE_ASSIGN_OR_RETURN(auto dry, pipeline::RunDryRun(ctx.store(), rules, -1, 2, 5));
  return pipeline::DryRunToJson(dry);
}

StatusOr<json::object> PublishApi(ApiContext& ctx, const json::object& body, const std::string& user) {
  ONECODE_ASSIGN_OR_RETURN(std::string doc, RulesDocument(body));
  ONECODE_ASSIGN_OR_RETURN(auto rules, rules::RuleSet::Parse(doc));
  ONECODE_RETURN_IF_ERROR(ctx.Exclusive([&](store::Store& store) { return pipeline::PublishRules(store, doc); }));
  return json::object{{"published", rules.version()}, {"by", user},
                      {"next", "POST /api/v1/colours/run to apply it"}};
}

StatusOr<json::object> ActiveRulesApi(ApiContext& ctx) {
  auto lock = ctx.ReadLock();
  ONECODE_ASSIGN_OR_RETURN(auto rules, pipeline::ActiveRules(ctx.store(), pipeline::DefaultRulesPath()));
  json::array list;
  for (const auto& r : rules.rules()) {
    list.push_back(json::object{{"id", r.id}, {"colour", ColourName(r.colour)}, {"reason", r.reason},
                                {"source", r.source}});
  }
  return json::object{{"version", rules.version()}, {"author", rules.author()},
                      {"description", rules.description()}, {"rules", list}};
}

}  // namespace onecode::api
