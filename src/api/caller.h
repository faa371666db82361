// Caller: who is asking — a role and, for citizens, the person they are.
//
// Roles (../shared/DESIGN.md, governance): citizen sees own data only; gate
// verifies codes only (colour and masked name); official registers cases,
// sets area risk, resolves appeals, runs the pipeline; auditor reads, never
// writes; admin operates the platform (users, feeds, pipeline runs). Value
// types, thread-compatible.
#ifndef ONECODE_API_CALLER_H_
#define ONECODE_API_CALLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onecode::api {

enum class Role : uint8_t { kCitizen = 0, kGate, kOfficial, kAuditor, kAdmin };
inline constexpr int kRoleCount = 5;
inline constexpr Role kAllRoles[kRoleCount] = {Role::kCitizen, Role::kGate, Role::kOfficial, Role::kAuditor,
                                                Role::kAdmin};

// "citizen", "gate", "official", "auditor", "admin".
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// A set of roles as a bit mask; 0 means "no role needed" (public).
using RoleSet = uint32_t;
constexpr RoleSet RoleBit(Role r) { return RoleSet{1} << static_cast<int>(r); }
template <typename... R>
constexpr RoleSet Roles(R... r) { return (RoleBit(r) | ...); }
inline constexpr RoleSet kAnyRole = (RoleSet{1} << kRoleCount) - 1;

struct Caller {
  Role role = Role::kCitizen;
  std::string user;    // user name; for a citizen, the person pseudonym
  std::string person;  // citizens only: the person they are; empty otherwise
};

}  // namespace onecode::api

#endif  // ONECODE_API_CALLER_H_
