// The JSON API under /api/v1: every route with its roles (docs/api.md).
#include <boost/json/object.hpp>

#include "api/appeal_api.h"
#include "api/auth_api.h"
#include "api/citizen_api.h"
#include "api/consent_api.h"
#include "api/json_fields.h"
#include "api/official_api.h"
#include "api/pipeline_api.h"
#include "server/app_routes.h"

namespace onecode::server {

namespace json = boost::json;
using api::Role;
using api::Roles;

namespace {

HttpResponse Reply(const StatusOr<json::object>& result, int ok_status = 200) {
  return result.ok() ? JsonReply(ok_status, *result) : FromStatus(result.status());
}

// Parses the JSON body and calls fn(body).
template <typename Fn>
HttpResponse WithBody(const HttpRequest& request, int ok_status, Fn fn) {
  auto body = api::ParseJsonObject(request.body);
  if (!body.ok()) return FromStatus(body.status());
  return Reply(fn(*body), ok_status);
}

class RouteAdder {
 public:
  explicit RouteAdder(Router& router) : router_(router) {}

  void Add(HttpMethod method, std::string pattern, api::RoleSet roles, Execution execution, std::string summary,
           Handler handler) {
    router_.Add(method, std::move(pattern), roles, execution, std::move(summary), std::move(handler));
  }
  // A declared endpoint that answers 501 until its subsystem is wired.
  void Slot(HttpMethod method, std::string pattern, api::RoleSet roles, std::string summary) {
    Route r;
    r.method = method;
    r.pattern = std::move(pattern);
    r.roles = roles;
    r.slot = true;
    r.summary = std::move(summary);
    r.handler = [](const HttpRequest&, const PathParams&, const api::Caller*) {
      return JsonError(501, "not_yet_available", "not wired yet");
    };
    router_.Add(std::move(r));
  }

