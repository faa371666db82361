#include "server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace onecode::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// The loop-lag detector (HttpServerOptions::max_loop_lag_ms): the timer's
// period, the window its median lag is taken over (at least this long and
// this many ticks, with at least this many requests read), and the most it
// sheds (8 requests in 64).
constexpr int kLagTickMs = 2;
constexpr int kLagWindowMs = 100;
constexpr int kLagWindowTicks = 5;
constexpr int64_t kLagWindowMinRequests = 50;  // fewer requests in a window: never shed (500/s over 100 ms)
constexpr int64_t kMaxShedPer64 = 8;
// New connections taken from the backlog per accept completion.
constexpr int kAcceptBatch = 64;

struct HttpServer::Impl {
  Impl(const Router& r, ServerMetrics& m, HttpServerOptions o)
      : router(r), metrics(m), opt(std::move(o)), ioc(opt.io_threads), acceptor(net::make_strand(ioc)) {}

  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  // Serves a new connection, or refuses it when over max_connections.
  void Admit(tcp::socket socket);
  void RunLoop();
  // Re-arms the loop-lag timer (see HttpServerOptions::max_loop_lag_ms).
  void ArmLagTimer();
  // One tick of the lag timer, `late_us` after it was due.
  void OnLagTick(int64_t late_us);
  // True when this request should be shed for loop lag: `shed_per_64` of
  // every 64 requests are.
  bool ShedForLag() {
    const int64_t shed = metrics.shed_per_64().load(std::memory_order_relaxed);
    if (shed <= 0) return false;
    return static_cast<int64_t>(lag_ticket.fetch_add(1, std::memory_order_relaxed) % 64) < shed;
  }
  std::string OverloadedReply() const;

  const Router& router;
  ServerMetrics& metrics;
  const HttpServerOptions opt;
  std::atomic<bool> stopping{false};
  net::io_context ioc;
  std::unique_ptr<net::thread_pool> workers;
  tcp::acceptor acceptor;
  net::steady_timer lag_timer{ioc};
  Clock::time_point lag_expected;
  // The current window of lag ticks (touched only by the timer's handler,
  // which never runs twice at once).
  Clock::time_point window_start;
  std::array<int64_t, 64> window_lags{};  // lateness of each tick, microseconds
  int window_ticks = 0;
  std::atomic<int64_t> window_requests{0};  // requests read in the current window
  std::atomic<uint64_t> lag_ticket{0};
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::mutex control_mu;
  bool started = false, stopped = false;
};

