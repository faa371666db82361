// Large buffers: asks the kernel for transparent huge pages on a buffer, so
// filling hundreds of megabytes costs a few hundred page faults, not a few
// hundred thousand (the kernel's THP mode is usually "madvise").
#ifndef ONECODE_CORE_MEMORY_H_
#define ONECODE_CORE_MEMORY_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace onecode {

// Advises huge pages for the whole pages inside [data, data + bytes). A no-op
// for small buffers or where the kernel does not support it.
inline void AdviseHugePages(const void* data, size_t bytes) {
  constexpr uintptr_t kHuge = 2u << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace onecode

#endif  // ONECODE_CORE_MEMORY_H_
