#include "server/metrics.h"

#include <cstdio>

namespace onecode::server {

ServerMetrics::ServerMetrics(std::vector<std::string> route_labels) : labels_(std::move(route_labels)) {
  labels_.push_back("unmatched");
  routes_ = std::make_unique<PerRoute[]>(labels_.size());
}

void ServerMetrics::Record(int route, int status, double seconds) {
  const size_t r = route < 0 || static_cast<size_t>(route) + 1 >= labels_.size() ? labels_.size() - 1
                                                                                  : static_cast<size_t>(route);
  PerRoute& p = routes_[r];
  size_t s = kStatuses.size();
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) {
      s = i;
      break;
    }
  }
  p.by_status[s].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  p.buckets[b].fetch_add(1, std::memory_order_relaxed);
  p.count.fetch_add(1, std::memory_order_relaxed);
  p.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string ServerMetrics::Render() const {
  std::string out;
  char line[512];
  out += "# HELP onecode_http_requests_total Answered HTTP requests by route pattern and status.\n";
  out += "# TYPE onecode_http_requests_total counter\n";
  for (size_t r = 0; r < labels_.size(); ++r) {
    for (size_t s = 0; s <= kStatuses.size(); ++s) {
      const uint64_t n = routes_[r].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string code = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      std::snprintf(line, sizeof line, "onecode_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                    labels_[r].c_str(), code.c_str(), static_cast<unsigned long long>(n));
      out += line;
    }
  }
  out += "# HELP onecode_http_request_duration_seconds Time from a request read to its reply queued.\n";
  out += "# TYPE onecode_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < labels_.size(); ++r) {
    const PerRoute& p = routes_[r];
    const uint64_t count = p.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += p.buckets[b].load(std::memory_order_relaxed);
      char le[32];
      if (b < kBuckets.size()) std::snprintf(le, sizeof le, "%g", kBuckets[b]);
      else std::snprintf(le, sizeof le, "+Inf");
      std::snprintf(line, sizeof line, "onecode_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} %llu\n",
                    labels_[r].c_str(), le, static_cast<unsigned long long>(cumulative));
      out += line;
    }
    std::snprintf(line, sizeof line, "onecode_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                  labels_[r].c_str(), p.sum_micros.load(std::memory_order_relaxed) / 1e6);
    out += line;
    std::snprintf(line, sizeof line, "onecode_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  labels_[r].c_str(), static_cast<unsigned long long>(count));
    out += line;
  }
  auto gauge = [&](const char* name, const char* help, const char* type, long long v) {
    std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s %s\n%s %lld\n", name, help, name, type, name, v);
    out += line;
  };
  gauge("onecode_http_in_flight_requests", "Requests read and not yet answered.", "gauge",
        in_flight_.load(std::memory_order_relaxed));
  gauge("onecode_http_blocking_queued", "Requests queued for or running on the worker pool.", "gauge",
        blocking_queued_.load(std::memory_order_relaxed));
  gauge("onecode_http_connections", "Open client connections.", "gauge", connections_.load(std::memory_order_relaxed));
  gauge("onecode_http_shed_total", "Requests and connections refused with 503 because the server was full.",
        "counter", static_cast<long long>(shed_.load(std::memory_order_relaxed)));
  auto seconds = [&](const char* name, const char* help, int64_t micros) {
    std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s gauge\n%s %.6f\n", name, help, name, name, micros / 1e6);
    out += line;
  };
  seconds("onecode_http_loop_lag_seconds", "How late the network loop runs (smoothed).",
          loop_lag_us_.load(std::memory_order_relaxed));
  seconds("onecode_http_loop_lag_window_median_seconds",
          "Median lateness of the network loop over the last window (the lag shedding acts on).",
          median_lag_us_.load(std::memory_order_relaxed));
  gauge("onecode_http_loop_shed_per_64", "Loop-lag shedding: how many new requests in 64 get 503 (0 = none).",
        "gauge", shed_per_64_.load(std::memory_order_relaxed));
  gauge("onecode_http_loop_lagging_windows_total",
        "Windows (>= 100 ms) in which the network loop's median lag was over the shedding limit.", "counter",
        lagging_windows_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace onecode::server
