#include "core/clock.h"

#include <chrono>

namespace onecode {

Timestamp SystemClock::Now() const {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp{std::chrono::duration_cast<std::chrono::seconds>(now).count()};
}

}  // namespace onecode
