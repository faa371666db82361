// Router: matching, roles, slots, the catch-all, and the Status → HTTP map.
#include "server/routes.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "api/api_context.h"

namespace onecode::server {
namespace {

using api::Caller;
using api::Role;

HttpRequest Req(HttpMethod m, std::string path, std::string token = "") {
  HttpRequest r;
  r.method = m;
  const size_t q = path.find('?');
  r.path = path.substr(0, q);
  if (q != std::string::npos) r.query = path.substr(q + 1);
  if (!token.empty()) r.authorization = "Bearer " + token;
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_([](std::string_view token) -> std::shared_ptr<const Caller> {
          if (token == std::string(64, 'c')) return std::make_shared<Caller>(Caller{Role::kCitizen, "p1", "p1"});
          if (token == std::string(64, 'o')) return std::make_shared<Caller>(Caller{Role::kOfficial, "o1", ""});
          return nullptr;
        }) {
    Route echo;
    echo.pattern = "/things/{id}/parts/{part}";
    echo.roles = api::Roles(Role::kOfficial);
    echo.handler = [](const HttpRequest& q, const PathParams& p, const Caller* who) {
      HttpResponse r;
      r.body = std::string(p.Get("id")) + "|" + std::string(p.Get("part")) + "|" + who->user + "|" + q.QueryParam("x");
      return r;
    };
    router_.Add(echo);
    Route post = echo;
    post.method = HttpMethod::kPost;
    router_.Add(post);
    Route thrower;
    thrower.pattern = "/boom";
    thrower.handler = [](const HttpRequest&, const PathParams&, const Caller*) -> HttpResponse {
      throw std::runtime_error("kaput");
    };
    router_.Add(thrower);
    Route slot;
    slot.pattern = "/later";
    slot.roles = api::kAnyRole;
    slot.slot = true;
    slot.summary = "later";
    router_.Add(slot);
  }
  HttpResponse Call(const HttpRequest& r) { return router_.Run(router_.Resolve(r), r); }
  Router router_;
};

TEST_F(RouterTest, MatchesPatternsAndDecodesParameters) {
  const auto r = Call(Req(HttpMethod::kGet, "/things/a%20b/parts/7?x=1%2B1", std::string(64, 'o')));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a b|7|o1|1+1");
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/nothing")).status, 404);
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/things/1/parts")).status, 404);
  const auto r = Call(Req(HttpMethod::kDelete, "/things/1/parts/2"));
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, POST");
}

TEST_F(RouterTest, AuthenticatesThenChecksTheRole) {
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/things/1/parts/2")).status, 401);
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/things/1/parts/2", "nonsense")).status, 401);
  const auto r = Call(Req(HttpMethod::kGet, "/things/1/parts/2", std::string(64, 'c')));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("\"error\":\"forbidden\""), std::string::npos);
}

TEST_F(RouterTest, SlotsAnswer501AfterTheRoleCheck) {
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/later")).status, 401);
  EXPECT_EQ(Call(Req(HttpMethod::kGet, "/later", std::string(64, 'c'))).status, 501);
}

TEST_F(RouterTest, AnExceptionBecomesA500JsonReply) {
  const auto r = Call(Req(HttpMethod::kGet, "/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":"internal","message":"internal error; the request was not completed"})");
}

TEST(RoutesTest, StatusCodesMapToHttpInOnePlace) {
  EXPECT_EQ(FromStatus(Status::InvalidArgument("x")).status, 400);
  EXPECT_EQ(FromStatus(Status::NotFound("x")).status, 404);
  EXPECT_EQ(FromStatus(Status{StatusCode::kPermissionDenied, "x"}).status, 403);
  EXPECT_EQ(FromStatus(Status{StatusCode::kAlreadyExists, "x"}).status, 409);
  EXPECT_EQ(FromStatus(Status::FailedPrecondition("x")).status, 409);
  EXPECT_EQ(FromStatus(Status::IoError("x")).status, 503);
  EXPECT_EQ(FromStatus(Status::Internal("x")).status, 500);
  EXPECT_EQ(FromStatus(Status::NotFound("no person p")).body, R"({"error":"not_found","message":"no person p"})");
}

TEST(HttpTypesTest, BearerTokenAndQueryAndDecoding) {
  HttpRequest r;
  r.authorization = "bearer   abc ";
  EXPECT_EQ(r.BearerToken(), "abc");
  r.authorization = "Basic abc";
  EXPECT_EQ(r.BearerToken(), "");
  r.query = "a=1&status=open&b";
  EXPECT_EQ(r.QueryParam("status"), "open");
  EXPECT_EQ(r.QueryParam("b"), "");
  EXPECT_EQ(r.QueryParam("zzz"), "");
  std::string out;
  EXPECT_TRUE(PercentDecode("%E5%BC%A0", &out));
  EXPECT_EQ(out, "张");
  EXPECT_FALSE(PercentDecode("%E", &out));
  EXPECT_FALSE(PercentDecode("%zz", &out));
}

TEST(MaskNameTest, KeepsFirstAndLastCharacters) {
  EXPECT_EQ(api::MaskName("张三丰"), "张*丰");
  EXPECT_EQ(api::MaskName("李四"), "李*");
  EXPECT_EQ(api::MaskName("欧阳小明明"), "欧***明");
  EXPECT_EQ(api::MaskName("王"), "*");
  EXPECT_EQ(api::MaskName(""), "");
}

}  // namespace
}  // namespace onecode::server
