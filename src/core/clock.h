// Clock: the one way code reads the current time, so tests can set it.
//
// Pass a Clock& to anything that needs "now"; production code uses
// SystemClock, tests a ManualClock they advance by hand ("14 days later" runs
// in microseconds). SystemClock is thread-safe; ManualClock is not.
#ifndef ONECODE_CORE_CLOCK_H_
#define ONECODE_CORE_CLOCK_H_

#include "core/time.h"

namespace onecode {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp t) { now_ = t; }
  void Advance(int64_t seconds) { now_.seconds += seconds; }

 private:
  Timestamp now_;
};

}  // namespace onecode

#endif  // ONECODE_CORE_CLOCK_H_
