#include "api/official_api.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "api/json_fields.h"
#include "api/users.h"
#include "core/region.h"
#include "ingest/ingest.h"
#include "pipeline/assess.h"

namespace onecode::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kCaseStatuses[] = {"confirmed", "suspected", "asymptomatic", "cleared"};

Status ValidateCaseId(std::string_view id) {
  if (id.empty() || id.size() > 64) return Status::InvalidArgument("case id must be 1-64 characters");
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return Status::InvalidArgument("case id may hold only letters, digits, '.', '_' and '-'");
  }
  return Status::Ok();
}

json::object CaseJson(std::string_view id, const std::vector<std::string_view>& f) {
  json::object out{{"case", id}, {"person", f[0]}, {"status", f[1]}};
  out["onset"] = f[2].empty() ? json::value(nullptr) : json::value(IsoTime(ParseSeconds(f[2])));
  out["reported"] = IsoTime(ParseSeconds(f[3]));
  out["region"] = f[4];
  return out;
}

}  // namespace

StatusOr<json::object> RegisterCase(ApiContext& ctx, const json::object& body) {
  std::string id, person, status, region_text;
  ONECODE_RETURN_IF_ERROR(GetString(body, "case", true, 64, &id));
  ONECODE_RETURN_IF_ERROR(ValidateCaseId(id));
  ONECODE_RETURN_IF_ERROR(GetString(body, "person", true, 64, &person));
  ONECODE_RETURN_IF_ERROR(GetString(body, "status", true, 16, &status));
  if (std::find(std::begin(kCaseStatuses), std::end(kCaseStatuses), status) == std::end(kCaseStatuses)) {
    return Status::InvalidArgument("status must be confirmed, suspected, asymptomatic or cleared");
  }
  ONECODE_RETURN_IF_ERROR(GetString(body, "region", true, 6, &region_text));
  auto region = RegionCode::Parse(region_text);
  if (!region.ok()) return Status::InvalidArgument("bad region: " + region.status().message());
  std::optional<int64_t> onset, reported;
  ONECODE_RETURN_IF_ERROR(GetTime(body, "onset", false, &onset));
  ONECODE_RETURN_IF_ERROR(GetTime(body, "reported", false, &reported));
  const int64_t now = ctx.clock().Now().seconds;
  if (!reported) reported = now;
  auto lock = ctx.ReadLock();
  auto rec = LoadPerson(ctx.store(), person);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) return Status::NotFound("unknown person " + person);
  // The ingest format: person TAB status TAB onset(10 digits or empty) TAB reported TAB region.
  const std::vector<std::string> f = {person, status, onset ? Pad10(*onset) : "", Pad10(*reported),
                                      region->ToString()};
  auto writer = ctx.WriterLock();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(store::kCasePrefix) + id, f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3] + "\t" + f[4]);
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  return CaseJson(id, std::vector<std::string_view>(f.begin(), f.end()));
}

StatusOr<json::object> ClearCase(ApiContext& ctx, std::string_view case_id) {
  ONECODE_RETURN_IF_ERROR(ValidateCaseId(case_id));
  auto lock = ctx.ReadLock();
  auto writer = ctx.WriterLock();  // the read below decides the write
  const std::string key = std::string(store::kCasePrefix) + std::string(case_id);
  auto row = ctx.store().Get(key);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("no case " + std::string(case_id));
  auto f = store::SplitTabs(**row);
  if (f.size() != 5) return Status::Internal("malformed case row " + std::string(case_id));
  f[1] = "cleared";
  rocksdb::WriteBatch batch;
  batch.Put(key, std::string(f[0]) + "\tcleared\t" + std::string(f[2]) + "\t" + std::string(f[3]) + "\t" +
                     std::string(f[4]));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  return CaseJson(case_id, f);
}

