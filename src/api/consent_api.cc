#include "api/consent_api.h"

#include <rocksdb/write_batch.h>

#include <boost/json/array.hpp>

#include "api/citizen_api.h"
#include "api/json_fields.h"
#include "api/users.h"

namespace onecode::api {

namespace json = boost::json;

namespace {

std::string ConsentKey(std::string_view person, std::string_view grantee) {
  return std::string(kConsentPrefix) + std::string(person) + ":" + std::string(grantee);
}

}  // namespace

StatusOr<json::object> GrantConsent(ApiContext& ctx, std::string_view person, const json::object& body) {
  std::string grantee;
  ONECODE_RETURN_IF_ERROR(GetString(body, "grantee", true, 64, &grantee));
  std::optional<double> minutes;
  ONECODE_RETURN_IF_ERROR(GetNumber(body, "minutes", true, &minutes));
  const double max_minutes = static_cast<double>(ctx.options().max_consent_seconds) / 60;
  if (*minutes < 1 || *minutes > max_minutes) {
    return Status::InvalidArgument("minutes must be between 1 and " + std::to_string(static_cast<int64_t>(max_minutes)));
  }
  if (grantee == person) return Status::InvalidArgument("a consent is for someone else");
  auto lock = ctx.ReadLock();
  auto me = LoadPerson(ctx.store(), person);
  if (!me.ok()) return me.status();
  if (!me->has_value()) return Status::NotFound("no person " + std::string(person));
  auto user = LoadUser(ctx.store(), grantee);
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    auto other = LoadPerson(ctx.store(), grantee);
    if (!other.ok()) return other.status();
    if (!other->has_value()) return Status::NotFound("no user or person " + grantee);
  }
  const int64_t now = ctx.clock().Now().seconds;
  const int64_t expires = now + static_cast<int64_t>(*minutes * 60);
  auto writer = ctx.WriterLock();
  rocksdb::WriteBatch batch;
  batch.Put(ConsentKey(person, grantee), Pad10(expires) + "\t" + Pad10(now));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  return json::object{{"person", person}, {"grantee", grantee}, {"granted_at", IsoTime(now)},
                      {"expires_at", IsoTime(expires)}};
}

StatusOr<json::object> ListConsents(ApiContext& ctx, std::string_view person) {
  auto lock = ctx.ReadLock();
  const std::string prefix = std::string(kConsentPrefix) + std::string(person) + ":";
  const int64_t now = ctx.clock().Now().seconds;
  json::array rows;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(prefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    const int64_t expires = ParseSeconds(f[0]);
    const int64_t granted = f.size() > 1 ? ParseSeconds(f[1]) : 0;
    rows.push_back(json::object{{"grantee", k.substr(prefix.size())}, {"granted_at", IsoTime(granted)},
                                {"expires_at", IsoTime(expires)}, {"valid", expires > now}});
    return true;
  }));
  return json::object{{"person", person}, {"consents", std::move(rows)}};
}

StatusOr<json::object> RevokeConsent(ApiContext& ctx, std::string_view person, std::string_view grantee) {
  auto lock = ctx.ReadLock();
  auto writer = ctx.WriterLock();  // the read below decides the write
  const std::string key = ConsentKey(person, grantee);
  auto row = ctx.store().Get(key);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("no consent for " + std::string(grantee));
  const auto f = store::SplitTabs(**row);
  const int64_t now = ctx.clock().Now().seconds;
  rocksdb::WriteBatch batch;
  // Kept (ended now) rather than deleted: the record of who could see what.
  batch.Put(key, Pad10(std::min(now, ParseSeconds(f[0]))) + "\t" + std::string(f.size() > 1 ? f[1] : ""));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  return json::object{{"person", person}, {"grantee", grantee}, {"expires_at", IsoTime(now)}, {"valid", false}};
}

StatusOr<json::object> ConsentedColour(ApiContext& ctx, std::string_view grantee, std::string_view person) {
  int64_t expires = 0;
  {
    auto lock = ctx.ReadLock();
    auto row = ctx.store().Get(ConsentKey(person, grantee));
    if (!row.ok()) return row.status();
    if (row->has_value()) expires = ParseSeconds(store::SplitTabs(**row)[0]);
  }
  if (expires <= ctx.clock().Now().seconds) {
    return Status{StatusCode::kPermissionDenied, "no valid consent from this person"};
  }
  auto status = HealthStatus(ctx, person);
  if (!status.ok()) {
    if (status.status().code() == StatusCode::kNotFound) {
      return Status{StatusCode::kPermissionDenied, "no valid consent from this person"};
    }
    return status.status();
  }
  return json::object{{"person", person},
                      {"masked_name", status->at("masked_name")},
                      {"colour", status->at("colour")},
                      {"consent_expires_at", IsoTime(expires)},
                      {"as_of", status->at("as_of")}};
}

}  // namespace onecode::api