 private:
  Router& router_;
};

constexpr auto kInline = Execution::kInline;
constexpr auto kBlocking = Execution::kBlocking;
constexpr auto kGet = HttpMethod::kGet;
constexpr auto kPost = HttpMethod::kPost;
constexpr auto kDelete = HttpMethod::kDelete;

}  // namespace

void AddApiRoutes(Router& router, api::ApiContext& ctx) {
  RouteAdder r(router);
  api::ApiContext* c = &ctx;
  const api::RoleSet citizen = Roles(Role::kCitizen);
  const api::RoleSet official = Roles(Role::kOfficial);
  const api::RoleSet official_reads = Roles(Role::kOfficial, Role::kAuditor);
  const api::RoleSet operations = Roles(Role::kOfficial, Role::kAdmin);
  const api::RoleSet admin = Roles(Role::kAdmin);

  // --- sessions
  r.Add(kPost, "/api/v1/login", 0, kBlocking, "log in: {user, password} or {person, phone_tail} -> bearer token",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          auto body = api::ParseJsonObject(q.body);
          if (!body.ok()) return FromStatus(body.status());
          auto result = api::Login(*c, *body);
          if (!result.ok() && result.status().code() == StatusCode::kPermissionDenied) {
            return JsonError(401, "invalid_credentials", result.status().message());
          }
          return Reply(result);
        });
  r.Add(kPost, "/api/v1/logout", api::kAnyRole, kInline, "end this session",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return JsonReply(200, api::Logout(*c, q.BearerToken()));
        });
  r.Add(kGet, "/api/v1/whoami", api::kAnyRole, kInline, "the caller's role and identity",
        [](const HttpRequest&, const PathParams&, const api::Caller* who) { return JsonReply(200, api::WhoAmI(*who)); });

  // --- the citizen's own data (the national standard's interfaces)
  r.Add(kGet, "/api/v1/me/status", citizen, kInline, "health information query: colour, reasons, rule set version",
        [c](const HttpRequest&, const PathParams&, const api::Caller* who) {
          return Reply(api::HealthStatus(*c, who->person));
        });
  r.Add(kGet, "/api/v1/me/itinerary", citizen, kBlocking, "the derived 14-day itinerary with risk marks",
        [c](const HttpRequest&, const PathParams&, const api::Caller* who) {
          return Reply(api::DerivedItinerary(*c, who->person));
        });
  r.Add(kPost, "/api/v1/me/declarations", citizen, kBlocking, "health declaration (stored as a D: row)",
        [c](const HttpRequest& q, const PathParams&, const api::Caller* who) {
          return WithBody(q, 201, [&](const json::object& b) { return api::DeclareHealth(*c, who->person, b); });
        });
  r.Add(kGet, "/api/v1/me/declarations", citizen, kInline, "own health declarations, newest first",
        [c](const HttpRequest&, const PathParams&, const api::Caller* who) {
          return Reply(api::ListDeclarations(*c, who->person));
        });
  r.Add(kPost, "/api/v1/me/itinerary-declarations", citizen, kBlocking,
        "itinerary declaration, compared with the derived itinerary",
        [c](const HttpRequest& q, const PathParams&, const api::Caller* who) {
          return WithBody(q, 201, [&](const json::object& b) { return api::DeclareItinerary(*c, who->person, b); });
        });
  r.Add(kGet, "/api/v1/me/consents", citizen, kInline, "code-use authorisations granted",
        [c](const HttpRequest&, const PathParams&, const api::Caller* who) {
          return Reply(api::ListConsents(*c, who->person));
        });
  r.Add(kPost, "/api/v1/me/consents", citizen, kBlocking, "code-use authorisation: grant {grantee, minutes}",
        [c](const HttpRequest& q, const PathParams&, const api::Caller* who) {
          return WithBody(q, 201, [&](const json::object& b) { return api::GrantConsent(*c, who->person, b); });
        });
  r.Add(kDelete, "/api/v1/me/consents/{grantee}", citizen, kBlocking, "revoke a code-use authorisation",
        [c](const HttpRequest&, const PathParams& p, const api::Caller* who) {
          return Reply(api::RevokeConsent(*c, who->person, p.Get("grantee")));
        });
  r.Add(kGet, "/api/v1/me/appeals", citizen, kInline, "own appeals",
        [c](const HttpRequest&, const PathParams&, const api::Caller* who) {
          return Reply(api::ListAppeals(*c, who->person, ""));
        });
  r.Add(kPost, "/api/v1/me/appeals", citizen, kBlocking, "correction/appeal: file {text}",
        [c](const HttpRequest& q, const PathParams&, const api::Caller* who) {
          return WithBody(q, 201, [&](const json::object& b) { return api::FileAppeal(*c, who->person, b); });
        });
  // GET /api/v1/me/code (code generation): code_service.cc, AddCodeRoutes.

  // --- third parties and gates
  r.Add(kGet, "/api/v1/consented/{person}/colour", api::kAnyRole, kInline,
        "a person's colour and masked name, only with that person's valid consent",
        [c](const HttpRequest&, const PathParams& p, const api::Caller* who) {
          return Reply(api::ConsentedColour(*c, who->user, p.Get("person")));
        });
  // POST /api/v1/verify (code verification) and GET /api/v1/trust-list:
  // code_service.cc, AddCodeRoutes.

  // --- officials
  r.Add(kGet, "/api/v1/persons/{person}/status", official, kInline, "any person's status (officials)",
        [c](const HttpRequest&, const PathParams& p, const api::Caller*) {
          return Reply(api::HealthStatus(*c, p.Get("person")));
        });
  r.Add(kGet, "/api/v1/persons/{person}/itinerary", official, kBlocking, "any person's derived itinerary (officials)",
        [c](const HttpRequest&, const PathParams& p, const api::Caller*) {
          return Reply(api::DerivedItinerary(*c, p.Get("person")));
        });
  r.Add(kGet, "/api/v1/cases", official_reads, kBlocking, "cases (?status=…)",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return Reply(api::ListCases(*c, q.QueryParam("status")));
        });
  r.Add(kPost, "/api/v1/cases", official, kBlocking, "register a case (K: row)",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 201, [&](const json::object& b) { return api::RegisterCase(*c, b); });
        });
  r.Add(kPost, "/api/v1/cases/{case}/clear", official, kBlocking, "clear a case",
        [c](const HttpRequest&, const PathParams& p, const api::Caller*) {
          return Reply(api::ClearCase(*c, p.Get("case")));
        });
  r.Add(kGet, "/api/v1/risk-areas", official_reads, kBlocking, "area risk periods",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::ListRiskAreas(*c)); });
  r.Add(kPost, "/api/v1/risk-areas", official, kBlocking, "set an area risk level (A: row)",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 201, [&](const json::object& b) { return api::SetRiskArea(*c, b); });
        });
  r.Add(kGet, "/api/v1/appeals", official_reads, kBlocking, "appeals (?status=open|upheld|rejected)",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return Reply(api::ListAppeals(*c, "", q.QueryParam("status")));
        });
  r.Add(kPost, "/api/v1/appeals/{id}/resolve", official, kBlocking, "resolve an appeal {decision, resolution}",
        [c](const HttpRequest& q, const PathParams& p, const api::Caller* who) {
          return WithBody(q, 200, [&](const json::object& b) { return api::ResolveAppeal(*c, who->user, p.Get("id"), b); });
        });
  r.Add(kGet, "/api/v1/overview", Roles(Role::kOfficial, Role::kAuditor, Role::kAdmin), kBlocking,
        "counts by colour, cases by status, active risk areas",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::Overview(*c)); });
  r.Add(kPost, "/api/v1/feeds/load", operations, kBlocking, "load a feed directory on the server {dir}",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 200, [&](const json::object& b) { return api::LoadFeeds(*c, b); });
        });
  r.Add(kGet, "/api/v1/rules/active", official_reads, kBlocking, "the active rule set (version, rules, sources)",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::ActiveRulesApi(*c)); });
  // admin page (issue 7): the daily colour counts and the active rule set's document.
  r.Add(kGet, "/api/v1/colours/history", Roles(Role::kOfficial, Role::kAuditor, Role::kAdmin), kBlocking,
        "counts by colour per day (H: rows of colours runs), in date order",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::ColoursHistory(*c)); });
  r.Add(kGet, "/api/v1/rules/active/document", official_reads, kBlocking,
        "the active rule set's whole JSON document (for the editor)",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::ActiveRulesDocument(*c)); });
  r.Add(kPost, "/api/v1/rules/dryrun", official, kBlocking, "rules dry run {rules}: colour transitions and samples",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 200, [&](const json::object& b) { return api::DryRunApi(*c, b); });
        });
  r.Add(kPost, "/api/v1/rules/publish", official, kBlocking, "publish a rule set {rules} after a dry run",
        [c](const HttpRequest& q, const PathParams&, const api::Caller* who) {
          return WithBody(q, 200, [&](const json::object& b) { return api::PublishApi(*c, b, who->user); });
        });
  r.Add(kPost, "/api/v1/trace/run", operations, kBlocking, "run contact tracing {full?}",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 200, [&](const json::object& b) { return api::RunTraceApi(*c, b); });
        });
  r.Add(kPost, "/api/v1/colours/run", operations, kBlocking, "compute everyone's colour with the active rule set",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 200, [&](const json::object& b) { return api::RunColoursApi(*c, b); });
        });

  // --- platform administration
  r.Add(kGet, "/api/v1/users", admin, kBlocking, "operator accounts",
        [c](const HttpRequest&, const PathParams&, const api::Caller*) { return Reply(api::ListUsers(*c)); });
  r.Add(kPost, "/api/v1/users", admin, kBlocking, "add an operator account {name, role, password?}",
        [c](const HttpRequest& q, const PathParams&, const api::Caller*) {
          return WithBody(q, 201, [&](const json::object& b) { return api::AddUser(*c, b); });
        });
}

}  // namespace onecode::server