StatusOr<json::object> ListCases(ApiContext& ctx, std::string_view status) {
  if (!status.empty() &&
      std::find(std::begin(kCaseStatuses), std::end(kCaseStatuses), status) == std::end(kCaseStatuses)) {
    return Status::InvalidArgument("status must be confirmed, suspected, asymptomatic or cleared");
  }
  auto lock = ctx.ReadLock();
  json::array rows;
  uint64_t total = 0;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(store::kCasePrefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    if (f.size() != 5 || (!status.empty() && f[1] != status)) return true;
    if (++total <= 1000) rows.push_back(CaseJson(k.substr(store::kCasePrefix.size()), f));
    return true;
  }));
  return json::object{{"total", total}, {"cases", std::move(rows)}};
}

StatusOr<json::object> SetRiskArea(ApiContext& ctx, const json::object& body) {
  std::string region_text, level;
  ONECODE_RETURN_IF_ERROR(GetString(body, "region", true, 6, &region_text));
  auto region = RegionCode::Parse(region_text);
  if (!region.ok()) return Status::InvalidArgument("bad region: " + region.status().message());
  ONECODE_RETURN_IF_ERROR(GetString(body, "level", true, 8, &level));
  if (level != "low" && level != "medium" && level != "high") {
    return Status::InvalidArgument("level must be low, medium or high");
  }
  std::optional<int64_t> from, to;
  ONECODE_RETURN_IF_ERROR(GetTime(body, "from", false, &from));
  ONECODE_RETURN_IF_ERROR(GetTime(body, "to", true, &to));
  if (!from) from = ctx.clock().Now().seconds;
  if (*to <= *from) return Status::InvalidArgument("the risk period ends before it starts");
  {
    auto lock = ctx.ReadLock();
    auto writer = ctx.WriterLock();
    rocksdb::WriteBatch batch;
    batch.Put(std::string(store::kRiskPrefix) + region->ToString() + ":" + Pad10(*from), level + "\t" + Pad10(*to));
    ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  }
  ctx.InvalidateMobility();
  return json::object{{"region", region->ToString()}, {"level", level}, {"from", IsoTime(*from)}, {"to", IsoTime(*to)}};
}

StatusOr<json::object> ListRiskAreas(ApiContext& ctx) {
  auto lock = ctx.ReadLock();
  const int64_t now = ctx.clock().Now().seconds;
  json::array rows;
  uint64_t total = 0;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(store::kRiskPrefix, [&](std::string_view k, std::string_view v) {
    const std::string_view rest = k.substr(store::kRiskPrefix.size());
    const size_t colon = rest.find(':');
    const auto f = store::SplitTabs(v);
    if (colon == std::string_view::npos || f.size() != 2) return true;
    const int64_t from = ParseSeconds(rest.substr(colon + 1)), to = ParseSeconds(f[1]);
    if (++total <= 1000) {
      rows.push_back(json::object{{"region", rest.substr(0, colon)}, {"level", f[0]}, {"from", IsoTime(from)},
                                  {"to", IsoTime(to)}, {"active", from <= now && now < to}});
    }
    return true;
  }));
  return json::object{{"total", total}, {"risk_areas", std::move(rows)}};
}

StatusOr<json::object> LoadFeeds(ApiContext& ctx, const json::object& body) {
  std::string dir;
  ONECODE_RETURN_IF_ERROR(GetString(body, "dir", true, 4096, &dir));
  ingest::IngestReport report;
  const Status st = ctx.Exclusive([&](store::Store& store) {
    return ingest::IngestDirectory(store, dir, ingest::IngestOptions{}, [](const std::string&) {}, &report);
  });
  ctx.InvalidateMobility();
  ONECODE_RETURN_IF_ERROR(st);
  json::object loaded, quarantined;
  for (const auto& [feed, n] : report.loaded) loaded[feed] = n;
  for (const auto& [feed, n] : report.quarantined) quarantined[feed] = n;
  json::array files;
  for (const auto& f : report.files) {
    files.push_back(json::object{{"path", f.path}, {"feed", f.feed}, {"status", f.status}, {"rows", f.rows},
                                 {"loaded", f.loaded}, {"quarantined", f.quarantined}});
  }
  return json::object{{"dir", dir}, {"loaded", std::move(loaded)}, {"quarantined", std::move(quarantined)},
                      {"files", std::move(files)}, {"seconds", std::round(report.seconds * 100) / 100}};
}

