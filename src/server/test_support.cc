#include "server/test_support.h"

#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/api_context.h"
#include "api/users.h"
#include "codes/key_store.h"
#include "ingest/ingest.h"

namespace onecode::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct TestClient::Impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  uint16_t port = 0;
  bool connected = false;

  void Connect() {
    beast::error_code ec;
    socket = tcp::socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    connected = !ec;
    buffer.clear();
  }

  ClientResponse Read() {
    ClientResponse out;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    beast::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) {
      connected = false;
      return out;
    }
    const auto& res = parser.get();
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
    if (!res.keep_alive()) connected = false;
    return out;
  }
};

TestClient::TestClient(uint16_t port, Shed shed) : impl_(std::make_unique<Impl>()), shed_(shed) {
  impl_->port = port;
}
TestClient::~TestClient() = default;

ClientResponse TestClient::Send(const std::string& method, const std::string& target, const std::string& body,
                                const std::string& token) {
  for (int attempt = 0;; ++attempt) {
    ClientResponse r = SendOnce(method, target, body, token);
    if (shed_ == Shed::kReturn || attempt == 3 || r.status != 503 ||
        r.body.find("\"error\":\"overloaded\"") == std::string::npos) {
      return r;
    }
    const int after = std::clamp(std::atoi(r.Header("retry-after").c_str()), 0, 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(after * 1000 + 50));
  }
}

ClientResponse TestClient::SendOnce(const std::string& method, const std::string& target, const std::string& body,
                                    const std::string& token) {
  if (!impl_->connected) impl_->Connect();
  if (!impl_->connected) return {};
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.keep_alive(true);
  req.prepare_payload();
  beast::error_code ec;
  http::write(impl_->socket, req, ec);
  if (ec) {
    impl_->connected = false;
    return {};
  }
  return impl_->Read();
}

ClientResponse TestClient::SendRaw(const std::string& bytes) {
  if (!impl_->connected) impl_->Connect();
  if (!impl_->connected) return {};
  beast::error_code ec;
  net::write(impl_->socket, net::buffer(bytes), ec);
  if (ec) return {};
  return impl_->Read();
}

std::string TempDir(const std::string& tag) {
  std::string templ = (std::filesystem::temp_directory_path() / ("onecode-server-" + tag + "-XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr) std::abort();
  return templ;
}

namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

std::unique_ptr<store::Store> MakeFixtureStore(const std::string& dir) {
  const std::string feeds = dir + "/feeds";
  std::filesystem::create_directories(feeds);
  WriteFile(feeds + "/persons.csv", std::string("person,name,home_region,phone_tail\n") + kPersonRed +
                                        ",张三丰,510104,1234\n" + kPersonGreen + ",李四,510104,5678\n" + kPersonNone +
                                        ",王五,510104,0007\n");
  WriteFile(feeds + "/cells.csv", "cell,lon,lat,radius_m,region\nc1,104.06,30.67,300,510104\nc2,104.07,30.68,400,510104\n");
  // Whole local days 2026-11-01 .. 11-03 at c1 (records split at local midnight).
  std::string cdr = "person,cell,start,end\n";
  cdr += std::string(kPersonRed) + ",c1,2026-10-31T16:00:00Z,2026-11-01T16:00:00Z\n";
  cdr += std::string(kPersonRed) + ",c1,2026-11-01T16:00:00Z,2026-11-02T16:00:00Z\n";
  cdr += std::string(kPersonRed) + ",c1,2026-11-02T16:00:00Z,2026-11-03T16:00:00Z\n";
  WriteFile(feeds + "/cdr.csv", cdr);
  WriteFile(feeds + "/cases.csv", std::string("case,person,status,onset,reported,region\n") + "case1," + kPersonGreen +
                                      ",confirmed,2026-11-02T00:00:00Z,2026-11-03T00:00:00Z,510104\n");
  {
    auto st = store::Store::Open(dir + "/store", /*create=*/true);
    if (!st.ok()) std::abort();
    ingest::IngestReport report;
    if (!ingest::IngestDirectory(**st, feeds, {}, [](const std::string&) {}, &report).ok()) std::abort();
  }
  auto st = store::Store::Open(dir + "/store", /*create=*/false);  // dictionaries rebuilt at open
  if (!st.ok()) std::abort();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(api::kColourPrefix) + kPersonRed,
            "red\t7\t1795000000\t[\"与确诊病例同一网格停留14分钟\",\"近14天到过高风险地区\"]");
  batch.Put(std::string(api::kColourPrefix) + kPersonGreen, "green\t7\t1795000000\t[]");
  auto hash = api::HashPassword(kFixturePassword);
  if (!hash.ok()) std::abort();
  for (const auto& [name, role] : {std::pair{"gate1", api::Role::kGate}, std::pair{"official1", api::Role::kOfficial},
                                   std::pair{"auditor1", api::Role::kAuditor}, std::pair{"admin1", api::Role::kAdmin}}) {
    api::PutUser(api::UserRecord{name, role, *hash, 1795000000}, &batch);
  }
  if (!(*st)->Commit(&batch, true).ok()) std::abort();
  // Node keys for region 510104, valid 2026-09-21 .. 2029-09-20 (code routes).
  if (!codes::KeyStore(dir + "/store").Init(RegionCode::FromParts(51, 1, 4), Timestamp{1790000000}, 3 * 365 * 86400).ok()) {
    std::abort();
  }
  return std::move(*st);
}

}  // namespace onecode::server::testing
