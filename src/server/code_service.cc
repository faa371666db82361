#include "server/code_service.h"

#include <cstdio>
#include <filesystem>
#include <utility>

#include <boost/json.hpp>

#include "api/json_fields.h"
#include "codes/issuance.h"
#include "codes/qr.h"
#include "codes/verify.h"
#include "core/colour.h"

namespace onecode::server {

namespace json = boost::json;

namespace {

constexpr char kNoKeysMessage[] = "node keys not initialised; run onecode keys init";

std::string IssuerText(uint32_t region) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06u", region);
  return buf;
}

}  // namespace

CodeService::CodeService(api::ApiContext& ctx, std::string store_dir, CodeServiceOptions options)
    : ctx_(ctx), keys_(store_dir), options_(options) {}

HttpResponse CodeService::KeyError(const Status& status) const {
  std::error_code ec;
  if (!std::filesystem::exists(keys_.dir() + "/root.pub", ec)) {
    HttpResponse r = JsonError(503, "keys_not_initialised", kNoKeysMessage);
    r.headers.emplace_back("Retry-After", "60");
    return r;
  }
  // Keys exist but cannot be used now (all issuer keys ended, a key file
  // readable by others, an unreadable file): the operator must act.
  return JsonError(503, "keys_unusable", "node keys cannot be used: " + status.message());
}

StatusOr<std::shared_ptr<const CodeService::Snapshot>> CodeService::Current(bool force) {
  const int64_t now = ctx_.clock().Now().seconds;
  std::lock_guard lock(mu_);
  if (snapshot_ && !force && now >= snapshot_->made_at && now - snapshot_->made_at < options_.trust_refresh_seconds) {
    return snapshot_;
  }
  if (snapshot_ && force && now == snapshot_->made_at) return snapshot_;  // at most one remake a second
  auto root = keys_.RootPublicKey();
  if (!root.ok()) return root.status();
  auto text = keys_.TrustListText(Timestamp{now});
  if (!text.ok()) return text.status();
  auto list = codes::TrustList::Parse(*text, *root, Timestamp{now});
  if (!list.ok()) return Status::FailedPrecondition("own trust list rejected: " + list.status().message());
  auto snap = std::make_shared<Snapshot>(Snapshot{*text, std::move(*list), codes::ToHex(*root), now, ""});
  json::array issuers;
  for (const codes::IssuerEntry& e : snap->list.entries()) {
    issuers.push_back(json::object{{"region", IssuerText(e.region)},
                                   {"key_id", e.key_id},
                                   {"public_key", codes::ToHex(e.public_key)},
                                   {"valid_from", api::IsoTime(e.valid_from)},
                                   {"valid_to", api::IsoTime(e.valid_to)}});
  }
  json::object body{{"format", "OneCode trust list 1"},
                    {"trust_list", snap->text},
                    {"root", snap->root_hex},
                    {"issued", api::IsoTime(now)},
                    {"issuers", std::move(issuers)},
                    {"skew_seconds", options_.skew_seconds}};
  snap->reply = json::serialize(body);
  snapshot_ = snap;
  return std::shared_ptr<const Snapshot>(snap);
}

