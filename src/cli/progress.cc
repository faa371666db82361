#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace onecode {

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled) : enabled_(enabled) {}

Progress::~Progress() {
  if (enabled_ && dirty_) std::fputs("\n", stderr);
}

void Progress::Update(const std::string& line) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (dirty_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  dirty_ = true;
}

void Progress::Done(const std::string& line) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(stderr, "\r\033[K%s\n", line.c_str());
  std::fflush(stderr);
  dirty_ = false;
}

}  // namespace onecode
