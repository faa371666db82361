// OrderedParallel: runs chunks of work on a few threads and hands the results
// to the calling thread in chunk order, so output is the same bytes whatever
// the thread count or scheduling.
#ifndef ONECODE_CORE_PARALLEL_H_
#define ONECODE_CORE_PARALLEL_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace onecode {

// Calls work(i, slot) for every i in [0, n) on `threads` worker threads, and
// consume(i, slot) on the calling thread for i = 0, 1, ... in order. `slots`
// holds the per-chunk state; its size is the window: at most slots.size()
// chunks are in flight, which bounds memory. A slot is reused for chunk
// i + window after consume(i) returns. An exception thrown by work or consume
// stops the run and is rethrown here. REQUIRES: !slots.empty(), threads >= 1.
template <typename Slot, typename Work, typename Consume>
void RunOrdered(size_t n, int threads, std::vector<Slot>& slots, Work work, Consume consume) {
  const size_t window = slots.size();
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0, consumed = 0;
  bool failed = false;
  std::exception_ptr error;
  std::vector<char> ready(window, 0);

  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return failed || next >= n || next < consumed + window; });
        if (failed || next >= n) return;
        i = next++;
      }
      try {
        work(i, slots[i % window]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failed) error = std::current_exception();
        failed = true;
        cv.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(mu);
      ready[i % window] = 1;
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return failed || ready[i % window]; });
      if (failed) break;
    }
    try {
      consume(i, slots[i % window]);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failed) error = std::current_exception();
      failed = true;
      cv.notify_all();
      break;
    }
    std::lock_guard<std::mutex> lock(mu);
    ready[i % window] = 0;
    ++consumed;
    cv.notify_all();
  }
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace onecode

#endif  // ONECODE_CORE_PARALLEL_H_
