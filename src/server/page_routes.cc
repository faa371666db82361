// Pages, static files, /healthz and /metrics: all public.
#include "server/app_routes.h"
#include "server/web_assets.h"

namespace onecode::server {

namespace {

// Content-Security-Policy of the pages: everything from this server, no
// inline script; camera frames and QR images as blob:/data: URLs.
constexpr char kPageCsp[] =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'";

HttpResponse ServeAsset(std::string_view name) {
  const WebAsset* asset = FindWebAsset(name);
  if (asset == nullptr) return JsonError(404, "not_found", "no such file: " + std::string(name));
  HttpResponse r;
  r.content_type = std::string(asset->content_type);
  r.body = std::string(asset->data);
  r.headers.emplace_back("ETag", std::string(asset->etag));
  // Pages change with the binary; revalidate each time (cheap, ETag).
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Content-Security-Policy", kPageCsp);
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

Route Page(std::string pattern, std::string file, std::string summary) {
  Route r;
  r.method = HttpMethod::kGet;
  r.pattern = std::move(pattern);
  r.summary = std::move(summary);
  r.handler = [file = std::move(file)](const HttpRequest&, const PathParams&, const api::Caller*) {
    return ServeAsset(file);
  };
  return r;
}

}  // namespace

void AddPageRoutes(Router& router, std::function<std::string()> metrics_text) {
  router.Add(Page("/", "index.html", "start page with links to the three pages"));
  router.Add(Page("/me", "me.html", "citizen page: colour card, reasons, itinerary, declaration, appeal"));
  router.Add(Page("/gate", "gate.html", "gate page: scan or paste a code"));
  router.Add(Page("/admin", "admin.html", "officials' page: counts, cases, risk areas, rules"));
  {
    Route r;
    r.pattern = "/static/{file}";
    r.summary = "page scripts and styles";
    r.handler = [](const HttpRequest&, const PathParams& p, const api::Caller*) {
      return ServeAsset("static/" + std::string(p.Get("file")));
    };
    router.Add(std::move(r));
  }
  {
    Route r;
    r.pattern = "/healthz";
    r.summary = "liveness: 200 {\"status\":\"ok\"}";
    r.handler = [](const HttpRequest&, const PathParams&, const api::Caller*) {
      HttpResponse out;
      out.body = "{\"status\":\"ok\"}";
      return out;
    };
    router.Add(std::move(r));
  }
  {
    Route r;
    r.pattern = "/metrics";
    r.summary = "Prometheus text: requests by route and status, latency, in flight, shed";
    r.handler = [metrics_text = std::move(metrics_text)](const HttpRequest&, const PathParams&, const api::Caller*) {
      HttpResponse out;
      out.content_type = "text/plain; version=0.0.4; charset=utf-8";
      out.body = metrics_text();
      return out;
    };
    router.Add(std::move(r));
  }
}

}  // namespace onecode::server
