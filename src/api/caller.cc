#include "api/caller.h"

namespace onecode::api {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCitizen: return "citizen";
    case Role::kGate: return "gate";
    case Role::kOfficial: return "official";
    case Role::kAuditor: return "auditor";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace onecode::api
