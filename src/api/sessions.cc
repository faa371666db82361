#include "api/sessions.h"

#include <sodium.h>

#include <mutex>

namespace onecode::api {

SessionTable::SessionTable(const Clock& clock, int64_t ttl_seconds, size_t max_sessions)
    : clock_(clock), ttl_seconds_(ttl_seconds), max_sessions_(max_sessions == 0 ? 1 : max_sessions) {}

SessionTable::Issued SessionTable::Create(Caller caller) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const int64_t now = clock_.Now().seconds;
  Issued issued{hex, now + ttl_seconds_};
  auto shared = std::make_shared<const Caller>(std::move(caller));
  std::unique_lock lock(mu_);
  if (sessions_.size() >= max_sessions_) EvictLocked(now);
  sessions_[issued.token] = Entry{std::move(shared), now, issued.expires_at};
  return issued;
}

void SessionTable::EvictLocked(int64_t now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires <= now ? sessions_.erase(it) : std::next(it);
  }
  while (sessions_.size() >= max_sessions_) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.created < oldest->second.created) oldest = it;
    }
    sessions_.erase(oldest);
  }
}

std::shared_ptr<const Caller> SessionTable::Find(std::string_view token) const {
  if (token.size() != 64) return nullptr;
  const int64_t now = clock_.Now().seconds;
  std::shared_lock lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end() || it->second.expires <= now) return nullptr;
  return it->second.caller;
}

void SessionTable::Remove(std::string_view token) {
  std::unique_lock lock(mu_);
  auto it = sessions_.find(token);
  if (it != sessions_.end()) sessions_.erase(it);
}

size_t SessionTable::size() const {
  std::shared_lock lock(mu_);
  return sessions_.size();
}

}  // namespace onecode::api