namespace {

HttpResponse Overloaded(int retry_after) {
  HttpResponse r = JsonError(503, "overloaded", "the server is at capacity; retry shortly");
  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == beast::error_code(http::error::bad_target).category();
}

// One client connection: reads requests one after another (keep-alive),
// admits or sheds each, runs it inline or on the workers, writes the reply.
// All of its handlers run on its strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {
    server_.metrics.connections().fetch_add(1, std::memory_order_relaxed);
  }
  ~Connection() { server_.metrics.connections().fetch_sub(1, std::memory_order_relaxed); }

  void Start() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::Read, shared_from_this())); }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.opt.max_header_bytes));
    parser_->body_limit(server_.opt.max_body_bytes);
    stream_.expires_after(std::chrono::seconds(server_.opt.read_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) {
      keep_alive_ = false;
      if (ec == http::error::body_limit) {
        return Finish(-1, JsonError(413, "payload_too_large", "the request body is too large"), false);
      }
      if (ec == http::error::header_limit) {
        return Finish(-1, JsonError(431, "headers_too_large", "the request headers are too large"), false);
      }
      if (IsParseError(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
        return Finish(-1, JsonError(400, "bad_request", "malformed HTTP request: " + ec.message()), false);
      }
      return Close();  // end of stream, timeout, reset
    }
    started_ = Clock::now();
    auto& req = parser_->get();
    HttpRequest request;
    switch (req.method()) {
      case http::verb::get: request.method = HttpMethod::kGet; break;
      case http::verb::post: request.method = HttpMethod::kPost; break;
      case http::verb::delete_: request.method = HttpMethod::kDelete; break;
      default: request.method = HttpMethod::kOther; break;
    }
    const std::string_view target(req.target().data(), req.target().size());
    const size_t q = target.find('?');
    request.path.assign(target.substr(0, q));
    if (q != std::string_view::npos) request.query.assign(target.substr(q + 1));
    if (auto it = req.find(http::field::authorization); it != req.end()) {
      request.authorization.assign(it->value().data(), it->value().size());
    }
    request.body = std::move(req.body());
    keep_alive_ = req.keep_alive() && !server_.stopping.load(std::memory_order_relaxed);

    Router::Resolved resolved = server_.router.Resolve(request);
    if (resolved.early) {
      HttpResponse early = std::move(*resolved.early);
      return Finish(-1, std::move(early), false);
    }
    const int route = resolved.route;
    auto& in_flight = server_.metrics.in_flight();
    server_.window_requests.fetch_add(1, std::memory_order_relaxed);
    if (request.path != "/healthz" && request.path != "/metrics" && server_.ShedForLag()) return Shed(route);
    if (in_flight.fetch_add(1, std::memory_order_relaxed) >= server_.opt.max_in_flight) {
      in_flight.fetch_sub(1, std::memory_order_relaxed);
      return Shed(route);
    }
    if (server_.router.routes()[route].execution == Execution::kBlocking) {
      auto& queued = server_.metrics.blocking_queued();
      if (queued.fetch_add(1, std::memory_order_relaxed) >= server_.opt.max_blocking_queue) {
        queued.fetch_sub(1, std::memory_order_relaxed);
        in_flight.fetch_sub(1, std::memory_order_relaxed);
        return Shed(route);
      }
      net::post(*server_.workers, [self = shared_from_this(), resolved = std::move(resolved),
                                   request = std::move(request)]() mutable {
        HttpResponse out = self->server_.router.Run(resolved, request);
        self->server_.metrics.blocking_queued().fetch_sub(1, std::memory_order_relaxed);
        net::post(self->stream_.get_executor(), [self, route = resolved.route, out = std::move(out)]() mutable {
          self->Finish(route, std::move(out), true);
        });
      });
      return;
    }
    // Inline routes still go through the loop's queue, so that a burst of
    // reads shows up as requests in flight and can be shed.
    net::post(stream_.get_executor(), [self = shared_from_this(), resolved = std::move(resolved),
                                       request = std::move(request)]() mutable {
      HttpResponse out = self->server_.router.Run(resolved, request);
      self->Finish(resolved.route, std::move(out), true);
    });
  }

  // Answers 503 + Retry-After without running the handler.
  void Shed(int route) {
    server_.metrics.AddShed();
    Finish(route, Overloaded(server_.opt.retry_after_seconds), false);
  }

  void Finish(int route, HttpResponse out, bool admitted) {
    if (admitted) server_.metrics.in_flight().fetch_sub(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    server_.metrics.Record(route, out.status, seconds);
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(out.status));
    res_.set(http::field::content_type, out.content_type);
    res_.set("X-Content-Type-Options", "nosniff");
    bool cache_set = false;
    for (auto& [name, value] : out.headers) {
      if (beast::iequals(name, "Cache-Control")) cache_set = true;
      res_.set(name, value);
    }
    if (!cache_set) res_.set(http::field::cache_control, "no-store");
    res_.body() = std::move(out.body);
    if (server_.stopping.load(std::memory_order_relaxed)) keep_alive_ = false;
    res_.keep_alive(keep_alive_);
    res_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(server_.opt.write_timeout_seconds));
    http::async_write(stream_, res_, beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (ec || !keep_alive_) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // The socket closes when the last handler lets go of this connection.
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  bool keep_alive_ = true;
  Clock::time_point started_ = Clock::now();
};

}  // namespace

std::string HttpServer::Impl::OverloadedReply() const {
  const HttpResponse r = Overloaded(opt.retry_after_seconds);
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: " +
         std::to_string(opt.retry_after_seconds) + "\r\nConnection: close\r\nContent-Length: " +
         std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
}

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Impl::OnAccept, this));
}

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || stopping.load()) return;
  if (ec) {
    std::fprintf(stderr, "onecode serve: accept: %s\n", ec.message().c_str());
    return Accept();
  }
  Admit(std::move(socket));
  // Then take what else waits in the backlog (the acceptor is non-blocking):
  // one accept per trip through a busy loop's queue would leave new
  // connections waiting in the backlog for seconds under load.
  for (int i = 0; i < kAcceptBatch; ++i) {
    tcp::socket next(net::make_strand(ioc));
    acceptor.accept(next, ec);
    if (ec) break;  // would_block: the backlog is empty
    Admit(std::move(next));
  }
  Accept();
}

void HttpServer::Impl::Admit(tcp::socket socket) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (metrics.connections().load(std::memory_order_relaxed) >= opt.max_connections) {
    // Over the connection limit: a canned 503, then close.
    metrics.AddShed();
    auto sock = std::make_shared<tcp::socket>(std::move(socket));
    auto text = std::make_shared<std::string>(OverloadedReply());
    net::async_write(*sock, net::buffer(*text), [sock, text](beast::error_code, size_t) {
      beast::error_code e;
      sock->shutdown(tcp::socket::shutdown_both, e);
      sock->close(e);
    });
  } else {
    std::make_shared<Connection>(std::move(socket), *this)->Start();
  }
}

