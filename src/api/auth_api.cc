#include "api/auth_api.h"

#include <rocksdb/write_batch.h>
#include <sodium.h>

#include <boost/json/array.hpp>

#include "api/json_fields.h"
#include "api/users.h"

namespace onecode::api {

namespace json = boost::json;

namespace {

Status InvalidCredentials() { return Status{StatusCode::kPermissionDenied, "invalid credentials"}; }

// A hash to check against when the user does not exist, so that an unknown
// name takes as long as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("not-a-real-password");
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

json::object SessionJson(const SessionTable::Issued& issued, const Caller& caller) {
  json::object out{{"token", issued.token}, {"role", RoleName(caller.role)}, {"user", caller.user},
                   {"expires_at", IsoTime(issued.expires_at)}};
  if (!caller.person.empty()) out["person"] = caller.person;
  return out;
}

}  // namespace

StatusOr<json::object> Login(ApiContext& ctx, const json::object& body) {
  if (body.contains("person")) {
    std::string person, tail;
    ONECODE_RETURN_IF_ERROR(GetString(body, "person", true, 64, &person));
    ONECODE_RETURN_IF_ERROR(GetString(body, "phone_tail", true, 8, &tail));
    std::optional<PersonRecord> rec;
    {
      auto lock = ctx.ReadLock();
      auto r = LoadPerson(ctx.store(), person);
      if (!r.ok()) return r.status();
      rec = std::move(*r);
    }
    if (!rec || rec->phone_tail.size() != tail.size() ||
        sodium_memcmp(rec->phone_tail.data(), tail.data(), tail.size()) != 0) {
      return InvalidCredentials();
    }
    Caller caller{Role::kCitizen, person, person};
    const auto issued = ctx.sessions().Create(caller);
    return SessionJson(issued, caller);
  }
  std::string name, password;
  ONECODE_RETURN_IF_ERROR(GetString(body, "user", true, 64, &name));
  ONECODE_RETURN_IF_ERROR(GetString(body, "password", true, 256, &password));
  std::optional<UserRecord> user;
  {
    auto lock = ctx.ReadLock();
    auto u = LoadUser(ctx.store(), name);
    if (!u.ok()) return u.status();
    user = std::move(*u);
  }
  // The password check runs outside the store lock (it takes ~0.1 s).
  const bool ok = VerifyPassword(user ? user->password_hash : DummyHash(), password);
  if (!user || !ok) return InvalidCredentials();
  Caller caller{user->role, user->name, ""};
  const auto issued = ctx.sessions().Create(caller);
  return SessionJson(issued, caller);
}

json::object Logout(ApiContext& ctx, std::string_view token) {
  ctx.sessions().Remove(token);
  return json::object{{"logged_out", true}};
}

json::object WhoAmI(const Caller& caller) {
  json::object out{{"role", RoleName(caller.role)}, {"user", caller.user}};
  if (!caller.person.empty()) out["person"] = caller.person;
  return out;
}

StatusOr<json::object> AddUser(ApiContext& ctx, const json::object& body) {
  std::string name, role_text, password;
  ONECODE_RETURN_IF_ERROR(GetString(body, "name", true, 64, &name));
  ONECODE_RETURN_IF_ERROR(ValidateUserName(name));
  ONECODE_RETURN_IF_ERROR(GetString(body, "role", true, 16, &role_text));
  const auto role = ParseRole(role_text);
  if (!role) return Status::InvalidArgument("role must be gate, official, auditor or admin");
  if (*role == Role::kCitizen) {
    return Status::InvalidArgument("citizens log in with their person id and phone, not as users");
  }
  ONECODE_RETURN_IF_ERROR(GetString(body, "password", false, 256, &password));
  const bool generated = password.empty();
  if (generated) password = GeneratePassword();
  ONECODE_RETURN_IF_ERROR(ValidatePassword(password));
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto lock = ctx.ReadLock();
  auto writer = ctx.WriterLock();  // the existence check decides the write
  auto existing = LoadUser(ctx.store(), name);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return Status{StatusCode::kAlreadyExists, "user " + name + " already exists"};
  UserRecord user{name, *role, *hash, ctx.clock().Now().seconds};
  rocksdb::WriteBatch batch;
  PutUser(user, &batch);
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  json::object out{{"name", name}, {"role", RoleName(*role)}, {"created", IsoTime(user.created)}};
  if (generated) out["password"] = password;
  return out;
}

StatusOr<json::object> ListUsers(ApiContext& ctx) {
  auto lock = ctx.ReadLock();
  json::array rows;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(kUserPrefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    int64_t created = 0;
    if (f.size() == 3) {
      for (char c : f[2]) created = created * 10 + (c - '0');
    }
    rows.push_back(json::object{{"name", k.substr(kUserPrefix.size())}, {"role", f[0]}, {"created", IsoTime(created)}});
    return true;
  }));
  return json::object{{"users", std::move(rows)}};
}

}  // namespace onecode::api
