// App: the whole OneCode server over one open store — API context (sessions,
// locks), route table, metrics and HTTP transport — as `onecode serve` runs
// it and as tests start it on a loopback port. Thread-safe like HttpServer.
#ifndef ONECODE_SERVER_APP_H_
#define ONECODE_SERVER_APP_H_

#include <memory>

#include "api/api_context.h"
#include "core/clock.h"
#include "server/code_service.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "store/store.h"

namespace onecode::server {

class App {
 public:
  // `store` and `clock` must outlive the app.
  App(store::Store& store, const Clock& clock, HttpServerOptions http, api::ApiOptions api = {});
  ~App();

  Status Start() { return http_->Start(); }
  uint16_t port() const { return http_->port(); }
  void Stop(double drain_seconds = 3.0) { http_->Stop(drain_seconds); }

  api::ApiContext& context() { return context_; }
  const Router& router() const { return router_; }
  ServerMetrics& metrics() { return *metrics_; }

 private:
  api::ApiContext context_;
  Router router_;
  std::unique_ptr<CodeService> codes_;  // /api/v1/me/code, /verify, /trust-list
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace onecode::server

#endif  // ONECODE_SERVER_APP_H_
