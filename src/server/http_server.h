// HttpServer: the HTTP/1.1 transport (Boost.Beast on Asio) — accept loop,
// keep-alive, request size limits, timeouts, load shedding — in front of a
// Router. This header includes no Beast or Asio: they stay in
// http_server.cc.
//
// Threads: `io_threads` run the network loop (parse, inline handlers, write);
// `worker_threads` run handlers marked Execution::kBlocking.
//
// Load shedding: a request that has been read counts as in flight until its
// reply is queued. When `max_in_flight` requests are already in flight (or
// `max_blocking_queue` are waiting for a worker), the request is answered at
// once with 503 and "Retry-After", without running its handler; a connection
// beyond `max_connections` gets the same 503 and is closed. A share of new
// requests is shed the same way while the network loop runs late
// (`max_loop_lag_ms`). Memory is bounded by max_connections ×
// (max_header_bytes + max_body_bytes) plus the queues.
//
// Thread-safe: Start and Stop from one controlling thread.
#ifndef ONECODE_SERVER_HTTP_SERVER_H_
#define ONECODE_SERVER_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "server/metrics.h"
#include "server/routes.h"

namespace onecode::server {

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see port())
  int io_threads = 2;
  int worker_threads = 2;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 256 * 1024;
  int read_timeout_seconds = 30;   // whole request, and keep-alive idle time
  int write_timeout_seconds = 30;
  int max_connections = 4096;
  int max_in_flight = 256;
  int max_blocking_queue = 64;
  int retry_after_seconds = 1;
  // Shed a share of new requests with 503 + Retry-After while the network
  // loop runs late (on by default). A timer re-armed every 2 ms on the loop
  // measures how late it fires — like a request arriving at a random moment,
  // so its lateness is about how long requests wait for the loop. At the end
  // of each window of at least 100 ms and 5 ticks, if the median lateness is
  // above this many milliseconds and at least 50 requests were read, one more
  // request in 64 is shed (up to 8 in 64); below half of it, half as many
  // (down to none). One late tick (a long handler, the process descheduled
  // by a busy machine) does not move the median, and lag while few requests
  // arrive (the machine busy with other work) sheds nothing. /healthz and
  // /metrics are never shed. 0 = off. 5 ms: the median measured 0.3-3.0 ms
  // at normal load (wrk -c50; 3.4 ms with the cores also busy with other
  // work), 12.9-14.5 ms under 10x overload (-c500) (docs/benchmarks.md).
  double max_loop_lag_ms = 5;
};

class HttpServer {
 public:
  // `router` and `metrics` must outlive the server.
  HttpServer(const Router& router, ServerMetrics& metrics, HttpServerOptions options);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. INVALID_ARGUMENT for a bad bind
  // address, IO_ERROR when the port cannot be bound.
  Status Start();
  // The bound port (useful with port 0). REQUIRES: Start() succeeded.
  uint16_t port() const;
  // Stops accepting, lets requests in flight finish (up to `drain_seconds`),
  // then stops the threads. Idempotent.
  void Stop(double drain_seconds = 3.0);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace onecode::server

#endif  // ONECODE_SERVER_HTTP_SERVER_H_
