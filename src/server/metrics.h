// ServerMetrics: request counters by route and status, a latency histogram
// by route, gauges for connections and in-flight requests, and the count of
// requests shed under load, rendered in the Prometheus text format (0.0.4).
// Counters are relaxed atomics in arrays fixed at construction, so recording
// never allocates or locks. Thread-safe.
#ifndef ONECODE_SERVER_METRICS_H_
#define ONECODE_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onecode::server {

class ServerMetrics {
 public:
  // Latency bucket upper bounds, seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  // Statuses counted exactly; others count as "other".
  static constexpr std::array<int, 15> kStatuses = {200, 201, 204, 301, 302, 304, 400, 401,
                                                    403, 404, 405, 409, 413, 500, 503};

  // `route_labels[i]` names route i (its pattern).
  explicit ServerMetrics(std::vector<std::string> route_labels);

  // Records one answered request; `route` is -1 for "unmatched".
  void Record(int route, int status, double seconds);
  void AddShed() { shed_.fetch_add(1, std::memory_order_relaxed); }

  std::atomic<int64_t>& in_flight() { return in_flight_; }
  std::atomic<int64_t>& connections() { return connections_; }
  std::atomic<int64_t>& blocking_queued() { return blocking_queued_; }
  uint64_t shed() const { return shed_.load(std::memory_order_relaxed); }
  // Network-loop lag (HttpServer's overload detector): smoothed lateness of
  // its timer and the median lateness over the last window, microseconds,
  // and how many requests in 64 it sheds (0 = none).
  std::atomic<int64_t>& loop_lag_us() { return loop_lag_us_; }
  std::atomic<int64_t>& median_lag_us() { return median_lag_us_; }
  std::atomic<int64_t>& shed_per_64() { return shed_per_64_; }
  // Windows whose median lag was over the limit (with enough requests).
  std::atomic<int64_t>& lagging_windows() { return lagging_windows_; }

  std::string Render() const;

 private:
  struct PerRoute {
    std::array<std::atomic<uint64_t>, kStatuses.size() + 1> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_micros{0};
  };
  std::vector<std::string> labels_;             // last: "unmatched"
  std::unique_ptr<PerRoute[]> routes_;
  std::atomic<int64_t> in_flight_{0}, connections_{0}, blocking_queued_{0};
  std::atomic<int64_t> loop_lag_us_{0}, median_lag_us_{0}, shed_per_64_{0}, lagging_windows_{0};
  std::atomic<uint64_t> shed_{0};
};

}  // namespace onecode::server

#endif  // ONECODE_SERVER_METRICS_H_
