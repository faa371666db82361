#include "tracing/types.h"

#include <algorithm>
#include <tuple>

namespace onecode::tracing {

void PositionTable::Finish(uint32_t persons) {
  offsets.assign(static_cast<size_t>(persons) + 1, 0);
  for (uint32_t p : person) ++offsets[p + 1];
  for (uint32_t i = 0; i < persons; ++i) offsets[i + 1] += offsets[i];
}

namespace {
constexpr std::string_view kKindNames[kContactKinds] = {"colocation",       "cotravel_close", "venue",
                                                        "cotravel_vehicle", "venue_suspect",  "second_degree"};
}  // namespace

std::string_view KindName(ContactKind kind) { return kKindNames[static_cast<int>(kind)]; }

bool ParseKind(std::string_view name, ContactKind* kind) {
  for (int k = 0; k < kContactKinds; ++k) {
    if (kKindNames[k] == name) {
      *kind = static_cast<ContactKind>(k);
      return true;
    }
  }
  return false;
}

bool EdgeLess(const Edge& a, const Edge& b) {
  return std::tie(a.case_id, a.kind, a.person, a.via, a.where, a.start) <
         std::tie(b.case_id, b.kind, b.person, b.via, b.where, b.start);
}

}  // namespace onecode::tracing
