#include "api/users.h"

#include <rocksdb/write_batch.h>
#include <sodium.h>

#include "api/api_context.h"

namespace onecode::api {

Status ValidateUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return Status::InvalidArgument("user name must be 1-64 characters");
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return Status::InvalidArgument("user name may hold only letters, digits, '.', '_' and '-'");
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < 8) return Status::InvalidArgument("password must be at least 8 characters");
  if (password.size() > 256) return Status::InvalidArgument("password must be at most 256 characters");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

std::string GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

StatusOr<std::optional<UserRecord>> LoadUser(const store::Store& store, std::string_view name) {
  auto value = store.Get(std::string(kUserPrefix) + std::string(name));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::optional<UserRecord>();
  const auto f = store::SplitTabs(**value);
  std::optional<Role> role = f.size() == 3 ? ParseRole(f[0]) : std::nullopt;
  if (!role) return Status::Internal("malformed user row for " + std::string(name));
  UserRecord user{std::string(name), *role, std::string(f[1]), 0};
  for (char c : f[2]) user.created = user.created * 10 + (c - '0');
  return std::optional<UserRecord>(std::move(user));
}

void PutUser(const UserRecord& user, rocksdb::WriteBatch* batch) {
  batch->Put(std::string(kUserPrefix) + user.name,
             std::string(RoleName(user.role)) + "\t" + user.password_hash + "\t" + Pad10(user.created));
}

StatusOr<std::optional<PersonRecord>> LoadPerson(const store::Store& store, std::string_view person) {
  auto value = store.Get(std::string(store::kPersonPrefix) + std::string(person));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::optional<PersonRecord>();
  const auto f = store::SplitTabs(**value);
  if (f.size() < 4) return Status::Internal("malformed person row for " + std::string(person));
  return std::optional<PersonRecord>(PersonRecord{std::string(f[1]), std::string(f[2]), std::string(f[3])});
}

}  // namespace onecode::api
