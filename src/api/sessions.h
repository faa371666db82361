// SessionTable: bearer session tokens issued at login, kept in memory.
//
// A token is 32 random bytes (libsodium), hex-encoded; a request presents it
// as "Authorization: Bearer <token>", and authenticating it is one hash-map
// lookup under a shared lock — no password hashing per request. Sessions
// expire `ttl_seconds` after login and are lost when the process stops (users
// log in again). The table holds at most `max_sessions`; when full, expired
// sessions are dropped first, then the oldest. Thread-safe.
#ifndef ONECODE_API_SESSIONS_H_
#define ONECODE_API_SESSIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/caller.h"
#include "core/clock.h"

namespace onecode::api {

class SessionTable {
 public:
  // `clock` must outlive the table.
  SessionTable(const Clock& clock, int64_t ttl_seconds, size_t max_sessions);

  struct Issued {
    std::string token;
    int64_t expires_at = 0;  // Unix seconds
  };
  // Starts a session for `caller`.
  Issued Create(Caller caller);
  // The caller of a live session, or nullptr for an unknown or expired token.
  std::shared_ptr<const Caller> Find(std::string_view token) const;
  // Ends a session; unknown tokens are ignored.
  void Remove(std::string_view token);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const Caller> caller;
    int64_t created = 0, expires = 0;
  };
  void EvictLocked(int64_t now);

  const Clock& clock_;
  const int64_t ttl_seconds_;
  const size_t max_sessions_;
  struct TokenHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry, TokenHash, std::equal_to<>> sessions_;  // guarded by mu_
};

}  // namespace onecode::api

#endif  // ONECODE_API_SESSIONS_H_
