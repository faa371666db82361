// Progress: one status line on a terminal, updated in place; silent when
// stderr is not a terminal (CI logs) unless forced. Thread-safe.
#ifndef ONECODE_CLI_PROGRESS_H_
#define ONECODE_CLI_PROGRESS_H_

#include <chrono>
#include <mutex>
#include <string>

namespace onecode {

class Progress {
 public:
  // `enabled` false turns every call into a no-op.
  explicit Progress(bool enabled);
  ~Progress();
  // Replaces the status line (at most ~5 redraws per second).
  void Update(const std::string& line);
  // Prints `line` as a permanent line and clears the status line.
  void Done(const std::string& line);

 private:
  bool enabled_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_draw_;
  bool dirty_ = false;
};

// True when stderr is a terminal.
bool StderrIsTerminal();

}  // namespace onecode

#endif  // ONECODE_CLI_PROGRESS_H_
