// The transport over loopback: keep-alive, limits, malformed input, the
// catch-all, load shedding (503 + Retry-After) and metrics.
#include "server/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
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
  TestClient b(server->port());
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

TEST_F(HttpServerTest, ConnectionsOverTheLimitGet503AndAreClosed) {
  HttpServerOptions o;
  o.max_connections = 1;
  auto server = StartServer(o);
  TestClient first(server->port());
  EXPECT_EQ(first.Send("GET", "/ping").status, 200);
  TestClient second(server->port());
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
