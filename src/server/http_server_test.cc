// The transport over loopback: keep-alive, limits, malformed input, the
// catch-all, load shedding (503 + Retry-After) and metrics.
#include "server/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <vector>
#include <stdexcept>
#include <thread>

#include "server/test_support.h"

namespace onecode::server {
namespace {

using testing::TestClient;

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() : router_([](std::string_view) { return nullptr; }) {
    Route ping;
    ping.pattern = "/ping";
    ping.handler = [this](const HttpRequest&, const PathParams&, const api::Caller*) {
      HttpResponse r;
      r.body = "{\"pong\":" + std::to_string(++pings_) + "}";
      return r;
    };
    router_.Add(ping);
    Route echo;
    echo.method = HttpMethod::kPost;
    echo.pattern = "/echo";
    echo.handler = [](const HttpRequest& q, const PathParams&, const api::Caller*) {
      HttpResponse r;
      r.body = q.body;
      return r;
    };
    router_.Add(echo);
    Route slow;
    slow.pattern = "/slow";
    slow.execution = Execution::kBlocking;
    slow.handler = [this](const HttpRequest&, const PathParams&, const api::Caller*) {
      release_.wait();
      return HttpResponse{};
    };
    router_.Add(slow);
    // Inline handlers that hold the network loop: /work for 1 ms (a closed
    // loop of clients on it is an overload), /stall for `stall_ms_`.
    Route work;
    work.pattern = "/work";
    work.handler = [](const HttpRequest&, const PathParams&, const api::Caller*) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return HttpResponse{};
    };
    router_.Add(work);
    Route stall;
    stall.pattern = "/stall";
    stall.handler = [this](const HttpRequest&, const PathParams&, const api::Caller*) {
      std::this_thread::sleep_for(std::chrono::milliseconds(stall_ms_.load()));
      return HttpResponse{};
    };
    router_.Add(stall);
    Route health;
    health.pattern = "/healthz";
    health.handler = [](const HttpRequest&, const PathParams&, const api::Caller*) { return HttpResponse{}; };
    router_.Add(health);
    Route boom;
    boom.pattern = "/boom";
    boom.handler = [](const HttpRequest&, const PathParams&, const api::Caller*) -> HttpResponse {
      throw std::logic_error("bug");
    };
    router_.Add(boom);
    std::vector<std::string> labels;
    for (const Route& r : router_.routes()) labels.push_back(std::string(MethodName(r.method)) + " " + r.pattern);
    metrics_ = std::make_unique<ServerMetrics>(labels);
  }

  std::unique_ptr<HttpServer> StartServer(HttpServerOptions options) {
    options.port = 0;
    auto server = std::make_unique<HttpServer>(router_, *metrics_, options);
    EXPECT_TRUE(server->Start().ok());
    return server;
  }

