#include "api/appeal_api.h"

#include <rocksdb/write_batch.h>
#include <sodium.h>

#include <algorithm>

#include <boost/json/array.hpp>

#include "api/json_fields.h"
#include "api/users.h"

namespace onecode::api {

namespace json = boost::json;

namespace {

json::object AppealJson(std::string_view id, const std::vector<std::string_view>& f) {
  json::object out{{"id", id}, {"person", f[0]}, {"status", f[1]}, {"filed_at", IsoTime(ParseSeconds(f[2]))},
                   {"text", f[3]}};
  out["resolved_by"] = f[4].empty() ? json::value(nullptr) : json::value(f[4]);
  out["resolved_at"] = f[5].empty() ? json::value(nullptr) : json::value(IsoTime(ParseSeconds(f[5])));
  out["resolution"] = f[6].empty() ? json::value(nullptr) : json::value(f[6]);
  return out;
}

std::string Join(const std::vector<std::string>& f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (i > 0) out += '\t';
    out += f[i];
  }
  return out;
}

}  // namespace

StatusOr<json::object> FileAppeal(ApiContext& ctx, std::string_view person, const json::object& body) {
  std::string text;
  ONECODE_RETURN_IF_ERROR(GetString(body, "text", true, 2000, &text));
  auto lock = ctx.ReadLock();
  auto rec = LoadPerson(ctx.store(), person);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) return Status::NotFound("no person " + std::string(person));
  const int64_t now = ctx.clock().Now().seconds;
  unsigned char raw[4];
  randombytes_buf(raw, sizeof raw);
  char hex[9];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const std::string id = Pad10(now) + "-" + hex;
  const std::vector<std::string> fields = {std::string(person), "open", Pad10(now), text, "", "", ""};
  auto writer = ctx.WriterLock();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(kAppealPrefix) + id, Join(fields));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  std::vector<std::string_view> views(fields.begin(), fields.end());
  return AppealJson(id, views);
}

StatusOr<json::object> ListAppeals(ApiContext& ctx, std::string_view person, std::string_view status) {
  if (!status.empty() && status != "open" && status != "upheld" && status != "rejected") {
    return Status::InvalidArgument("status must be open, upheld or rejected");
  }
  auto lock = ctx.ReadLock();
  json::array rows;
  uint64_t total = 0;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(kAppealPrefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    if (f.size() != 7) return true;
    if (!person.empty() && f[0] != person) return true;
    if (!status.empty() && f[1] != status) return true;
    ++total;
    rows.push_back(AppealJson(k.substr(kAppealPrefix.size()), f));
    return true;
  }));
  std::reverse(rows.begin(), rows.end());
  if (rows.size() > 500) rows.resize(500);
  return json::object{{"total", total}, {"appeals", std::move(rows)}};
}

StatusOr<json::object> ResolveAppeal(ApiContext& ctx, std::string_view official, std::string_view id,
                                     const json::object& body) {
  std::string decision, resolution;
  ONECODE_RETURN_IF_ERROR(GetString(body, "decision", true, 16, &decision));
  if (decision != "upheld" && decision != "rejected") {
    return Status::InvalidArgument("decision must be 'upheld' or 'rejected'");
  }
  ONECODE_RETURN_IF_ERROR(GetString(body, "resolution", true, 2000, &resolution));
  auto lock = ctx.ReadLock();
  auto writer = ctx.WriterLock();  // the read below decides the write
  const std::string key = std::string(kAppealPrefix) + std::string(id);
  auto row = ctx.store().Get(key);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("no appeal " + std::string(id));
  const auto old = store::SplitTabs(**row);
  if (old.size() != 7) return Status::Internal("malformed appeal row " + std::string(id));
  if (old[1] != "open") return Status::FailedPrecondition("appeal " + std::string(id) + " is already " + std::string(old[1]));
  const int64_t now = ctx.clock().Now().seconds;
  const std::vector<std::string> fields = {std::string(old[0]), decision, std::string(old[2]), std::string(old[3]),
                                           std::string(official), Pad10(now), resolution};
  rocksdb::WriteBatch batch;
  batch.Put(key, Join(fields));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  std::vector<std::string_view> views(fields.begin(), fields.end());
  return AppealJson(id, views);
}

}  // namespace onecode::api