void HttpServer::Impl::ArmLagTimer() {
  lag_expected = Clock::now() + std::chrono::milliseconds(kLagTickMs);
  lag_timer.expires_at(lag_expected);
  lag_timer.async_wait([this](beast::error_code ec) {
    if (ec || stopping.load(std::memory_order_relaxed)) return;
    OnLagTick(std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - lag_expected).count()));
    ArmLagTimer();
  });
}

void HttpServer::Impl::OnLagTick(int64_t late_us) {
  auto& smoothed = metrics.loop_lag_us();
  const int64_t old = smoothed.load(std::memory_order_relaxed);
  smoothed.store(old + (late_us - old) / 4, std::memory_order_relaxed);  // EWMA, 1/4 per tick (a gauge only)

  const Clock::time_point now = Clock::now();
  if (window_ticks == 0) window_start = now;
  if (window_ticks < static_cast<int>(window_lags.size())) window_lags[window_ticks++] = late_us;
  if ((now - window_start < std::chrono::milliseconds(kLagWindowMs) || window_ticks < kLagWindowTicks) &&
      window_ticks < static_cast<int>(window_lags.size())) {
    return;
  }
  // The window is complete. A tick is like a request arriving at a random
  // moment, so the median lateness of its ticks is about how long half the
  // requests waited for the loop. One late tick (a long handler, the process
  // descheduled for a moment) does not move it. And lag with few requests is
  // the machine busy with other work, not a queue of ours: refusing those
  // few requests would help nobody.
  const auto mid = window_lags.begin() + window_ticks / 2;
  std::nth_element(window_lags.begin(), mid, window_lags.begin() + window_ticks);
  const int64_t median = *mid;
  const int64_t requests = window_requests.exchange(0, std::memory_order_relaxed);
  window_ticks = 0;
  metrics.median_lag_us().store(median, std::memory_order_relaxed);
  const auto limit_us = static_cast<int64_t>(opt.max_loop_lag_ms * 1000);
  auto& level = metrics.shed_per_64();
  const int64_t shed = level.load(std::memory_order_relaxed);
  if (median > limit_us && requests >= kLagWindowMinRequests) {
    // Gently (additive increase, multiplicative decrease): one more request
    // in 64 each window while the lag lasts, up to 8 in 64; half as many
    // each window below half the limit. Each client that honours Retry-After
    // stays away a second, so 1-2 in 64 is typically enough, and shedding
    // faster overshoots (they all leave, then all come back); against
    // clients that ignore it shedding more would not help (a 503 costs the
    // loop about as much as a status query) and would only answer fewer.
    metrics.lagging_windows().fetch_add(1, std::memory_order_relaxed);
    level.store(std::min<int64_t>(kMaxShedPer64, shed + 1), std::memory_order_relaxed);
  } else if (median < limit_us / 2 || requests < kLagWindowMinRequests) {
    level.store(shed / 2, std::memory_order_relaxed);
  }  // else hold (hysteresis between limit / 2 and limit)
}

void HttpServer::Impl::RunLoop() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "onecode serve: network loop: %s\n", e.what());
    }
  }
}

HttpServer::HttpServer(const Router& router, ServerMetrics& metrics, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(router, metrics, std::move(options))) {}

HttpServer::~HttpServer() { Stop(0.5); }

Status HttpServer::Start() {
  Impl& s = *impl_;
  std::lock_guard lock(s.control_mu);
  if (s.started) return Status::FailedPrecondition("server already started");
  beast::error_code ec;
  const auto address = net::ip::make_address(s.opt.bind, ec);
  if (ec) return Status::InvalidArgument("bad bind address '" + s.opt.bind + "': " + ec.message());
  const tcp::endpoint endpoint(address, s.opt.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) s.acceptor.non_blocking(true, ec);
  if (ec) {
    return Status::IoError("cannot listen on " + s.opt.bind + ":" + std::to_string(s.opt.port) + ": " + ec.message());
  }
  s.port = s.acceptor.local_endpoint().port();
  s.workers = std::make_unique<net::thread_pool>(static_cast<size_t>(std::max(1, s.opt.worker_threads)));
  s.Accept();
  if (s.opt.max_loop_lag_ms > 0) s.ArmLagTimer();
  for (int i = 0; i < std::max(1, s.opt.io_threads); ++i) s.threads.emplace_back([&s] { s.RunLoop(); });
  s.started = true;
  return Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Stop(double drain_seconds) {
  Impl& s = *impl_;
  std::lock_guard lock(s.control_mu);
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.stopping.store(true);
  net::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
  });
  const auto deadline = Clock::now() + std::chrono::duration<double>(drain_seconds);
  while (Clock::now() < deadline && (s.metrics.in_flight().load() > 0 || s.metrics.blocking_queued().load() > 0)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the last replies go out
  net::post(s.ioc, [&s] { s.lag_timer.cancel(); });
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.workers->stop();
  s.workers->join();
}

}  // namespace onecode::server
