// Users and credentials: operators (gate, official, auditor, admin) are rows
// `U:<name>` in the store with a libsodium crypto_pwhash_str hash (Argon2id,
// "interactive" limits: ~0.1 s and 64 MiB per check, on purpose). Citizens are
// not users: they log in with their person pseudonym and the last four digits
// of their phone (a demo stand-in; a real deployment would use the national
// identity service). Functions are thread-safe.
#ifndef ONECODE_API_USERS_H_
#define ONECODE_API_USERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/caller.h"
#include "core/status.h"
#include "store/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace onecode::api {

struct UserRecord {
  std::string name;
  Role role = Role::kGate;
  std::string password_hash;  // crypto_pwhash_str output
  int64_t created = 0;        // Unix seconds
};

// 1-64 characters of [A-Za-z0-9._-]. INVALID_ARGUMENT otherwise.
Status ValidateUserName(std::string_view name);
// INVALID_ARGUMENT for a password shorter than 8 or longer than 256 bytes.
Status ValidatePassword(std::string_view password);
// Argon2id hash string of `password` (interactive limits). INTERNAL if
// libsodium runs out of memory.
StatusOr<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`.
bool VerifyPassword(std::string_view hash, std::string_view password);
// A random 20-character password from an unambiguous alphabet.
std::string GeneratePassword();

// The user `name`, nullopt when absent; INTERNAL for a malformed row.
StatusOr<std::optional<UserRecord>> LoadUser(const store::Store& store, std::string_view name);
// Adds the row for `user` to `batch` (value: role TAB hash TAB created).
void PutUser(const UserRecord& user, rocksdb::WriteBatch* batch);

// The record of a person: P:<person> = index TAB name TAB home_region TAB phone_tail.
struct PersonRecord {
  std::string name, home_region, phone_tail;
};
StatusOr<std::optional<PersonRecord>> LoadPerson(const store::Store& store, std::string_view person);

}  // namespace onecode::api

#endif  // ONECODE_API_USERS_H_
