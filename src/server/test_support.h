// Test support for the server tests (not part of the server): a blocking
// HTTP/1.1 client over loopback, and a small store with known persons,
// colours, users, a case, a consent and an appeal.
#ifndef ONECODE_SERVER_TEST_SUPPORT_H_
#define ONECODE_SERVER_TEST_SUPPORT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "store/store.h"

namespace onecode::server::testing {

struct ClientResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  // The header `name` (lower case), or "".
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A keep-alive HTTP/1.1 connection to 127.0.0.1:port (reconnects after the
// server closed it).
class TestClient {
 public:
  // What Send does with a 503 "overloaded" (a request the server shed
  // without running it): kRetry sends it again after its Retry-After, up to
  // 3 times, like a polite client (so a loaded test machine cannot fail a
  // test); kReturn returns it (for tests of shedding itself).
  enum class Shed { kRetry, kReturn };
  explicit TestClient(uint16_t port, Shed shed = Shed::kRetry);
  ~TestClient();
  // Sends one request and reads the reply; status 0 when the connection
  // failed or was closed.
  ClientResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                      const std::string& token = "");
  // Writes raw bytes and reads one reply.
  ClientResponse SendRaw(const std::string& bytes);

 private:
  ClientResponse SendOnce(const std::string& method, const std::string& target, const std::string& body,
                          const std::string& token);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  Shed shed_;
};

// Known data of the fixture store.
inline constexpr char kPersonRed[] = "510104-00000000000000a1";    // 张三丰, phone tail 1234, red
inline constexpr char kPersonGreen[] = "510104-00000000000000a2";  // 李四, phone tail 5678, green
inline constexpr char kPersonNone[] = "510104-00000000000000a3";   // 王五, no colour row
inline constexpr char kFixturePassword[] = "fixture-password-1";

// Writes feeds (3 persons, 2 cells, 3 days of location records in county
// 510104 for kPersonRed, 1 case) into `dir`/feeds, loads them into
// `dir`/store, adds L: rows for the red and green persons, users gate1,
// official1, auditor1, admin1 (password kFixturePassword), node keys for
// region 510104 (issuer key 1 valid 2026-09-21..2029-09-20), and returns the
// open store.
std::unique_ptr<store::Store> MakeFixtureStore(const std::string& dir);
// A fresh temporary directory.
std::string TempDir(const std::string& tag);

}  // namespace onecode::server::testing

#endif  // ONECODE_SERVER_TEST_SUPPORT_H_