HttpResponse CodeService::IssueFor(std::string_view person) {
  const Timestamp now = ctx_.clock().Now();
  StatusOr<codes::IssuedCode> issued = Status::Internal("not issued");
  {
    auto lock = ctx_.ReadLock();
    issued = codes::IssueCode(ctx_.store(), keys_, person, now, options_.validity_seconds);
  }
  if (!issued.ok()) {
    if (issued.status().code() == StatusCode::kFailedPrecondition) return KeyError(issued.status());
    if (issued.status().code() == StatusCode::kNotFound) {
      return JsonError(404, "no_colour", issued.status().message());
    }
    return FromStatus(issued.status());
  }
  auto qr = codes::EncodeQr(issued->text);
  if (!qr.ok()) return FromStatus(Status::Internal("QR of a token: " + qr.status().message()));
  const codes::TokenFields& f = issued->fields;
  const int64_t expires = static_cast<int64_t>(f.issued) + f.validity;
  json::object out{{"token", issued->text},
                   {"colour", ColourName(f.colour)},
                   {"masked_name", f.masked_name},
                   {"issuer", IssuerText(f.region)},
                   {"key_id", f.key_id},
                   {"ruleset_version", f.ruleset_version},
                   {"issued", api::IsoTime(f.issued)},
                   {"expires", api::IsoTime(expires)},
                   {"issued_unix", f.issued},
                   {"expires_unix", expires},
                   {"validity", f.validity},
                   // Fetch a new code this many seconds after issue: a third of
                   // the life before the end, so a slow network still has time.
                   {"refresh_after", f.validity - f.validity / 3},
                   {"qr_version", qr->version},
                   {"qr_svg", codes::RenderQrSvg(*qr)}};
  HttpResponse r = JsonReply(200, out);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse CodeService::Verify(const HttpRequest& request) {
  auto body = api::ParseJsonObject(request.body);
  if (!body.ok()) return FromStatus(body.status());
  std::string token;
  if (Status s = api::GetString(*body, "token", /*required=*/true, 1024, &token); !s.ok()) return FromStatus(s);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  auto snap = Current(false);
  if (!snap.ok()) return KeyError(snap.status());
  const Timestamp now = ctx_.clock().Now();
  const codes::VerifyOptions options{now, options_.skew_seconds};
  codes::Verdict v = codes::VerifyToken(token, (*snap)->list, options);
  if (v.reason == codes::VerifyReason::kUnknownIssuer) {
    // Maybe a key made after the snapshot (a rotation): remake it once.
    auto fresh = Current(true);
    if (fresh.ok() && fresh->get() != snap->get()) v = codes::VerifyToken(token, (*fresh)->list, options);
  }
  // A gate learns the verdict, the issuer, and — only once the signature
  // verified — colour and masked name: nothing about who the person is.
  json::object out{{"result", v.pass() ? "pass" : "stop"},
                   {"reason_code", codes::VerifyReasonCode(v.reason)},
                   {"reason", v.detail},
                   {"colour", nullptr},
                   {"masked_name", nullptr},
                   {"issuer", nullptr},
                   {"key_id", nullptr},
                   {"expires", nullptr},
                   {"pinned", v.pinned},
                   {"now", api::IsoTime(now.seconds)}};
  if (v.token) {
    out["issuer"] = IssuerText(v.token->region);
    out["key_id"] = v.token->key_id;
    if (v.signature_ok) {
      out["colour"] = ColourName(v.token->colour);
      out["masked_name"] = v.token->masked_name;
      out["expires"] = api::IsoTime(static_cast<int64_t>(v.token->issued) + v.token->validity);
    }
  }
  HttpResponse r = JsonReply(200, out);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse CodeService::TrustList() {
  auto snap = Current(false);
  if (!snap.ok()) return KeyError(snap.status());
  HttpResponse r;
  r.body = (*snap)->reply;
  // Gates cache it themselves (localStorage); proxies may keep it briefly.
  r.headers.emplace_back("Cache-Control", "public, max-age=60");
  return r;
}

void AddCodeRoutes(Router& router, CodeService& service) {
  CodeService* s = &service;
  auto add = [&router](HttpMethod method, std::string pattern, api::RoleSet roles, Execution execution,
                       std::string summary, Handler handler) {
    router.Add(method, std::move(pattern), roles, execution, std::move(summary), std::move(handler));
  };
  using api::Role;
  add(HttpMethod::kGet, "/api/v1/me/code", api::Roles(Role::kCitizen), Execution::kBlocking,
      "code generation: a signed token for the caller's current colour, its expiry and QR (SVG)",
      [s](const HttpRequest&, const PathParams&, const api::Caller* who) { return s->IssueFor(who->person); });
  // Inline: one Ed25519 verify (~60 µs) against the in-memory snapshot.
  add(HttpMethod::kPost, "/api/v1/verify", api::Roles(Role::kGate, Role::kOfficial, Role::kAdmin), Execution::kInline,
      "code verification: {token} -> pass/stop, reason, colour and masked name",
      [s](const HttpRequest& q, const PathParams&, const api::Caller*) { return s->Verify(q); });
  add(HttpMethod::kGet, "/api/v1/trust-list", 0, Execution::kInline,
      "the signed trust list and root key, for gates that verify offline",
      [s](const HttpRequest&, const PathParams&, const api::Caller*) { return s->TrustList(); });
}

}  // namespace onecode::server
