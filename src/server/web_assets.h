// The web pages (web/ in the source tree), embedded into the binary at build
// time by cmake/embed_web.cmake, so `onecode serve` needs no files beside it
// and no CDN. Immutable data, thread-safe.
#ifndef ONECODE_SERVER_WEB_ASSETS_H_
#define ONECODE_SERVER_WEB_ASSETS_H_

#include <span>
#include <string_view>

namespace onecode::server {

struct WebAsset {
  std::string_view name;          // path relative to web/ ("me.html", "js/common.js")
  std::string_view content_type;
  std::string_view data;
  std::string_view etag;          // quoted, e.g. "\"3f2a…\""
};

std::span<const WebAsset> WebAssets();

// The asset named `name`, or nullptr.
inline const WebAsset* FindWebAsset(std::string_view name) {
  for (const WebAsset& a : WebAssets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace onecode::server

#endif  // ONECODE_SERVER_WEB_ASSETS_H_
