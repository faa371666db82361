// IdIndex: a dense index for string identifiers (person pseudonyms, cell ids):
// id -> 0, 1, 2, ... in insertion order, with an open-addressing hash table.
// Lookups do not allocate. Not thread-safe for writes; concurrent Find() calls
// on an index nobody is modifying are safe.
#ifndef ONECODE_CORE_ID_INDEX_H_
#define ONECODE_CORE_ID_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onecode {

class IdIndex {
 public:
  static constexpr uint32_t kMissing = 0xffffffffu;

  IdIndex() { Rehash(1024); }

  // The index of `id`, or kMissing.
  uint32_t Find(std::string_view id) const {
    const uint64_t h = Hash(id);
    for (size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
      const uint32_t v = table_[slot];
      if (v == kMissing) return kMissing;
      if (hashes_[v] == h && ids_[v] == id) return v;
    }
  }
  // The index of `id`, adding it if new.
  uint32_t Insert(std::string_view id) {
    const uint32_t found = Find(id);
    if (found != kMissing) return found;
    if ((ids_.size() + 1) * 10 > table_.size() * 7) Rehash(table_.size() * 2);
    const auto index = static_cast<uint32_t>(ids_.size());
    const uint64_t h = Hash(id);
    ids_.emplace_back(id);
    hashes_.push_back(h);
    Place(index, h);
    return index;
  }
  size_t size() const { return ids_.size(); }
  const std::string& id(uint32_t index) const { return ids_[index]; }

  // FNV-1a then a 64-bit finaliser: cheap and well spread for short ids.
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
  }

 private:
  void Place(uint32_t index, uint64_t h) {
    size_t slot = h & mask_;
    while (table_[slot] != kMissing) slot = (slot + 1) & mask_;
    table_[slot] = index;
  }
  void Rehash(size_t capacity) {
    table_.assign(capacity, kMissing);
    mask_ = capacity - 1;
    for (uint32_t i = 0; i < ids_.size(); ++i) Place(i, hashes_[i]);
  }

  std::vector<std::string> ids_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> table_;
  size_t mask_ = 0;
};

}  // namespace onecode

#endif  // ONECODE_CORE_ID_INDEX_H_
