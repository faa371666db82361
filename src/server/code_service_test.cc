// The code routes over a real loopback server: a citizen's code is issued
// for their colour and verifies at the gate endpoint; tampered and expired
// codes stop with their reasons; the trust list is the node's, signed by its
// root; without keys every code route answers 503 with the documented error.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>

#include <boost/json.hpp>

#include "codes/key_store.h"
#include "codes/token.h"
#include "codes/trust_list.h"
#include "server/app.h"
#include "server/test_support.h"

namespace onecode::server {
namespace {

namespace json = boost::json;
using api::Role;
using testing::kPersonGreen;
using testing::kPersonRed;

constexpr int64_t kNow = 1795651200;  // 2026-11-26T00:00:00Z

json::object Parse(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  EXPECT_FALSE(ec) << body;
  return v.is_object() ? v.as_object() : json::object{};
}

class CodeRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir("codes");
    store_ = testing::MakeFixtureStore(dir_);
  }
  void TearDown() override {
    if (app_) app_->Stop();
    app_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Start() {
    HttpServerOptions http;
    http.port = 0;
    app_ = std::make_unique<App>(*store_, clock_, http);
    ASSERT_TRUE(app_->Start().ok());
    client_ = std::make_unique<testing::TestClient>(app_->port());
    gate_ = app_->context().sessions().Create({Role::kGate, "gate1", ""}).token;
  }
  std::string Citizen(const char* person) {
    return app_->context().sessions().Create({Role::kCitizen, person, person}).token;
  }
  json::object Issue(const char* person) {
    auto r = client_->Send("GET", "/api/v1/me/code", "", Citizen(person));
    EXPECT_EQ(r.status, 200) << r.body;
    return Parse(r.body);
  }
  json::object VerifyAtGate(const std::string& token) {
    auto r = client_->Send("POST", "/api/v1/verify", json::serialize(json::object{{"token", token}}), gate_);
    EXPECT_EQ(r.status, 200) << r.body;
    return Parse(r.body);
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_{Timestamp{kNow}};
  std::unique_ptr<App> app_;
  std::unique_ptr<testing::TestClient> client_;
  std::string gate_;
};

TEST_F(CodeRoutesTest, IssuedCodeCarriesTheColourAndAQr) {
  Start();
  json::object code = Issue(kPersonRed);
  const std::string token(code.at("token").as_string());
  ASSERT_EQ(token.rfind("OC1:", 0), 0u) << token;
  auto parsed = codes::ParseTokenText(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->fields.colour, Colour::kRed);
  EXPECT_EQ(parsed->fields.masked_name, "张*丰");
  EXPECT_EQ(parsed->fields.region, 510104u);
  EXPECT_EQ(parsed->fields.ruleset_version, 7u);
  EXPECT_EQ(parsed->fields.issued, kNow);
  EXPECT_EQ(code.at("colour"), "red");
  EXPECT_EQ(code.at("masked_name"), "张*丰");
  EXPECT_EQ(code.at("expires_unix").to_number<int64_t>() - code.at("issued_unix").to_number<int64_t>(), 300);
  EXPECT_EQ(code.at("expires"), "2026-11-26T00:05:00Z");
  EXPECT_EQ(code.at("refresh_after").to_number<int64_t>(), 200);
  const std::string svg(code.at("qr_svg").as_string());
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_EQ(code.at("qr_version").to_number<int>(), 7);  // 165 characters, level M
}

TEST_F(CodeRoutesTest, GateVerifiesGreenAsPassAndRedAsStop) {
  Start();
  json::object green = VerifyAtGate(std::string(Issue(kPersonGreen).at("token").as_string()));
  EXPECT_EQ(green.at("result"), "pass");
  EXPECT_EQ(green.at("reason_code"), "pass");
  EXPECT_EQ(green.at("colour"), "green");
  EXPECT_EQ(green.at("masked_name"), "李*");
  EXPECT_EQ(green.at("issuer"), "510104");
  EXPECT_EQ(green.at("pinned"), true);
  json::object red = VerifyAtGate(std::string(Issue(kPersonRed).at("token").as_string()));
  EXPECT_EQ(red.at("result"), "stop");
  EXPECT_EQ(red.at("reason_code"), "red");
  EXPECT_EQ(red.at("colour"), "red");
  // Nothing that identifies the person reaches a gate.
  for (const json::object* o : {&green, &red}) {
    EXPECT_FALSE(o->contains("person"));
    EXPECT_FALSE(o->contains("code_id"));
    EXPECT_FALSE(o->contains("ruleset_version"));
    EXPECT_EQ(json::serialize(*o).find(kPersonRed), std::string::npos);
    EXPECT_EQ(json::serialize(*o).find(kPersonGreen), std::string::npos);
  }
}

TEST_F(CodeRoutesTest, TamperedExpiredAndMalformedCodesStop) {
  Start();
  const std::string token(Issue(kPersonGreen).at("token").as_string());
  auto bytes = codes::DecodeTokenText(token);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[25] ^= 0x01;  // one bit of the issue time
  json::object tampered = VerifyAtGate(codes::TokenText(*bytes));
  EXPECT_EQ(tampered.at("result"), "stop");
  EXPECT_EQ(tampered.at("reason_code"), "bad_signature");
  EXPECT_TRUE(tampered.at("colour").is_null());       // not trusted, not shown
  EXPECT_TRUE(tampered.at("masked_name").is_null());

  EXPECT_EQ(VerifyAtGate("OC1:ABC").at("reason_code"), "malformed");
  EXPECT_EQ(VerifyAtGate("hello").at("reason_code"), "malformed");

  clock_.Advance(300 + 30);  // the last second with the skew
  EXPECT_EQ(VerifyAtGate(token).at("result"), "pass");
  clock_.Advance(1);
  json::object expired = VerifyAtGate(token);
  EXPECT_EQ(expired.at("result"), "stop");
  EXPECT_EQ(expired.at("reason_code"), "expired");
  EXPECT_EQ(expired.at("colour"), "green");  // signature verified: shown, but stop

  EXPECT_EQ(client_->Send("POST", "/api/v1/verify", "{}", gate_).status, 400);
  EXPECT_EQ(client_->Send("POST", "/api/v1/verify", "not json", gate_).status, 400);
  EXPECT_EQ(client_->Send("POST", "/api/v1/verify", R"({"token": 5})", gate_).status, 400);
}

TEST_F(CodeRoutesTest, TrustListIsTheNodesSignedList) {
  Start();
  auto r = client_->Send("GET", "/api/v1/trust-list");  // public: no log-in
  ASSERT_EQ(r.status, 200) << r.body;
  json::object body = Parse(r.body);
  const codes::KeyStore keys(dir_ + "/store");
  auto root = keys.RootPublicKey();
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(std::string(body.at("root").as_string()), codes::ToHex(*root));
  auto list = codes::TrustList::Parse(std::string(body.at("trust_list").as_string()), *root, Timestamp{kNow});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->entries().size(), 1u);
  EXPECT_EQ(list->entries()[0].region, 510104u);
  EXPECT_EQ(body.at("issuers").as_array().size(), 1u);
}

TEST_F(CodeRoutesTest, RotatedKeyVerifiesAtOnce) {
  Start();
  const std::string before(Issue(kPersonGreen).at("token").as_string());
  EXPECT_EQ(VerifyAtGate(before).at("result"), "pass");  // snapshot with key 1 made
  clock_.Advance(5);
  ASSERT_TRUE(codes::KeyStore(dir_ + "/store").Rotate(clock_.Now(), 365 * 86400).ok());
  const std::string after(Issue(kPersonGreen).at("token").as_string());
  ASSERT_EQ(codes::ParseTokenText(after)->fields.key_id, 2);
  EXPECT_EQ(VerifyAtGate(after).at("result"), "pass");
  EXPECT_EQ(VerifyAtGate(before).at("result"), "pass");
}

TEST_F(CodeRoutesTest, WithoutKeysEveryCodeRouteSays503) {
  std::filesystem::remove_all(dir_ + "/store/keys");
  Start();
  const std::string citizen = Citizen(kPersonGreen);
  for (auto [method, target, body, token] :
       {std::tuple{"GET", "/api/v1/me/code", "", citizen}, std::tuple{"POST", "/api/v1/verify", R"({"token":"x"})", gate_},
        std::tuple{"GET", "/api/v1/trust-list", "", std::string()}}) {
    auto r = client_->Send(method, target, body, token);
    EXPECT_EQ(r.status, 503) << target << " " << r.body;
    json::object o = Parse(r.body);
    EXPECT_EQ(o["error"], "keys_not_initialised") << target;
    EXPECT_EQ(o["message"], "node keys not initialised; run onecode keys init") << target;
  }
  // Keys made while the server runs are picked up without a restart.
  ASSERT_TRUE(codes::KeyStore(dir_ + "/store").Init(RegionCode::FromParts(51, 1, 4), clock_.Now(), 86400).ok());
  EXPECT_EQ(client_->Send("GET", "/api/v1/trust-list").status, 200);
  EXPECT_EQ(VerifyAtGate(std::string(Issue(kPersonGreen).at("token").as_string())).at("result"), "pass");
}

TEST_F(CodeRoutesTest, APersonWithoutAColourGets404) {
  Start();
  auto r = client_->Send("GET", "/api/v1/me/code", "", Citizen(testing::kPersonNone));
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(Parse(r.body)["error"], "no_colour");
}

}  // namespace
}  // namespace onecode::server
