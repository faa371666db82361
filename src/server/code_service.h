// CodeService: the server's side of the codes (issue 6) — code generation
// (GET /api/v1/me/code), code verification (POST /api/v1/verify) and the
// trust list gates cache (GET /api/v1/trust-list), over the node's keys in
// STORE/keys (codes::KeyStore). docs/api.md describes the replies.
//
// The signed trust list and its parsed form are kept in a snapshot made from
// the key files and remade every `trust_refresh_seconds` (and at once when a
// token names a key the snapshot lacks, e.g. after `onecode keys rotate`), so
// a verification costs one Ed25519 verify and no file access. Verification
// pins the node's own root key. Without keys (no `onecode keys init`, no
// `serve --init-keys`) every endpoint answers 503 "keys_not_initialised".
// Thread-safe.
#ifndef ONECODE_SERVER_CODE_SERVICE_H_
#define ONECODE_SERVER_CODE_SERVICE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "codes/key_store.h"
#include "codes/trust_list.h"
#include "server/http_types.h"
#include "server/routes.h"

namespace onecode::server {

struct CodeServiceOptions {
  uint32_t validity_seconds = 300;      // life of an issued code
  int64_t skew_seconds = 30;            // clock skew a verification tolerates
  int64_t trust_refresh_seconds = 60;   // how long a trust-list snapshot is reused
};

class CodeService {
 public:
  // The keys of the store in `store_dir`. `ctx` must outlive the service.
  CodeService(api::ApiContext& ctx, std::string store_dir, CodeServiceOptions options = {});

  // A signed token for `person`'s current colour, with its QR as SVG.
  HttpResponse IssueFor(std::string_view person);
  // Verifies {"token": "OC1:…"}: 200 with the verdict (pass or stop) whenever
  // a verification took place; 400 for a body without a token.
  HttpResponse Verify(const HttpRequest& request);
  // The signed trust list text and the root public key.
  HttpResponse TrustList();

 private:
  struct Snapshot {
    std::string text;  // the signed trust list
    codes::TrustList list;
    std::string root_hex;
    int64_t made_at = 0;
    std::string reply;  // the /api/v1/trust-list body
  };
  // The current snapshot, remade when older than the refresh interval or
  // `force`d; a 503 reply when the node has no usable keys.
  StatusOr<std::shared_ptr<const Snapshot>> Current(bool force);
  HttpResponse KeyError(const Status& status) const;

  api::ApiContext& ctx_;
  codes::KeyStore keys_;
  const CodeServiceOptions options_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // guarded by mu_
};

// Registers GET /api/v1/me/code (citizen), POST /api/v1/verify (gate,
// official, admin) and GET /api/v1/trust-list (public). `service` must
// outlive the router.
void AddCodeRoutes(Router& router, CodeService& service);

}  // namespace onecode::server

#endif  // ONECODE_SERVER_CODE_SERVICE_H_