  Router router_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::atomic<int> pings_{0};
  std::atomic<int> stall_ms_{30};
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
};

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto server = StartServer({});
  TestClient client(server->port());
  for (int i = 1; i <= 3; ++i) {
    const auto r = client.Send("GET", "/ping");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"pong\":" + std::to_string(i) + "}");
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
  }
  EXPECT_EQ(metrics_->connections().load(), 1);
  const std::string text = metrics_->Render();
  EXPECT_NE(text.find("onecode_http_requests_total{route=\"GET /ping\",status=\"200\"} 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("onecode_http_request_duration_seconds_count{route=\"GET /ping\"} 3\n"), std::string::npos);
  server->Stop();
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413) {
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  auto server = StartServer(o);
  TestClient client(server->port());
  EXPECT_EQ(client.Send("POST", "/echo", std::string(1000, 'a')).status, 200);
  const auto r = client.Send("POST", "/echo", std::string(2000, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("payload_too_large"), std::string::npos);
  server->Stop();
}

TEST_F(HttpServerTest, MalformedRequestIs400AndTheServerGoesOn) {
  auto server = StartServer({});
  {
    TestClient bad(server->port());
    const auto r = bad.SendRaw("GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("bad_request"), std::string::npos);
  }
  TestClient good(server->port());
  EXPECT_EQ(good.Send("GET", "/ping").status, 200);
  server->Stop();
}

TEST_F(HttpServerTest, AHandlerExceptionIsA500AndTheConnectionStaysUsable) {
  auto server = StartServer({});
  TestClient client(server->port());
  const auto r = client.Send("GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("\"error\":\"internal\""), std::string::npos);
  EXPECT_EQ(client.Send("GET", "/ping").status, 200);
  EXPECT_EQ(client.Send("GET", "/nope").status, 404);
  server->Stop();
}

TEST_F(HttpServerTest, ShedsWith503AndRetryAfterWhenRequestsInFlightAreAtTheLimit) {
  HttpServerOptions o;
  o.max_in_flight = 1;
  auto server = StartServer(o);
  std::thread slow([&] {
    TestClient a(server->port());
    EXPECT_EQ(a.Send("GET", "/slow").status, 200);
  });
  // Wait until the slow request is in flight (no timing assertion: we poll the gauge).
  while (metrics_->in_flight().load() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  TestClient b(server->port(), TestClient::Shed::kReturn);
  const auto r = b.Send("GET", "/ping");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Header("retry-after"), "1");
  EXPECT_NE(r.body.find("\"error\":\"overloaded\""), std::string::npos);
  EXPECT_EQ(pings_.load(), 0) << "a shed request must not run its handler";
  release_promise_.set_value();
  slow.join();
  EXPECT_EQ(b.Send("GET", "/ping").status, 200);
  EXPECT_EQ(metrics_->shed(), 1u);
  EXPECT_NE(metrics_->Render().find("onecode_http_shed_total 1\n"), std::string::npos);
  server->Stop();
}

// A closed loop of 32 clients on /work (1 ms of the only network thread
// each) keeps the loop's queue ~30 ms long: an overload. Waits (no timing
// assertion) until shedding engages, then collects what every client got.
struct OverloadOutcome {
  int ok = 0, shed = 0, other = 0, healthz_not_200 = 0;
  std::vector<std::string> bad_503s;  // 503s without Retry-After: 1 or without "overloaded"
};

OverloadOutcome Overload(uint16_t port, ServerMetrics& metrics, std::chrono::milliseconds after_first_shed) {
  OverloadOutcome out;
  std::mutex mu;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < 32; ++i) {
    clients.emplace_back([&] {
      TestClient c(port, TestClient::Shed::kReturn);
      while (!stop.load()) {
        const auto r = c.Send("GET", "/work");
        std::lock_guard lock(mu);
        if (r.status == 200) {
          ++out.ok;
        } else if (r.status == 503) {
          ++out.shed;
          if (r.Header("retry-after") != "1" || r.body.find("\"error\":\"overloaded\"") == std::string::npos) {
            out.bad_503s.push_back(r.Header("retry-after") + " " + r.body);
          }
        } else {
          ++out.other;
        }
      }
    });
  }
  clients.emplace_back([&] {  // /healthz is never shed
    TestClient c(port, TestClient::Shed::kReturn);
    while (!stop.load()) {
      const int status = c.Send("GET", "/healthz").status;
      std::lock_guard lock(mu);
      if (status != 200) ++out.healthz_not_200;
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (metrics.shed() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(after_first_shed);
  stop = true;
  for (auto& t : clients) t.join();
  return out;
}

TEST_F(HttpServerTest, ShedsWith503AndRetryAfterWhileTheLoopLagsUnderLoadThenRecovers) {
  HttpServerOptions o;
  o.io_threads = 1;
  EXPECT_EQ(o.max_loop_lag_ms, 5) << "shedding on loop lag is on by default";
  auto server = StartServer(o);
  const OverloadOutcome out = Overload(server->port(), *metrics_, std::chrono::milliseconds(500));
  EXPECT_GT(out.shed, 0) << "no 503 under overload";
  EXPECT_GT(out.ok, out.shed) << "shedding takes a share (at most 8 in 64), not everyone";
  EXPECT_EQ(out.other, 0);
  EXPECT_TRUE(out.bad_503s.empty()) << out.bad_503s.front();
  EXPECT_EQ(out.healthz_not_200, 0);
  EXPECT_GT(metrics_->lagging_windows().load(), 0);
  EXPECT_EQ(metrics_->shed(), static_cast<uint64_t>(out.shed));
  // Load over: the shedding level falls back to 0 within a few windows, and
  // then every request is answered.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (metrics_->shed_per_64().load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(metrics_->shed_per_64().load(), 0);
  TestClient client(server->port(), TestClient::Shed::kReturn);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(client.Send("GET", "/work").status, 200) << i;
  const std::string text = metrics_->Render();
  EXPECT_NE(text.find("onecode_http_loop_shed_per_64 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE onecode_http_loop_lag_window_median_seconds gauge\n"), std::string::npos);
  server->Stop();
}

TEST_F(HttpServerTest, WithTheLoopLagLimitOffTheSameOverloadIsNotShed) {
  HttpServerOptions o;
  o.io_threads = 1;
  o.max_loop_lag_ms = 0;
  auto server = StartServer(o);
  std::atomic<bool> stop{false};
  std::atomic<int> not_ok{0}, ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 32; ++i) {
    clients.emplace_back([&] {
      TestClient c(server->port(), TestClient::Shed::kReturn);
      while (!stop.load()) (c.Send("GET", "/work").status == 200 ? ok : not_ok)++;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(not_ok.load(), 0);
  EXPECT_EQ(metrics_->shed(), 0u);
  EXPECT_EQ(metrics_->lagging_windows().load(), 0);
  server->Stop();
}

// What made shedding unusable as a default before: a loop that runs late
// while few requests arrive (a busy test machine). Here the only network
// thread is held 30 ms at a time for a second — the loop lags all along —
// while a client asks every few milliseconds: nothing is shed.
TEST_F(HttpServerTest, ALaggingLoopWithFewRequestsIsNotShed) {
  HttpServerOptions o;
  o.io_threads = 1;
  auto server = StartServer(o);
  std::atomic<bool> stop{false};
  std::thread staller([&] {
    TestClient c(server->port(), TestClient::Shed::kReturn);
    while (!stop.load()) EXPECT_EQ(c.Send("GET", "/stall").status, 200);
  });
  TestClient probe(server->port(), TestClient::Shed::kReturn);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  int asked = 0;
  while (std::chrono::steady_clock::now() < end) {
    EXPECT_EQ(probe.Send("GET", "/ping").status, 200);
    ++asked;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  staller.join();
  EXPECT_GT(asked, 5);
  EXPECT_EQ(metrics_->shed(), 0u);
  EXPECT_EQ(metrics_->lagging_windows().load(), 0);
  EXPECT_NE(metrics_->Render().find("onecode_http_loop_lag_seconds "), std::string::npos);
  server->Stop();
}

// One long handler (300 ms), then a burst of requests (more than a window's
// minimum): the handler makes one tick 300 ms late, which a median ignores
// (a mean would be over the limit for a while). The limit is 25 ms here, not
// the default 5: the burst is enough requests to shed, and a CI machine busy
// with other tests can make a loop's median lag a few milliseconds (it did,
// once), never this much; 300 ms is far above either.
TEST_F(HttpServerTest, OneLongHandlerThenABurstIsNotShed) {
  HttpServerOptions o;
  o.io_threads = 1;
  o.max_loop_lag_ms = 25;
  auto server = StartServer(o);
  TestClient probe(server->port(), TestClient::Shed::kReturn);
  stall_ms_ = 300;
  EXPECT_EQ(probe.Send("GET", "/stall").status, 200);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(probe.Send("GET", "/ping").status, 200) << i;
  EXPECT_EQ(metrics_->shed(), 0u);
  EXPECT_EQ(metrics_->lagging_windows().load(), 0);
  server->Stop();
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503AndAreClosed) {
  HttpServerOptions o;
  o.max_connections = 1;
  auto server = StartServer(o);
  TestClient first(server->port());
  EXPECT_EQ(first.Send("GET", "/ping").status, 200);
  TestClient second(server->port(), TestClient::Shed::kReturn);
  const auto r = second.Send("GET", "/ping");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Header("retry-after"), "1");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_EQ(first.Send("GET", "/ping").status, 200);
  server->Stop();
}

TEST_F(HttpServerTest, StopEndsCleanlyAndRefusesNewConnections) {
  auto server = StartServer({});
  const uint16_t port = server->port();
  TestClient client(port);
  EXPECT_EQ(client.Send("GET", "/ping").status, 200);
  server->Stop();
  server->Stop();  // idempotent
  TestClient late(port);
  EXPECT_EQ(late.Send("GET", "/ping").status, 0);
}

}  // namespace
}  // namespace onecode::server
