#include "server/app.h"

#include "server/app_routes.h"

namespace onecode::server {

App::App(store::Store& store, const Clock& clock, HttpServerOptions http, api::ApiOptions api)
    : context_(store, clock, api),
      router_([this](std::string_view token) { return context_.sessions().Find(token); }) {
  AddPageRoutes(router_, [this] { return metrics_->Render(); });
  AddApiRoutes(router_, context_);
  codes_ = std::make_unique<CodeService>(context_, store.dir());
  AddCodeRoutes(router_, *codes_);
  std::vector<std::string> labels;
  for (const Route& r : router_.routes()) labels.push_back(std::string(MethodName(r.method)) + " " + r.pattern);
  metrics_ = std::make_unique<ServerMetrics>(std::move(labels));
  http_ = std::make_unique<HttpServer>(router_, *metrics_, std::move(http));
}

App::~App() { http_->Stop(0.5); }

}  // namespace onecode::server