StatusOr<json::object> Overview(ApiContext& ctx) {
  auto lock = ctx.ReadLock();
  const int64_t now = ctx.clock().Now().seconds;
  std::map<std::string, uint64_t> colours{{"green", 0}, {"yellow", 0}, {"red", 0}};
  uint64_t coloured = 0;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(kColourPrefix, [&](std::string_view, std::string_view v) {
    ++colours[std::string(v.substr(0, v.find('\t')))];
    ++coloured;
    return true;
  }));
  std::map<std::string, uint64_t> cases{{"confirmed", 0}, {"suspected", 0}, {"asymptomatic", 0}, {"cleared", 0}};
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(store::kCasePrefix, [&](std::string_view, std::string_view v) {
    const auto f = store::SplitTabs(v);
    if (f.size() == 5) ++cases[std::string(f[1])];
    return true;
  }));
  std::map<std::string, uint64_t> risk{{"low", 0}, {"medium", 0}, {"high", 0}};
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(store::kRiskPrefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    const size_t colon = k.rfind(':');
    if (f.size() == 2 && ParseSeconds(k.substr(colon + 1)) <= now && now < ParseSeconds(f[1])) {
      ++risk[std::string(f[0])];
    }
    return true;
  }));
  auto to_json = [](const std::map<std::string, uint64_t>& m) {
    json::object o;
    for (const auto& [k, n] : m) o[k] = n;
    return o;
  };
  const uint64_t persons = ctx.store().persons().size();
  return json::object{{"as_of", IsoTime(now)},
                      {"persons", persons},
                      {"colours", to_json(colours)},
                      {"without_colour", persons > coloured ? persons - coloured : 0},
                      {"cases", to_json(cases)},
                      {"active_risk_areas", to_json(risk)}};
}

StatusOr<json::object> ColoursHistory(ApiContext& ctx) {
  constexpr std::string_view kHistoryPrefix = "H:";  // pipeline/assess.cc writes them
  constexpr size_t kMaxDays = 366;
  auto lock = ctx.ReadLock();
  std::deque<json::object> days;
  Status bad = Status::Ok();
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(kHistoryPrefix, [&](std::string_view k, std::string_view v) {
    boost::system::error_code ec;
    json::value row = json::parse(v, ec);
    if (ec || !row.is_object()) {
      bad = Status::Internal("corrupt colour history row " + std::string(k));
      return false;
    }
    json::object day{{"date", k.substr(kHistoryPrefix.size())}};
    for (const char* field : {"green", "yellow", "red"}) {
      const json::value* n = row.as_object().if_contains(field);
      day[field] = n != nullptr && n->is_number() ? n->to_number<uint64_t>() : 0;
    }
    for (const char* field : {"ruleset", "computed_at"}) {
      const json::value* t = row.as_object().if_contains(field);
      day[field] = t != nullptr && t->is_string() ? json::value(t->as_string()) : json::value(nullptr);
    }
    days.push_back(std::move(day));
    if (days.size() > kMaxDays) days.pop_front();
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  json::array out;
  for (auto& d : days) out.push_back(std::move(d));
  return json::object{{"days", std::move(out)}};
}

StatusOr<json::object> ActiveRulesDocument(ApiContext& ctx) {
  std::string text;
  {
    auto lock = ctx.ReadLock();
    ONECODE_ASSIGN_OR_RETURN(auto published, ctx.store().Get("Q:rules"));  // pipeline::PublishRules
    if (published.has_value()) text = std::move(*published);
  }
  if (text.empty()) {
    std::ifstream in(pipeline::DefaultRulesPath());
    if (!in) return Status::Internal("cannot read the default rule set " + pipeline::DefaultRulesPath());
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return Status::Internal("the active rule set is not a JSON object");
  const json::value* version = doc.as_object().if_contains("version");
  return json::object{{"version", version != nullptr && version->is_string() ? *version : json::value(nullptr)},
                      {"document", std::move(doc)}};
}

}  // namespace onecode::api
